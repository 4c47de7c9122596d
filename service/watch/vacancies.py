"""The vacancies pages: a paged, filtered list, "new since last visit", one vacancy's story.

A vacancy belongs to a shared source; a user sees it while one of their companies watches that
source, and another user's vacancy id is simply not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from service.clock import utcnow
from service.errors import NotFound
from service.extensions import db
from service.ids import in_range
from service.models import (
    Company,
    Contact,
    ContactRole,
    Poll,
    User,
    Vacancy,
    VacancyStatus,
    VacancyVisit,
    Watch,
)

STATUSES = ("all", "new", "open", "closed")
PER_PAGE = 50
POLLS_SHOWN = 20
VISIT_GAP = timedelta(minutes=30)
"""Visits closer together than this are one visit: "new" stays put while the user browses."""


@dataclass(frozen=True, slots=True)
class VacancyFilter:
    """What the vacancies page shows: a status, one company, words of the title."""

    status: str = "all"
    company_id: int | None = None
    q: str = ""


@dataclass(frozen=True, slots=True)
class VacancyPage:
    """One page of vacancies, each with the name of the user's company that watches it."""

    items: list[tuple[Vacancy, str]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def record_visit(user: User, now: datetime | None = None) -> datetime | None:
    """Note a visit to the vacancies page; answers where "new since last visit" starts."""
    now = now or utcnow()
    db.session.commit()  # a GET reads in a deferred transaction: write in a fresh one
    visit = db.session.get(VacancyVisit, user.id)
    if visit is None:
        visit = VacancyVisit(user_id=user.id, seen_at=now, new_since=None)
        db.session.add(visit)
    else:
        if now - visit.seen_at > VISIT_GAP:
            visit.new_since = visit.seen_at
        visit.seen_at = now
    new_since = visit.new_since
    db.session.commit()
    return new_since


def list_vacancy_page(
    user: User,
    f: VacancyFilter,
    *,
    new_since: datetime | None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> VacancyPage:
    """One page of the user's vacancies, newest first."""
    names = _watched_sources(user, f.company_id)
    query = sa.select(Vacancy).where(Vacancy.source_id.in_(list(names)))
    if f.status == "closed":
        query = query.where(Vacancy.status == VacancyStatus.CLOSED)
    elif f.status in ("open", "new"):
        query = query.where(Vacancy.status == VacancyStatus.OPEN)
    if f.status == "new" and new_since is not None:
        query = query.where(Vacancy.first_seen_at > new_since)
    for word in f.q.split()[:10]:
        query = query.where(Vacancy.title.ilike(f"%{_escaped(word)}%", escape="\\"))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    query = query.order_by(Vacancy.first_seen_at.desc(), Vacancy.id.desc())
    rows = db.session.scalars(query.offset((page - 1) * per_page).limit(per_page))
    return VacancyPage([(v, names[v.source_id]) for v in rows], total, page, per_page)


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _watched_sources(user: User, company_id: int | None) -> dict[int, str]:
    """The sources the user watches (for one company when given) → a company's name."""
    query = (
        sa.select(Watch.source_id, Company.name)
        .join(Company, Company.id == Watch.company_id)
        .where(Watch.user_id == user.id)
        .order_by(Company.name_key.desc())
    )
    if company_id is not None:
        query = query.where(Watch.company_id == company_id)
    return {row[0]: row[1] for row in db.session.execute(query)}


def watched_companies(user: User) -> list[Company]:
    """The user's companies that watch a board (for the vacancies filter)."""
    watching = sa.select(Watch.company_id).where(Watch.user_id == user.id)
    query = sa.select(Company).where(Company.id.in_(watching)).order_by(Company.name_key)
    return list(db.session.scalars(query))


def get_vacancy(user: User, vacancy_id: int) -> Vacancy:
    """A vacancy of a board the user watches; any other id is simply not found."""
    vacancy = db.session.get(Vacancy, vacancy_id) if in_range(vacancy_id) else None
    if vacancy is None or not _watched_sources_of(user, vacancy.source_id):
        raise NotFound("No such vacancy.")
    return vacancy


def _watched_sources_of(user: User, source_id: int) -> list[Company]:
    query = (
        sa.select(Company)
        .join(Watch, Watch.company_id == Company.id)
        .where(Watch.user_id == user.id, Watch.source_id == source_id)
        .order_by(Company.name_key)
    )
    return list(db.session.scalars(query))


def companies_of(user: User, vacancy: Vacancy) -> list[Company]:
    """The user's companies that watch this vacancy's board."""
    return _watched_sources_of(user, vacancy.source_id)


def people_at(user: User, companies: list[Company]) -> list[Contact]:
    """The user's contacts at these companies, decision makers first, then by name."""
    if not companies:
        return []
    query = sa.select(Contact).where(
        Contact.user_id == user.id, Contact.company_id.in_([c.id for c in companies])
    )
    return sorted(db.session.scalars(query), key=contact_order)


KNOWN_FIRST = (ContactRole.DECISION_MAKER, ContactRole.HIRING_MANAGER)


def contact_order(contact: Contact) -> tuple[int, str, str]:
    """How people at a company are listed: decision makers, hiring managers, then by name."""
    rank = KNOWN_FIRST.index(contact.role) if contact.role in KNOWN_FIRST else len(KNOWN_FIRST)
    return (rank, contact.last_name.lower(), contact.first_name.lower())


def poll_history(source_id: int, limit: int = POLLS_SHOWN) -> list[Poll]:
    """A source's latest polls, newest first."""
    query = (
        sa.select(Poll)
        .where(Poll.source_id == source_id)
        .order_by(Poll.started_at.desc(), Poll.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
