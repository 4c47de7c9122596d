"""The planner's plain rows read from the database for one user and one week (four indexed
queries of plain columns; the rules stay in the pure ``planner``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from service.extensions import db
from service.models import (
    Application,
    ApplicationStage,
    Company,
    Contact,
    ContactRole,
    Draft,
    DraftKind,
    DraftStatus,
    Match,
    MatchState,
    PlaybookItem,
    PlaybookKind,
    StageKind,
    Tier,
    UpskillItem,
    UpskillKind,
    User,
    Vacancy,
    Watch,
    WeekItem,
    WeekPlan,
    WeekSettings,
)
from service.models.applications import CLOSED, MEETINGS, stage_label
from service.watch.vacancies import contact_order
from service.week.planner import (
    PREP_LOOKAHEAD_DAYS,
    STREAK_WEEKS,
    ContactRow,
    Goals,
    MatchRow,
    PlanInput,
    PlanItem,
    SentRow,
    StageRow,
    TodoRow,
    UpskillRow,
    Week,
    plan_week,
    week_of,
)


def _name(first: str | None, last: str | None) -> str | None:
    return f"{first} {last or ''}".strip() if first is not None else None


POSTS = (
    DraftKind.POST_LESSONS,
    DraftKind.POST_MILESTONE,
    DraftKind.POST_OPINION,
    DraftKind.POST_OPEN,
    DraftKind.ARTICLE,
)
"""The drafts that count as posts against the weekly goal (comments are ``DraftKind.COMMENT``)."""


def _utc_start(day: date) -> datetime:
    """A naive UTC instant a day before ``day`` begins anywhere (time zones span ±14 hours)."""
    return datetime.combine(day, time()) - timedelta(days=1)


def load_matches(user: User, week: Week) -> list[MatchRow]:
    """New matches made since the previous week began or never planned yet, each with the
    person the user knows at its company (decision makers first)."""
    planned_keys = db.session.scalars(
        sa.select(WeekItem.key)
        .join(WeekPlan, WeekItem.plan_id == WeekPlan.id)
        .where(
            WeekItem.user_id == user.id,
            WeekItem.key.startswith("match:"),
            WeekPlan.week != week.label,
        )
    )
    planned = {int(key.partition(":")[2]) for key in planned_keys}
    since = _utc_start(week.monday - timedelta(weeks=1))
    rows = (
        db.session.connection()
        .execute(
            sa.select(
                Match.id,
                Match.vacancy_id,
                Vacancy.title,
                Match.score,
                Match.created_at,
                Vacancy.source_id,
            )
            .join(Vacancy, Match.vacancy_id == Vacancy.id)
            .where(
                Match.user_id == user.id,
                Match.state == MatchState.NEW,
                Match.matched.is_(True),
            )
        )
        .all()
    )
    fresh = [r for r in rows if r.id not in planned or r.created_at >= since]
    sources = {r.source_id for r in fresh}
    companies: dict[int, tuple[int, str]] = {}
    if sources:
        found = db.session.execute(
            sa.select(Watch.source_id, Company.id, Company.name)
            .join(Company, Company.id == Watch.company_id)
            .where(Watch.user_id == user.id, Watch.source_id.in_(sources))
            .order_by(Company.id)
        )
        for source_id, company_id, name in found:
            companies.setdefault(source_id, (company_id, name))
    known: dict[int, Contact] = {}
    if companies:
        people = db.session.scalars(
            sa.select(Contact).where(
                Contact.user_id == user.id,
                Contact.company_id.in_({c for c, _ in companies.values()}),
            )
        )
        for contact in sorted(people, key=contact_order):
            known.setdefault(contact.company_id or 0, contact)
    result = []
    for r in fresh:
        company_id, company = companies.get(r.source_id, (0, None))
        person = known.get(company_id)
        result.append(
            MatchRow(
                r.id,
                r.vacancy_id,
                r.title,
                r.score,
                r.created_at,
                r.id in planned,
                company,
                person.id if person else None,
                _name(person.first_name, person.last_name) if person else None,
                ContactRole(person.role).label.lower() if person else None,
            )
        )
    return result


def load_sent(user: User, week: Week) -> list[SentRow]:
    """Posts and comments marked sent in the streak's window up to the end of ``week``."""
    first = _utc_start(week.monday - timedelta(weeks=STREAK_WEEKS))
    last = _utc_start(week.sunday + timedelta(days=3))
    rows = db.session.execute(
        sa.select(Draft.kind, Draft.sent_at).where(
            Draft.user_id == user.id,
            Draft.status == DraftStatus.SENT,
            Draft.kind.in_([*POSTS, DraftKind.COMMENT]),
            Draft.sent_at >= first,
            Draft.sent_at < last,
        )
    )
    return [
        SentRow("comment" if DraftKind(kind) is DraftKind.COMMENT else "post", sent_at)
        for kind, sent_at in rows
        if sent_at is not None
    ]


def load_goals(user: User) -> Goals:
    settings = db.session.get(WeekSettings, user.id)
    if settings is None:
        return Goals()
    return Goals(settings.posts_per_week, settings.comments_per_week)


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
        matches=load_matches(user, week),
        sent=load_sent(user, week),
        goals=load_goals(user),
    )


def plan_for(
    user: User, now: datetime, week_label: str | None = None
) -> tuple[Week, list[PlanItem]]:
    """The user's plan for a week (this one on their own clock by default)."""
    week = week_of(now, user.timezone, week_label)
    return plan_week(load_rows(user, week), now, user.timezone, week.label)
