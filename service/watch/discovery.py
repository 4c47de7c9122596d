"""Find the boards of the user's past employers: which companies to try, the search, its run.

The search fetches (through the safe fetcher, a few requests per company), so the page runs it
as an RQ job: the user's one run row is claimed by a conditional UPDATE, committed before the
job is queued under a fixed id per user, and its result saved on the row for the page. The CLI
calls `discover_for_user` directly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from service.boards.discover import discover_boards
from service.boards.fetch import Fetcher
from service.boards.origins import first_request
from service.boards.readers import get_reader
from service.clock import utcnow
from service.companies.services import find_company
from service.errors import NotFound, ValidationFailed
from service.extensions import db
from service.models import (
    Company,
    CompanyRelation,
    Contact,
    ContactRole,
    DiscoveryRun,
    User,
    Watch,
)
from service.queue import JOB_TIMEOUT, enqueue_once
from service.watch.services import add_watch
from service.watch.sources import Found, find_board
from service.watch.sources import fetcher as safe_fetcher

log = logging.getLogger(__name__)

DISCOVER_JOB = "workers.jobs.discover_boards"
CLAIMABLE = ("queued", "failed")
STALE_AFTER = timedelta(seconds=JOB_TIMEOUT)
"""A run "running" for longer lost its worker (killed mid-search): it may be claimed again."""
RELATIONS = (CompanyRelation.PAST_EMPLOYER, CompanyRelation.REJECTED_ME)
DECIDERS = (ContactRole.DECISION_MAKER, ContactRole.HIRING_MANAGER)


@dataclass(slots=True)
class CompanyResult:
    """What discovery found for one company (or why it could not look)."""

    company_id: int
    name: str
    found: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "company_id": self.company_id,
            "name": self.name,
            "found": self.found,
            "error": self.error,
        }


def discovery_job_id(user_id: int) -> str:
    """The one job id of a user's discovery."""
    return f"discover-{user_id}"


def candidates(user: User) -> list[Company]:
    """The user's past employers, companies that rejected them or where they know a decision
    maker, that nothing watches yet."""
    deciders = sa.select(Contact.company_id).where(
        Contact.user_id == user.id, Contact.role.in_(DECIDERS), Contact.company_id.is_not(None)
    )
    watched = sa.select(Watch.company_id).where(Watch.user_id == user.id)
    query = (
        sa.select(Company)
        .where(
            Company.user_id == user.id,
            sa.or_(Company.relation.in_(RELATIONS), Company.id.in_(deciders)),
            Company.id.not_in(watched),
        )
        .order_by(Company.name_key)
    )
    return list(db.session.scalars(query))


def watched_company_ids(user: User) -> set[int]:
    """The user's companies with at least one watch."""
    query = sa.select(Watch.company_id).where(Watch.user_id == user.id)
    return set(db.session.scalars(query))


def discover_for_user(
    user: User, company: str | None = None, *, fetcher: Fetcher | None = None
) -> list[CompanyResult]:
    """Search the boards of one named company, or of every candidate company."""
    if company is not None:
        found = find_company(user, company)
        if found is None:
            raise NotFound(f"No company called {company!r}.")
        companies = [found]
    else:
        companies = candidates(user)
    targets = [(c.id, c.name, c.website) for c in companies]
    db.session.commit()  # no transaction stays open while boards are asked
    using = fetcher or safe_fetcher()
    return [discover_company(cid, name, website, using) for cid, name, website in targets]


def discover_company(
    company_id: int, name: str, website: str | None, fetcher: Fetcher
) -> CompanyResult:
    """The boards that answered for one company."""
    result = CompanyResult(company_id, name)
    base_urls = current_app.config.get("BOARD_BASE_URLS") or {}
    boards = discover_boards(name, website, fetcher, base_urls=base_urls)
    if not boards:
        result.error = "no known board answered for this name; add its careers page instead"
    result.found = [
        {"kind": b.kind, "token": b.token, "api_url": b.board.api_url, "postings": b.postings}
        for b in boards
    ]
    return result


def latest_run(user: User) -> DiscoveryRun | None:
    """The user's latest discovery run, if any."""
    return db.session.get(DiscoveryRun, user.id, populate_existing=True)


def start_discovery(user: User) -> DiscoveryRun:
    """Queue the user's discovery (once however often asked); QueueUnavailable without Redis."""
    run = latest_run(user)
    now = utcnow()
    if run is None:
        run = DiscoveryRun(user_id=user.id, status="queued", requested_at=now, results=[])
        db.session.add(run)
    elif run.status != "running" or run.requested_at < now - STALE_AFTER:
        run.status, run.requested_at, run.error = "queued", now, None
    db.session.commit()
    enqueue_once(DISCOVER_JOB, user.id, job_id=discovery_job_id(user.id))
    return run


def run_discovery(user_id: int) -> DiscoveryRun | None:
    """The job body: claim the user's run, search, save what answered; re-raise the unexpected."""
    stale = sa.and_(
        DiscoveryRun.status == "running", DiscoveryRun.requested_at < utcnow() - STALE_AFTER
    )
    claim = (
        sa.update(DiscoveryRun)
        .where(DiscoveryRun.user_id == user_id, sa.or_(DiscoveryRun.status.in_(CLAIMABLE), stale))
        .values(status="running", error=None, finished_at=None, requested_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    claimed = bool(getattr(db.session.execute(claim), "rowcount", 0))
    db.session.commit()
    user = db.session.get(User, user_id)
    if not claimed or user is None:
        log.info("discovery for user %s not started: not queued", user_id)
        return db.session.get(DiscoveryRun, user_id)
    try:
        results = discover_for_user(user)
    except Exception as exc:
        db.session.rollback()
        _finish(user_id, "failed", [], f"{type(exc).__name__}: {exc}"[:2000])
        raise
    return _finish(user_id, "done", [r.to_dict() for r in results], None)


def _finish(
    user_id: int, status: str, results: list[dict[str, Any]], error: str | None
) -> DiscoveryRun:
    run = db.session.get(DiscoveryRun, user_id, populate_existing=True)
    assert run is not None
    run.status, run.results, run.error, run.finished_at = status, results, error, utcnow()
    db.session.commit()
    return run


def watch_discovered(user: User, company_id: int, kind: str, token: str) -> Watch:
    """Watch a board that the user's latest discovery found for one of their companies."""
    run = latest_run(user)
    offered = [
        (r["company_id"], f["kind"], f["token"])
        for r in (run.results if run else [])
        for f in r["found"]
    ]
    if (company_id, kind, token) not in offered:
        raise NotFound("That board was not among the boards found; search again.")
    company = db.session.get(Company, company_id)
    if company is None or company.user_id != user.id:
        raise NotFound("No such company.")
    return add_watch(user, board_address(kind, token), company.name, ats=kind)


def board_address(kind: str, token: str) -> str:
    """The board URL of a kind and token (what detection recognises without a fetch)."""
    try:
        return first_request(get_reader(kind), token.strip()).url
    except (ValueError, LookupError) as exc:
        message = f"{token!r} is not a {kind} board token"
        raise ValidationFailed(message, {"url": str(exc)}) from exc


def preview_board(text: str, ats: str | None) -> Found:
    """What is behind a careers URL (or a kind's token), found before anything is saved."""
    db.session.commit()  # no transaction (on SQLite, the write lock) stays open during the fetch
    return find_board(board_input(text, ats), ats=ats)


def watch_input(user: User, company: Company, text: str, ats: str | None) -> Watch:
    """Watch the board behind what the user typed (a URL, or a kind's token) for a company."""
    return add_watch(user, board_input(text, ats), company.name, ats=ats)


def board_input(text: str, ats: str | None) -> str:
    """What the user typed as a URL: a URL as it is, a bare token with its kind as that board."""
    text = text.strip()
    if ats and "://" not in text and get_reader_first(ats):
        return board_address(ats, text)
    return text


def get_reader_first(ats: str) -> bool:
    """Whether ``ats`` names a board with an API of its own (a token means something)."""
    try:
        return get_reader(ats).first_request is not None
    except LookupError:
        return False
