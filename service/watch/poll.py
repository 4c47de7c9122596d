"""Poll one source: read its board (conditionally), then store what changed in ONE transaction.

No transaction is open while the board is fetched (on SQLite one would hold the write lock).
A complete read adds new vacancies, records what changed, reopens closed ones that are back,
marks a new id with the title and location of one closed lately as its repost, and counts
misses: a vacancy closes only once missing from ``WATCH_CLOSE_AFTER_MISSES`` complete reads in
a row (an unchanged board counts as one). A partial or failed read changes no vacancy; its
error is saved on the source in plain words, with a backoff. Anything unexpected propagates:
nothing is stored, the job fails and RQ retries it (or the lease runs out and the tick does).

Descriptions are converted to text only when new or changed: the source keeps, for each
vacancy, a hash of the markup its text came from (``config["description_hashes"]``), and the
read reuses the stored text of markup whose hash it knows (see `service.boards.text.reusing`).

After a complete read is committed, its matching is queued (`service.matching.runs`); a demo
board's is run by `nextround demo` itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from service.boards.base import PageRequest, Posting
from service.boards.collect import BoardRead, Outcome, collect
from service.boards.fetch import Fetcher, Validators
from service.boards.readers import get_reader
from service.boards.text import reusing
from service.clock import utcnow
from service.db import read_only_transactions
from service.extensions import db
from service.matching.runs import nobody_to_match, queue_match_poll
from service.models import EventKind, Poll, Source, Vacancy, VacancyEvent, VacancyStatus
from service.queue import redis_connection
from service.watch import changes
from service.watch.hosts import PoliteFetcher
from service.watch.schedule import release
from service.watch.sources import request_of
from service.watch.wording import read_problem

log = logging.getLogger(__name__)

REPOST_WINDOW = timedelta(days=60)
COUNTS = ("new_count", "changed_count", "closed_count", "reopened_count")
HASHES = "description_hashes"
SEEN_CHUNK = 500


@dataclass(frozen=True)
class Plan:
    """What a poll needs from the database, copied out before the fetch."""

    source_id: int
    ats: str
    request: PageRequest
    validators: Validators
    known: dict[str, tuple[Any, ...]]

    def wants_detail(self, posting: Posting) -> bool:
        """Only a new posting, or one whose listed fields changed, is worth a detail request."""
        return self.known.get(posting.external_id) != changes.listed_key(posting)


def polite_fetcher() -> PoliteFetcher:
    """The safe fetcher taking turns per host across all workers."""
    config = current_app.config
    return PoliteFetcher(
        config["NEXTROUND_FETCH_POLICY"],
        redis_connection(),
        gap_ms=config["WATCH_HOST_GAP_MS"],
        wait=config["WATCH_HOST_WAIT_SECONDS"],
    )


def poll_source(source_id: int, *, fetcher: Fetcher | None = None) -> Poll | None:
    """Read the source's board and store what changed; None when the source is gone."""
    started = utcnow()
    plan = _plan(source_id)
    db.session.commit()  # no transaction stays open during the fetch
    if plan is None:
        log.info("source %s is gone; nothing to poll", source_id)
        return None
    with reusing(lambda: known_texts(source_id)) as texts:
        read = collect(
            get_reader(plan.ats),
            plan.request,
            fetcher or polite_fetcher(),
            validators=plan.validators,
            wants_detail=plan.wants_detail,
        )
    return store_read(source_id, started, read, texts.hashes)


def known_texts(source_id: int) -> dict[str, str]:
    """The stored description of each vacancy of the source, by the hash of its markup."""
    read_only_transactions()
    hashes = db.session.scalar(sa.select(Source.config).where(Source.id == source_id)) or {}
    hashes = hashes.get(HASHES) or {}
    rows = db.session.execute(
        sa.select(Vacancy.external_id, Vacancy.description_text).where(
            Vacancy.source_id == source_id, Vacancy.description_text.is_not(None)
        )
    )
    texts = {hashes[eid]: text for eid, text in rows if eid in hashes and text is not None}
    db.session.commit()  # still no transaction open while the board is read
    return texts


def _plan(source_id: int) -> Plan | None:
    read_only_transactions()  # only reads: no SQLite write lock while another poll stores
    source = db.session.get(Source, source_id, populate_existing=True)
    if source is None:
        return None
    known = {}
    if get_reader(source.ats).detail_request is not None:  # only detail requests need them
        rows = db.session.execute(
            sa.select(Vacancy.external_id, *(getattr(Vacancy, n) for n in changes.TRACKED))
            .add_columns(Vacancy.updated_at)
            .where(Vacancy.source_id == source_id)
        )
        known = {row[0]: tuple(row[1:]) for row in rows}
    validators = Validators(source.etag, source.last_modified, source.content_hash)
    return Plan(source_id, source.ats, request_of(source), validators, known)


def store_read(
    source_id: int, started: datetime, read: BoardRead, hashes: dict[str, str] | None = None
) -> Poll | None:
    """Store one read of a source in one transaction (see the module docstring).

    ``hashes`` maps each description text of the read to the hash of its markup.
    """
    lock = sa.select(Source).where(Source.id == source_id).with_for_update()
    source = db.session.scalars(lock.execution_options(populate_existing=True)).first()
    if source is None:
        db.session.rollback()
        return None
    now = utcnow()
    poll = Poll(
        source_id=source_id,
        started_at=started,
        finished_at=now,
        outcome=read.outcome,
        pages=read.pages,
        postings=len(read.postings),
        **dict.fromkeys(COUNTS, 0),
    )
    complete = read.outcome not in (Outcome.PARTIAL, Outcome.FAILED)
    if complete:
        _Store(source, poll, now).apply(read, hashes or {})
        _succeeded(source, read, now)
    else:
        _failed(source, poll, read, now)
    demo = source.demo
    if complete and not demo and nobody_to_match(source_id):
        poll.matched_at = now  # nothing to match: no job, no second write (`queue_match_poll`)
    db.session.add(poll)
    db.session.flush()
    # Kept out of the session, loaded as stored: no later commit expires it, and reading it
    # takes no transaction (on SQLite, no write lock again until the job ends).
    db.session.expunge(poll)
    db.session.commit()
    log.info(
        "source %s polled: %s, %s new, %s changed, %s closed, %s reopened",
        source_id,
        poll.outcome,
        poll.new_count,
        poll.changed_count,
        poll.closed_count,
        poll.reopened_count,
    )
    if not demo:  # `nextround demo` matches its own polls, in its own process
        queue_match_poll(poll)
    return poll


def _failed(source: Source, poll: Poll, read: BoardRead, now: datetime) -> None:
    poll.error = source.last_error = read_problem(read)
    source.consecutive_failures += 1
    source.last_checked_at, source.last_outcome = now, read.outcome
    release(source, now, failed=True)


def _succeeded(source: Source, read: BoardRead, now: datetime) -> None:
    source.consecutive_failures = 0
    source.last_error = None
    source.last_checked_at = source.last_success_at = now
    source.last_outcome = read.outcome
    source.etag = read.validators.etag
    source.last_modified = read.validators.last_modified
    source.content_hash = read.validators.content_hash
    release(source, now, failed=False)


class _Store:
    """The vacancy changes of one complete (or unchanged) read."""

    def __init__(self, source: Source, poll: Poll, now: datetime) -> None:
        self.source, self.poll, self.now = source, poll, now
        self.close_after: int = current_app.config["WATCH_CLOSE_AFTER_MISSES"]
        self.recently_closed: list[Vacancy] | None = None  # loaded once, when a posting is new
        self.seen_ids: list[int] = []

    def apply(self, read: BoardRead, hashes: dict[str, str]) -> None:
        if read.outcome is Outcome.UNCHANGED:
            self._count_misses(self._vacancies(only_missing=True), set())
            return
        stored = {v.external_id: v for v in self._vacancies()}
        seen, new = set(), {}
        for posting in read.postings:
            seen.add(posting.external_id)
            vacancy = stored.get(posting.external_id)
            if vacancy is not None:
                self._seen(vacancy, posting)
            elif posting.external_id not in new:
                new[posting.external_id] = posting
        self._mark_seen()
        self._count_misses(list(stored.values()), seen)
        texts = self._insert_new(list(new.values()))
        self._keep_hashes(stored, texts, hashes)

    def _mark_seen(self) -> None:
        """Seen now, no misses: one UPDATE per chunk of vacancies, not one per vacancy."""
        for start in range(0, len(self.seen_ids), SEEN_CHUNK):
            chunk = self.seen_ids[start : start + SEEN_CHUNK]
            db.session.execute(
                sa.update(Vacancy)
                .where(Vacancy.id.in_(chunk))
                .values(last_seen_at=self.now, missing_count=0)
                .execution_options(synchronize_session=False)
            )

    def _insert_new(self, postings: list[Posting]) -> dict[str, str | None]:
        """Insert the new vacancies and their events in two bulk statements; their texts."""
        if not postings:
            return {}
        rows, reposts = [], {}
        for posting in postings:
            row = {
                "source_id": self.source.id,
                "external_id": posting.external_id[:300],
                "first_seen_at": self.now,
                "last_seen_at": self.now,
                "status": VacancyStatus.OPEN,
                "missing_count": 0,
                "repost_of_id": None,
                **changes.new_vacancy_fields(posting),
            }
            earlier = self._reposted(posting)
            if earlier is not None:
                row["repost_of_id"] = reposts[row["external_id"]] = earlier.id
            rows.append(row)
        # Core INSERTs of the tables (not the ORM's bulk insert, which costs a Python call per
        # row and column): every row has the same keys, so each goes in one batch.
        table = Vacancy.__table__
        insert = sa.insert(table).returning(table.c.id, table.c.external_id)
        inserted = db.session.execute(insert, rows)
        ids = {external_id: vacancy_id for vacancy_id, external_id in inserted}
        events = []
        for external_id, vacancy_id in ids.items():
            earlier_id = reposts.get(external_id)
            kind = EventKind.NEW if earlier_id is None else EventKind.REPOSTED
            details = None if earlier_id is None else {"repost_of": earlier_id}
            events.append(
                {"vacancy_id": vacancy_id, "kind": kind, "changes": details, "at": self.now}
            )
        db.session.execute(sa.insert(VacancyEvent.__table__), events)
        self.poll.new_count += len(ids)
        return {posting.external_id: posting.description_text for posting in postings}

    def _keep_hashes(
        self, stored: dict[str, Vacancy], new: dict[str, str | None], hashes: dict[str, str]
    ) -> None:
        """Remember the markup hash of each vacancy's stored description (module docstring)."""
        config = dict(self.source.config or {})
        kept: dict[str, str] = dict(config.get(HASHES) or {})
        for external_id, text in new.items():
            key = hashes.get(text or "")
            if key is not None:
                kept[external_id] = key
            else:
                kept.pop(external_id, None)  # a text not converted here: its markup is unknown
        for external_id, vacancy in stored.items():
            key = hashes.get(vacancy.description_text or "")
            if key is not None:
                kept[external_id] = key
            elif vacancy.description_text is None or _text_changed(vacancy):
                kept.pop(external_id, None)
        config[HASHES] = {eid: key for eid, key in kept.items() if eid in stored or eid in new}
        if config != self.source.config:
            self.source.config = config

    def _vacancies(self, *, only_missing: bool = False) -> list[Vacancy]:
        query = sa.select(Vacancy).where(Vacancy.source_id == self.source.id)
        if only_missing:
            query = query.where(Vacancy.missing_count > 0, Vacancy.status == VacancyStatus.OPEN)
        return list(db.session.scalars(query.execution_options(populate_existing=True)))

    def _event(
        self, vacancy: Vacancy, kind: EventKind, details: dict[str, Any] | None = None
    ) -> None:
        db.session.add(VacancyEvent(vacancy=vacancy, kind=kind, changes=details, at=self.now))

    def _reposted(self, posting: Posting) -> Vacancy | None:
        """The vacancy closed in the last 60 days with this posting's title and location."""
        if self.recently_closed is None:
            query = (
                sa.select(Vacancy)
                .where(
                    Vacancy.source_id == self.source.id,
                    Vacancy.status == VacancyStatus.CLOSED,
                    Vacancy.closed_at >= self.now - REPOST_WINDOW,
                )
                .order_by(Vacancy.closed_at.desc())
            )
            self.recently_closed = list(db.session.scalars(query))
        for closed in self.recently_closed:
            if changes.same_role(closed.title, closed.location, posting.title, posting.location):
                return closed
        return None

    def _seen(self, vacancy: Vacancy, posting: Posting) -> None:
        """Reopen and update ``vacancy`` (its last sighting is written by `_mark_seen`)."""
        self.seen_ids.append(vacancy.id)
        if vacancy.status is VacancyStatus.CLOSED:
            vacancy.status, vacancy.closed_at = VacancyStatus.OPEN, None
            self._event(vacancy, EventKind.REOPENED)
            self.poll.reopened_count += 1
        changed = changes.apply_posting(vacancy, posting)
        if changed:
            self._event(vacancy, EventKind.CHANGED, changed)
            self.poll.changed_count += 1

    def _count_misses(self, candidates: list[Vacancy], seen: set[str]) -> None:
        """One more miss for each open vacancy not seen; close those missed often enough."""
        for vacancy in candidates:
            if vacancy.status is not VacancyStatus.OPEN or vacancy.external_id in seen:
                continue
            vacancy.missing_count += 1
            if vacancy.missing_count >= self.close_after:
                vacancy.status, vacancy.closed_at = VacancyStatus.CLOSED, self.now
                self._event(vacancy, EventKind.CLOSED)
                self.poll.closed_count += 1


def _text_changed(vacancy: Vacancy) -> bool:
    return bool(sa.inspect(vacancy).attrs.description_text.history.has_changes())
