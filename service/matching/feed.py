"""The matches feed: new, interested and dismissed matches with their company and people.

A match belongs to its user (another user's id is not found). The user's verdict is theirs
alone: re-scores and changed postings never touch it, so a dismissed match stays dismissed.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from service.errors import ValidationFailed
from service.extensions import db
from service.models import (
    Company,
    Contact,
    Match,
    MatchState,
    User,
    Vacancy,
    VacancyStatus,
    Watch,
)
from service.owned import owned
from service.watch.vacancies import contact_order

TABS = ("new", "interested", "dismissed")
PER_PAGE = 25


@dataclass(frozen=True, slots=True)
class MatchFilter:
    """Which matches a list shows: a tab, and optionally one profile, company or least score."""

    status: str = "new"
    profile_id: int | None = None
    company_id: int | None = None
    min_score: int | None = None


@dataclass(frozen=True, slots=True)
class FeedItem:
    """A match as the user sees it: the vacancy, the company, the people they know there."""

    match: Match
    company: Company | None
    people: list[Contact]

    @property
    def vacancy(self) -> Vacancy:
        return self.match.vacancy


@dataclass(frozen=True, slots=True)
class MatchPage:
    items: list[FeedItem]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def parse_status(value: str | None) -> str:
    """A feed tab from a query string: new (the default), interested or dismissed; else a 422."""
    if value in (None, ""):
        return "new"
    if value not in TABS:
        raise ValidationFailed(
            "status is one of new, interested, dismissed.", {"status": "unknown"}
        )
    return value


def _query(user: User, f: MatchFilter) -> sa.Select[Match]:
    """The tab's matches, of boards the user still watches (a vacancy they can open)."""
    watched = sa.select(Watch.source_id).where(Watch.user_id == user.id)
    query = (
        sa.select(Match)
        .join(Vacancy, Vacancy.id == Match.vacancy_id)
        .where(Match.user_id == user.id, Vacancy.source_id.in_(watched))
    )
    state = MatchState(f.status)
    query = query.where(Match.state == state)
    if state is MatchState.NEW:  # what is open and still fits; verdicts stay whatever changes
        query = query.where(Match.matched.is_(True), Vacancy.status == VacancyStatus.OPEN)
    if f.profile_id is not None:
        query = query.where(Match.profile_id == f.profile_id)
    if f.min_score is not None:
        query = query.where(Match.score >= f.min_score)
    if f.company_id is not None:
        of_company = watched.where(Watch.company_id == f.company_id)
        query = query.where(Vacancy.source_id.in_(of_company))
    return query


def list_matches(
    user: User, f: MatchFilter, *, page: int = 1, per_page: int = PER_PAGE
) -> MatchPage:
    """One page of the user's matches in a tab, newest first (then best first)."""
    query = _query(user, f)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    query = query.order_by(Match.created_at.desc(), Match.score.desc(), Match.id.desc())
    query = query.options(contains_eager(Match.vacancy), selectinload(Match.profile))
    rows = list(db.session.scalars(query.offset((page - 1) * per_page).limit(per_page)))
    return MatchPage(with_people(user, rows), total, page, per_page)


def tab_count(user: User, tab: str) -> int:
    """How many matches one tab holds (the navigation shows the new ones)."""
    query = _query(user, MatchFilter(tab)).with_only_columns(sa.func.count(Match.id))
    return db.session.scalar(query) or 0


def tab_counts(user: User) -> dict[str, int]:
    """How many matches each tab holds (for the tab labels)."""
    return {tab: tab_count(user, tab) for tab in TABS}


def with_people(user: User, matches: list[Match]) -> list[FeedItem]:
    """Each match with the user's company watching its board and the people known there."""
    sources = {m.vacancy.source_id for m in matches}
    if not sources:
        return []
    query = (
        sa.select(Watch.source_id, Company)
        .join(Company, Company.id == Watch.company_id)
        .where(Watch.user_id == user.id, Watch.source_id.in_(sources))
        .order_by(Company.id)
    )
    companies: dict[int, Company] = {}
    for source_id, company in db.session.execute(query):
        companies.setdefault(source_id, company)
    ids = [c.id for c in companies.values()]
    people: dict[int, list[Contact]] = {}
    contacts = sa.select(Contact).where(Contact.user_id == user.id, Contact.company_id.in_(ids))
    for contact in sorted(db.session.scalars(contacts), key=contact_order):
        people.setdefault(contact.company_id or 0, []).append(contact)
    items = []
    for match in matches:
        found = companies.get(match.vacancy.source_id)
        items.append(FeedItem(match, found, people.get(found.id, []) if found else []))
    return items


def get_match(user: User, match_id: int) -> Match:
    """The user's match; someone else's id is simply not found."""
    return owned(Match, user, match_id, "No such match.")


def get_item(user: User, match_id: int) -> FeedItem:
    return with_people(user, [get_match(user, match_id)])[0]


def set_state(user: User, match_id: int, state: MatchState | str) -> Match:
    """Mark a match new, interested or dismissed (it keeps that whatever the posting does)."""
    match = get_match(user, match_id)
    match.state = MatchState(state)
    db.session.commit()
    return match


def match_of_vacancy(user: User, vacancy_id: int) -> Match | None:
    """The user's match of a vacancy, if it was ever scored as one."""
    query = sa.select(Match).where(Match.user_id == user.id, Match.vacancy_id == vacancy_id)
    return db.session.scalar(query)
