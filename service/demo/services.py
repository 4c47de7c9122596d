"""`nextround demo`: a demo account whose watched boards gain a posting that names a known contact.

The run (safe to repeat) resets the demo account — a user marked ``demo``, never any other —
with a new random password, adds the sample companies, contacts, touches and target profile from
``data/account.json``, serves the sample boards (``data/board-*.json``) on loopback from this
process, watches them, and polls each through the real poll and match code (the first read is
the baseline: scored, shown, not alerted). Then a matching posting appears on a past employer's
board, a second poll finds it, and matching writes the in-app alert that names the decision maker
the user knows there.

The demo's sources and account are marked ``demo``: the boards live only while the demo runs,
so the tick never claims those sources and "check now" refuses them. The demo fetches its boards
with the safe fetcher, loopback allowed for this run only, and runs the matching of its polls
itself (no worker or Redis needed).
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from service.alerts.content import AlertContent, describe, link
from service.alerts.services import list_alerts
from service.auth.services import create_user, normalise_email
from service.boards.fetch import Fetcher
from service.clock import utcnow
from service.companies.services import create_company
from service.contacts.services import create_contact, record_touch
from service.demo.boards import DemoBoard, DemoBoards, data_text
from service.errors import Conflict, DomainError
from service.extensions import db
from service.matching.profiles import create_profile
from service.matching.runs import COMPLETE, match_poll
from service.models import (
    Company,
    Contact,
    ContactRole,
    Match,
    Source,
    TargetProfile,
    User,
    Vacancy,
    Watch,
)
from service.watch.poll import poll_source
from service.watch.services import watch_found
from service.watch.sources import Found, request_dict

log = logging.getLogger(__name__)

DEMO_EMAIL = "demo@example.com"
SEED = "account.json"


class DemoFailed(DomainError):
    """A demo board could not be read (the demo's own server did not answer as expected)."""

    status = 500
    code = "demo_failed"


@dataclass(frozen=True)
class BoardResult:
    """One demo board after its first (baseline) read."""

    company: str
    relation: str
    ats: str
    watch_id: int
    postings: int
    matches: int


@dataclass
class DemoRun:
    """What the demo made, for the command to print (the password is shown this once)."""

    email: str
    password: str
    reset: bool
    origin: str
    companies: list[Company] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    touches: int = 0
    profile: TargetProfile | None = None
    boards: list[BoardResult] = field(default_factory=list)
    arrived: list[str] = field(default_factory=list)
    alerts: list[AlertContent] = field(default_factory=list)

    @property
    def login_url(self) -> str:
        return link("auth.login", external=True)

    @property
    def alerts_url(self) -> str:
        return link("alerts.index", external=True)

    @property
    def decision_makers(self) -> list[Contact]:
        known = (ContactRole.DECISION_MAKER, ContactRole.HIRING_MANAGER)
        return [c for c in self.contacts if c.role in known]


def schema_ready() -> bool:
    """Whether the database has the demo marks (it was migrated to 0007 or later)."""
    inspector = sa.inspect(db.session.connection())  # the session's: no second transaction
    ready = all(
        inspector.has_table(table) and "demo" in {c["name"] for c in inspector.get_columns(table)}
        for table in ("users", "sources")
    )
    db.session.commit()
    return ready


def load_seed() -> dict[str, Any]:
    """The sample account: companies (each with its board file), contacts, the profile."""
    seed: dict[str, Any] = json.loads(data_text(SEED))
    return seed


def run_demo(email: str = DEMO_EMAIL, *, password: str | None = None) -> DemoRun:
    """Reset the demo account and play the whole story once (see the module docstring)."""
    seed = load_seed()
    password = password or secrets.token_urlsafe(12)
    user, reset = reset_account(email, password)
    run = DemoRun(user.email, password, reset, origin="")
    _seed_network(user, seed, run)
    boards = [DemoBoard.load(c["board"]) for c in seed["companies"]]
    relations = {c["name"]: c["relation"] for c in seed["companies"]}
    fetcher = demo_fetcher()
    with DemoBoards(boards) as served:
        run.origin = served.origin
        watches = {b.company: _watch(user, b, served.origin) for b in boards}
        for board in boards:
            watch = watches[board.company]
            _poll_and_match(watch.source_id, fetcher)
            run.boards.append(_board_result(user, board, watch, relations[board.company]))
        arrival = seed["arrival"]["board"]
        company = next(c["name"] for c in seed["companies"] if c["board"] == arrival)
        run.arrived = [str(p.get("title") or p.get("text")) for p in served.publish(company)]
        _poll_and_match(watches[company].source_id, fetcher)
    alerts, _total = list_alerts(user, in_app=True)
    run.alerts = describe(alerts, external=True)
    log.info("demo account %s ready: %s alert(s)", user.id, len(run.alerts))
    return run


def reset_account(email: str, password: str) -> tuple[User, bool]:
    """A fresh demo account (the old one and all it owned deleted); whether one was reset.

    An account of that address not made by the demo is left alone: Conflict.
    """
    address = normalise_email(email)
    existing = db.session.scalar(sa.select(User).where(User.email == address))
    reset = existing is not None
    if existing is not None:
        if not existing.demo:
            raise Conflict(
                f"{address} is an account that the demo did not make, so the demo leaves it "
                "alone. Choose another address with --email.",
                {"email": "taken"},
            )
        db.session.execute(sa.delete(User).where(User.id == existing.id))  # rows cascade
        db.session.expunge(existing)
    forget_unwatched_demo_sources()
    db.session.commit()
    user = create_user(address, password)
    user.demo = True
    db.session.commit()
    return user, reset


def forget_unwatched_demo_sources() -> int:
    """Delete demo sources nobody watches any more (their vacancies go with them; not committed)."""
    watched = sa.select(Watch.id).where(Watch.source_id == Source.id).exists()
    deleted = db.session.execute(
        sa.delete(Source)
        .where(Source.demo.is_(True), ~watched)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(deleted, "rowcount", 0) or 0)


def demo_fetcher() -> Fetcher:
    """The safe fetcher under the app's policy, allowing loopback for the demo's own boards."""
    policy = current_app.config["NEXTROUND_FETCH_POLICY"]
    return Fetcher(replace(policy, allow_loopback=True))


def _seed_network(user: User, seed: dict[str, Any], run: DemoRun) -> None:
    """The sample companies, contacts (with their touches) and target profile."""
    for company in seed["companies"]:
        fields = {k: company[k] for k in ("name", "website", "relation", "notes")}
        run.companies.append(create_company(user, fields))
    tiers = {t.name: t.id for t in user.tiers}
    now = utcnow()
    for person in seed["contacts"]:
        fields = {k: v for k, v in person.items() if k not in ("tier", "touches")}
        contact = create_contact(user, {**fields, "tier_id": tiers.get(person.get("tier", ""))})
        for touch in person.get("touches", []):
            when = (now - timedelta(days=touch["days_ago"])).replace(microsecond=0)
            data = {k: v for k, v in touch.items() if k != "days_ago"}
            record_touch(user, contact.id, {**data, "occurred_at": when.isoformat() + "Z"})
            run.touches += 1
        run.contacts.append(contact)
    # No re-score: the user watches no board yet; the demo's polls score everything.
    run.profile = create_profile(user, seed["profile"], rescore=False)
    if seed.get("about"):  # drafts from the studio sign as the demo's person
        from service.drafting.services import update_about

        update_about(user, seed["about"])


def _watch(user: User, board: DemoBoard, origin: str) -> Watch:
    """The user's watch of a demo board, its source marked ``demo`` from the start.

    The source is created marked (so no tick ever claims it) under an identity no real board
    has; the watch itself is saved by the same code as any other.
    """
    request = board.request(origin)
    identity = f"demo:{user.id}:{board.ats}:{board.token}"
    found = Found(board.ats, board.token, identity, request_dict(request), request.url)
    db.session.add(
        Source(
            identity=identity,
            ats=board.ats,
            token=board.token,
            url=request.url,
            request=found.request,
            config={},
            interval_seconds=current_app.config["WATCH_INTERVAL_SECONDS"],
            next_due_at=utcnow(),
            demo=True,
        )
    )
    db.session.commit()
    return watch_found(user, found, board.company)


def _poll_and_match(source_id: int, fetcher: Fetcher) -> None:
    """One poll of a demo board, then its matching, as the poll and match jobs would run them."""
    poll = poll_source(source_id, fetcher=fetcher)
    if poll is None or poll.outcome not in COMPLETE:
        problem = poll.error if poll is not None else "the source is gone"
        raise DemoFailed(f"the demo could not read its own board (source {source_id}): {problem}")
    match_poll(poll.id)


def _board_result(user: User, board: DemoBoard, watch: Watch, relation: str) -> BoardResult:
    matches = db.session.scalar(
        sa.select(sa.func.count(Match.id))
        .join(Vacancy, Vacancy.id == Match.vacancy_id)
        .where(
            Match.user_id == user.id,
            Match.matched.is_(True),
            Vacancy.source_id == watch.source_id,
        )
    )
    return BoardResult(
        board.company, relation, board.ats, watch.id, len(board.postings), int(matches or 0)
    )
