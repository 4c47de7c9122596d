"""Watches: a user's companies tied to shared sources; their state; "check now"; vacancies.

Every function takes the user and answers NotFound for another user's ids. Writes commit
before anything is queued; "check now" queues the source's poll under its fixed job id, so
pressing it many times queues it once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from rq.job import Job

from service.boards.fetch import Fetcher
from service.clock import utcnow
from service.companies.services import ensure_company, find_company
from service.errors import Conflict, NotFound, ValidationFailed
from service.extensions import db
from service.models import Company, Source, User, Vacancy, VacancyStatus, Watch
from service.owned import owned
from service.queue import JOB_TIMEOUT, enqueue_once
from service.watch.sources import Found, ensure_source, find_board

log = logging.getLogger(__name__)

POLL_JOB = "workers.jobs.poll_source"
DEMO_BOARD = (
    "This is a demo board: it is served only while the demo command runs, so it cannot be "
    'checked now. Run "make demo" (or "nextround demo") again to read it afresh.'
)
NEW_FOR = timedelta(days=7)
"""How long a vacancy counts as "new" after it was first seen."""


def poll_job_id(source_id: int) -> str:
    """The one job id of a source's poll (the tick and "check now" share it)."""
    return f"poll-{source_id}"


def poll_timeout() -> int:
    """How long a poll's job may run: the project's job timeout, at most its lease."""
    return max(1, min(JOB_TIMEOUT, current_app.config["WATCH_LEASE_SECONDS"]))


def poll_options() -> dict[str, int]:
    """RQ options of a poll's job. (Keeping no result, ``result_ttl=0``, was tried: RQ then
    deletes the job's record at once, which costs more round trips than writing the result.)"""
    return {"job_timeout": poll_timeout()}


@dataclass(frozen=True, slots=True)
class WatchState:
    """A watch and what its user sees about it."""

    watch: Watch
    open_postings: int

    @property
    def source(self) -> Source:
        return self.watch.source

    @property
    def state(self) -> str:
        """``new`` (never read), ``failing`` (repeated failures), ``error`` or ``ok``."""
        source = self.source
        if source.last_checked_at is None:
            return "new"
        if source.failing:
            return "failing"
        return "error" if source.last_error else "ok"


def add_watch(
    user: User,
    url: str,
    company_name: str,
    *,
    ats: str | None = None,
    fetcher: Fetcher | None = None,
) -> Watch:
    """Watch the board behind ``url`` (or ``url`` read as ``ats``) for the user's company."""
    if not company_name.strip():
        raise ValidationFailed("a company name is needed", {"company": "required"})
    db.session.commit()  # no transaction (on SQLite, the write lock) stays open during the fetch
    found = find_board(url, ats=ats, using=fetcher)
    return watch_found(user, found, company_name)


def watch_found(user: User, found: Found, company_name: str) -> Watch:
    """Save a watch of a board already found (e.g. offered by discovery)."""
    source = ensure_source(found)
    company = ensure_company(user, company_name)
    query = sa.select(Watch).where(
        Watch.user_id == user.id, Watch.company_id == company.id, Watch.source_id == source.id
    )
    watch = db.session.scalar(query)
    if watch is None:
        watch = Watch(user_id=user.id, company_id=company.id, source_id=source.id)
        db.session.add(watch)
    db.session.commit()
    log.info("user %s watches source %s (%s)", user.id, source.id, source.identity)
    return watch


def get_watch(user: User, watch_id: int) -> Watch:
    """The user's watch; someone else's id is simply not found."""
    return owned(Watch, user, watch_id, "No such watch.")


def watch_state(user: User, watch_id: int) -> WatchState:
    """The user's watch with its state (for the watch page)."""
    watch = get_watch(user, watch_id)
    return WatchState(watch, _open_counts({watch.source_id}).get(watch.source_id, 0))


def remove_watch(user: User, watch_id: int) -> None:
    """Stop watching (the source stays while anyone else watches it)."""
    watch = get_watch(user, watch_id)
    source_id = watch.source_id
    db.session.delete(watch)
    db.session.flush()
    watched = sa.select(Watch.id).where(Watch.source_id == source_id).limit(1)
    if db.session.scalar(watched) is None:
        db.session.execute(sa.delete(Source).where(Source.id == source_id))
    db.session.commit()


def list_watches(user: User, *, company: str | None = None) -> list[WatchState]:
    """The user's watches with their state, by company name."""
    query = (
        sa.select(Watch)
        .join(Company, Company.id == Watch.company_id)
        .where(Watch.user_id == user.id)
        .order_by(Company.name_key, Watch.id)
    )
    if company is not None:
        query = query.where(Company.id == _company_id(user, company))
    watches = list(db.session.scalars(query))
    counts = _open_counts({w.source_id for w in watches})
    return [WatchState(w, counts.get(w.source_id, 0)) for w in watches]


def _open_counts(source_ids: set[int]) -> dict[int, int]:
    if not source_ids:
        return {}
    query = (
        sa.select(Vacancy.source_id, sa.func.count())
        .where(Vacancy.source_id.in_(source_ids), Vacancy.status == VacancyStatus.OPEN)
        .group_by(Vacancy.source_id)
    )
    return {source_id: int(n) for source_id, n in db.session.execute(query)}


def _company_id(user: User, name: str) -> int:
    found = find_company(user, name)
    if found is None:
        raise NotFound(f"No company called {name!r}.")
    return found.id


def check_now(user: User, watch_id: int) -> Job | None:
    """Queue the watch's poll now (once however often asked); QueueUnavailable without Redis."""
    return queue_poll(get_watch(user, watch_id).source_id)


def queue_poll(source_id: int) -> Job | None:
    """Queue a source's poll under its fixed id; None when it is already waiting or running."""
    source = db.session.get(Source, source_id)
    if source is None:
        raise NotFound(f"No source {source_id}.")
    if source.demo:
        raise Conflict(DEMO_BOARD, {"source": "demo"})
    db.session.commit()  # end the read before talking to Redis
    return enqueue_once(POLL_JOB, source_id, job_id=poll_job_id(source_id), **poll_options())


@dataclass(frozen=True, slots=True)
class Listed:
    """A vacancy as a user sees it: with the company (or companies) watching its board."""

    vacancy: Vacancy
    company: str

    def is_new(self, now: datetime) -> bool:
        return self.vacancy.first_seen_at >= now - NEW_FOR


def list_vacancies(
    user: User, *, status: str | None = None, company: str | None = None
) -> list[Listed]:
    """The vacancies of the user's boards: ``new`` (open, recent), ``open`` or ``closed``."""
    if status not in (None, "new", "open", "closed"):
        raise ValidationFailed("status must be new, open or closed", {"status": "unknown"})
    query = (
        sa.select(Vacancy, Company.name)
        .join(Watch, Watch.source_id == Vacancy.source_id)
        .join(Company, Company.id == Watch.company_id)
        .where(Watch.user_id == user.id)
        .order_by(Vacancy.first_seen_at.desc(), Vacancy.id.desc())
    )
    if company is not None:
        query = query.where(Company.id == _company_id(user, company))
    if status == "closed":
        query = query.where(Vacancy.status == VacancyStatus.CLOSED)
    elif status is not None:
        query = query.where(Vacancy.status == VacancyStatus.OPEN)
    if status == "new":
        query = query.where(Vacancy.first_seen_at >= utcnow() - NEW_FOR)
    seen: set[int] = set()
    listed = []
    for vacancy, name in db.session.execute(query):
        if vacancy.id not in seen:  # two of the user's companies may watch one board
            seen.add(vacancy.id)
            listed.append(Listed(vacancy, name))
    return listed
