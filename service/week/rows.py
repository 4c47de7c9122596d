"""The planner's plain rows read from the database for one user and one week (a few indexed
queries; the rules stay in the pure ``planner``)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from service.extensions import db
from service.models import (
    Application,
    ApplicationStage,
    Company,
    Contact,
    PlaybookItem,
    Tier,
    UpskillItem,
    User,
)
from service.models.applications import CLOSED, MEETINGS
from service.week.planner import (
    PREP_LOOKAHEAD_DAYS,
    ContactRow,
    PlanInput,
    PlanItem,
    StageRow,
    TodoRow,
    UpskillRow,
    Week,
    plan_week,
    week_of,
)


def load_rows(user: User, week: Week) -> PlanInput:
    """What the planner needs for ``week``: nothing due after it is read."""
    until = week.sunday
    contacts = db.session.execute(
        sa.select(Contact, Tier.name, Tier.interval_days, Company.name)
        .join(Tier, Contact.tier_id == Tier.id)
        .outerjoin(Company, Contact.company_id == Company.id)
        .where(Contact.user_id == user.id, Contact.next_due_on <= until)
    )
    todos = db.session.execute(
        sa.select(PlaybookItem, Contact, Application, Company.name)
        .outerjoin(Contact, PlaybookItem.contact_id == Contact.id)
        .outerjoin(Application, PlaybookItem.application_id == Application.id)
        .outerjoin(Company, Application.company_id == Company.id)
        .where(
            PlaybookItem.user_id == user.id,
            PlaybookItem.done_at.is_(None),
            PlaybookItem.due_on <= until,
        )
    )
    upskill = db.session.scalars(
        sa.select(UpskillItem).where(
            UpskillItem.user_id == user.id,
            UpskillItem.done_at.is_(None),
            UpskillItem.target_on <= until,
        )
    )
    stages = db.session.execute(
        sa.select(ApplicationStage, Application.role, Company.name)
        .join(Application, ApplicationStage.application_id == Application.id)
        .join(Company, Application.company_id == Company.id)
        .where(
            ApplicationStage.user_id == user.id,
            ApplicationStage.kind.in_(MEETINGS),
            Application.stage.not_in(CLOSED),
            ApplicationStage.occurred_on >= week.reference,
            ApplicationStage.occurred_on <= until + timedelta(days=PREP_LOOKAHEAD_DAYS),
        )
    )
    return PlanInput(
        contacts=[
            ContactRow(c.id, c.name, c.next_due_on, tier, days, company)
            for c, tier, days, company in contacts
            if c.next_due_on is not None  # the query's condition, stated for the type checker
        ],
        todos=[
            TodoRow(
                t.id,
                t.kind.value,
                t.due_on,
                t.kind.label,
                t.contact_id,
                person.name if person else None,
                t.application_id,
                company,
            )
            for t, person, _application, company in todos
        ],
        upskill=[
            UpskillRow(u.id, u.title, u.kind.label.lower(), u.progress, u.target_on)
            for u in upskill
        ],
        stages=[
            StageRow(s.id, s.application_id, s.label, s.occurred_on, company, role)
            for s, role, company in stages
        ],
    )


def plan_for(
    user: User, now: datetime, week_label: str | None = None
) -> tuple[Week, list[PlanItem]]:
    """The user's plan for a week (this one on their own clock by default)."""
    week = week_of(now, user.timezone, week_label)
    return plan_week(load_rows(user, week), now, user.timezone, week.label)
