"""The planner's plain rows read from the database for one user and one week (four indexed
queries of plain columns; the rules stay in the pure ``planner``)."""

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
    PlaybookKind,
    StageKind,
    Tier,
    UpskillItem,
    UpskillKind,
    User,
)
from service.models.applications import CLOSED, MEETINGS, stage_label
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


def _name(first: str | None, last: str | None) -> str | None:
    return f"{first} {last or ''}".strip() if first is not None else None


def load_rows(user: User, week: Week) -> PlanInput:
    """What the planner needs for ``week``: nothing due after it is read."""
    until = week.sunday
    # plain column rows through Core: no ORM row processing for thousands of contacts
    read = db.session.connection().execute
    contacts = read(
        sa.select(
            Contact.id,
            Contact.first_name,
            Contact.last_name,
            Contact.next_due_on,
            Tier.name,
            Tier.interval_days,
            Company.name,
        )
        .join(Tier, Contact.tier_id == Tier.id)
        .outerjoin(Company, Contact.company_id == Company.id)
        .where(Contact.user_id == user.id, Contact.next_due_on <= until)
    )
    todos = read(
        sa.select(
            PlaybookItem.id,
            PlaybookItem.kind,
            PlaybookItem.due_on,
            PlaybookItem.contact_id,
            Contact.first_name,
            Contact.last_name,
            PlaybookItem.application_id,
            Company.name,
        )
        .outerjoin(Contact, PlaybookItem.contact_id == Contact.id)
        .outerjoin(Application, PlaybookItem.application_id == Application.id)
        .outerjoin(Company, Application.company_id == Company.id)
        .where(
            PlaybookItem.user_id == user.id,
            PlaybookItem.done_at.is_(None),
            PlaybookItem.due_on <= until,
        )
    )
    upskill = read(
        sa.select(
            UpskillItem.id,
            UpskillItem.title,
            UpskillItem.kind,
            UpskillItem.progress,
            UpskillItem.target_on,
        ).where(
            UpskillItem.user_id == user.id,
            UpskillItem.done_at.is_(None),
            UpskillItem.target_on <= until,
        )
    )
    stages = read(
        sa.select(
            ApplicationStage.id,
            ApplicationStage.application_id,
            ApplicationStage.kind,
            ApplicationStage.round,
            ApplicationStage.occurred_on,
            Company.name,
            Application.role,
        )
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
            ContactRow(i, _name(first, last) or "", due, tier, days, company)
            for i, first, last, due, tier, days, company in contacts
            if due is not None  # the query's condition, stated for the type checker
        ],
        todos=[
            TodoRow(
                i,
                PlaybookKind(kind).value,
                due,
                PlaybookKind(kind).label,
                contact_id,
                _name(first, last),
                application_id,
                company,
            )
            for i, kind, due, contact_id, first, last, application_id, company in todos
        ],
        upskill=[
            UpskillRow(i, title, UpskillKind(kind).label.lower(), progress, target)
            for i, title, kind, progress, target in upskill
        ],
        stages=[
            StageRow(i, application_id, stage_label(StageKind(kind), number), day, company, role)
            for i, application_id, kind, number, day, company, role in stages
        ],
    )


def plan_for(
    user: User, now: datetime, week_label: str | None = None
) -> tuple[Week, list[PlanItem]]:
    """The user's plan for a week (this one on their own clock by default)."""
    week = week_of(now, user.timezone, week_label)
    return plan_week(load_rows(user, week), now, user.timezone, week.label)
