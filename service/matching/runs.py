"""Scoring vacancies for the users watching their boards, and writing the alerts of what is new.

After a poll commits, ``match_poll`` scores what the poll found new, reopened or reposted for
every user watching the board, then writes the alerts of the new matches (the outbox claims
each match once). A user's first complete read of a board is their baseline: every open
vacancy is scored and shown, none alerted. ``rescore_user`` follows a profile or settings
change: it never alerts and never undoes a dismissal.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from service.alerts.outbox import write_alerts
from service.clock import utcnow
from service.db import read_only_transactions
from service.extensions import db
from service.matching.facts import FactBook
from service.matching.scoring import (
    CompiledProfile,
    Matcher,
    Scored,
    compile_profile,
    read_vacancy,
    score,
)
from service.models import (
    EventKind,
    Match,
    MatchState,
    Poll,
    TargetProfile,
    Vacancy,
    VacancyEvent,
    VacancyStatus,
    Watch,
)
from service.queue import JOB_TIMEOUT, QueueUnavailable, enqueue_once, enqueue_replacing

log = logging.getLogger(__name__)

MATCH_POLL_JOB = "workers.jobs.match_poll"
COMPLETE = ("complete", "unchanged")
NEWS = (EventKind.NEW, EventKind.REOPENED, EventKind.REPOSTED)
CHUNK = 500
SWEEP_BATCH = 200
REPOST_REASON = "posted again after it closed"


class Mode(enum.Enum):
    NEWS = "news"
    """New, reopened or reposted: a match is alerted."""
    BASELINE = "baseline"
    """Already on the board when the user started watching it: shown, never alerted."""
    RESCORE = "rescore"
    """The user's profiles changed: scores follow, nothing is alerted."""


@dataclass
class MatchRun:
    """What a run did: pairs scored, matches written or updated, alerts written."""

    scored: int = 0
    matched: int = 0
    alertable: list[int] = field(default_factory=list)
    alerts: list[int] = field(default_factory=list)


def match_poll_job_id(poll_id: int) -> str:
    return f"match-poll-{poll_id}"


def queue_match_poll(poll: Poll) -> None:
    """After a complete read is committed, queue its matching (Redis down: logged, skipped).

    Only a poll not marked matched already: `store_read` marks one matched in its own
    transaction when no one watching the board has a profile (see `nobody_to_match`); a
    profile added later re-scores the open vacancies. A poll left unmatched (its job lost with
    Redis) is queued again by the tick: see :func:`requeue_unmatched_polls`.
    """
    if poll.outcome not in COMPLETE or poll.matched_at is not None:
        return
    try:
        enqueue_once(MATCH_POLL_JOB, poll.id, job_id=match_poll_job_id(poll.id))
    except QueueUnavailable as exc:
        log.warning("poll %s: matching not queued: %s", poll.id, exc)


def nobody_to_match(source_id: int) -> bool:
    """Whether no one watching the source has an active profile (within the caller's
    transaction: a poll stored then is marked matched at once)."""
    watchers = sa.select(Watch.user_id).where(Watch.source_id == source_id)
    query = sa.select(TargetProfile.id).where(
        TargetProfile.user_id.in_(watchers), TargetProfile.active.is_(True)
    )
    return db.session.scalar(query.limit(1)) is None


def requeue_unmatched_polls(now: datetime | None = None) -> int:
    """Run by every tick: queue the matching of complete polls not matched yet; the number queued.

    Redis holds only triggers: a job lost between a poll's commit and its enqueue, or flushed
    with Redis, is queued again here (a fixed job id, so a waiting one is not doubled). One
    whose job has run longer than a job may (its worker died) is queued over its record.
    """
    now = now or utcnow()
    rows = db.session.execute(
        sa.select(Poll.id, Poll.source_id, Poll.finished_at)
        .where(Poll.matched_at.is_(None), Poll.outcome.in_(COMPLETE))
        .order_by(Poll.id)
        .limit(SWEEP_BATCH)
    ).all()
    db.session.commit()  # no transaction stays open while Redis is asked
    stale_before = now - timedelta(seconds=JOB_TIMEOUT)
    queued = 0
    try:
        for poll_id, source_id, finished_at in rows:
            queued += _queue_matching(poll_id, source_id, stale=finished_at <= stale_before)
    except QueueUnavailable as exc:
        log.warning("unmatched polls wait for the next tick: %s", exc)
    if queued:
        log.info("queued the matching of %s unmatched polls", queued)
    return queued


def _queue_matching(poll_id: int, source_id: int, *, stale: bool) -> bool:
    """Queue one poll's matching, or mark it matched when no watcher has a profile."""
    if not _has_profiles(source_id):
        _mark_matched(poll_id)
        return False
    enqueue = enqueue_replacing if stale else enqueue_once
    return enqueue(MATCH_POLL_JOB, poll_id, job_id=match_poll_job_id(poll_id)) is not None


def _mark_matched(poll_id: int) -> None:
    db.session.execute(
        sa.update(Poll)
        .where(Poll.id == poll_id, Poll.matched_at.is_(None))
        .values(matched_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _has_profiles(source_id: int) -> bool:
    read_only_transactions()  # a read: no SQLite write lock
    found = not nobody_to_match(source_id)
    db.session.commit()  # end the read before talking to Redis
    return found


def match_poll(poll_id: int) -> MatchRun | None:
    """Score what one poll found for the users watching its board; alert the new matches.

    The poll is marked matched last, after its alerts are written: a run that dies before
    that is simply run again (scores are overwritten, each match is alerted once).
    """
    poll = db.session.get(Poll, poll_id)
    if poll is None or poll.outcome not in COMPLETE or poll.matched_at is not None:
        db.session.commit()
        return None
    first, others = _readers(poll)
    run = MatchRun()
    if first:
        _score(_open_vacancies(poll.source_id), first, Mode.BASELINE, run)
    news = _news(poll) if others else []
    if news:
        _score(news, others, Mode.NEWS, run)
    db.session.commit()
    run.alerts = write_alerts(run.alertable)
    _mark_matched(poll_id)
    log.info(
        "poll %s matched: %s pairs scored, %s matches, %s alerts",
        poll_id,
        run.scored,
        run.matched,
        len(run.alerts),
    )
    return run


def match_vacancies(vacancy_ids: Sequence[int]) -> MatchRun:
    """Score these (new) vacancies for every user watching their boards; alert new matches."""
    run = MatchRun()
    _score(vacancy_ids, None, Mode.NEWS, run)
    db.session.commit()
    run.alerts = write_alerts(run.alertable)
    return run


def rescore_user(user_id: int) -> MatchRun:
    """Score the open vacancies of the user's boards again (no alerts, dismissals kept)."""
    watched = sa.select(Watch.source_id).where(Watch.user_id == user_id)
    query = sa.select(Vacancy.id).where(
        Vacancy.source_id.in_(watched), Vacancy.status == VacancyStatus.OPEN
    )
    run = MatchRun()
    _score(list(db.session.scalars(query)), {user_id}, Mode.RESCORE, run)
    db.session.commit()
    return run


def _readers(poll: Poll) -> tuple[set[int], set[int]]:
    """(users for whom this poll is their first complete read of the board, the others)."""
    since = (
        sa.select(Watch.user_id, sa.func.min(Watch.created_at))
        .where(Watch.source_id == poll.source_id)
        .group_by(Watch.user_id)
    )
    previous = db.session.scalar(
        sa.select(sa.func.max(Poll.finished_at)).where(
            Poll.source_id == poll.source_id, Poll.id < poll.id, Poll.outcome.in_(COMPLETE)
        )
    )
    first, others = set(), set()
    for user_id, watched_at in db.session.execute(since):
        if watched_at > poll.finished_at:
            continue  # watching since after this read: the next one is their baseline
        if previous is None or previous < watched_at:
            first.add(user_id)
        else:
            others.add(user_id)
    return first, others


def _news(poll: Poll) -> list[int]:
    """The vacancies this poll found new, reopened or reposted."""
    query = (
        sa.select(VacancyEvent.vacancy_id)
        .join(Vacancy, Vacancy.id == VacancyEvent.vacancy_id)
        .where(
            Vacancy.source_id == poll.source_id,
            VacancyEvent.at == poll.finished_at,
            VacancyEvent.kind.in_(NEWS),
        )
        .distinct()
    )
    return list(db.session.scalars(query))


def _open_vacancies(source_id: int) -> list[int]:
    query = sa.select(Vacancy.id).where(
        Vacancy.source_id == source_id, Vacancy.status == VacancyStatus.OPEN
    )
    return list(db.session.scalars(query))


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _score(
    vacancy_ids: Sequence[int], users: Collection[int] | None, mode: Mode, run: MatchRun
) -> None:
    """Score and save (not committed) the matches of these vacancies for these users.

    Only pairs that score, or that have a row already, are saved: a user with no row and no
    score for a vacancy costs nothing past the index. Chunks watched by the same users share
    one compiled index.
    """
    matcher, matcher_users = Matcher([]), frozenset[int]()
    for chunk in _chunks(sorted(set(vacancy_ids))):
        vacancies = list(db.session.scalars(sa.select(Vacancy).where(Vacancy.id.in_(chunk))))
        watchers = _watchers({v.source_id for v in vacancies}, users)
        user_ids = {u for by_user in watchers.values() for u in by_user}
        if not user_ids:
            continue
        if user_ids != matcher_users:
            matcher, matcher_users = Matcher(_profiles(user_ids)), frozenset(user_ids)
        facts = FactBook(user_ids, {c for by_user in watchers.values() for c in by_user.values()})
        saver = _Saver(mode, run, user_ids, chunk, vacancies)
        for vacancy in vacancies:
            watching = watchers.get(vacancy.source_id, {})
            best = _best(matcher, vacancy, watching, facts, run)
            for user_id in saver.users_to_save(vacancy.id, best, watching):
                saver.save(user_id, vacancy, best.get(user_id))
        saver.finish()


def _watchers(source_ids: set[int], users: Collection[int] | None) -> dict[int, dict[int, int]]:
    """source → {user → the company the user watches it for (the first, by id)}."""
    query = sa.select(Watch.source_id, Watch.user_id, Watch.company_id).where(
        Watch.source_id.in_(source_ids)
    )
    if users is not None:
        query = query.where(Watch.user_id.in_(list(users)))
    found: dict[int, dict[int, int]] = {}
    for source_id, user_id, company_id in db.session.execute(query.order_by(Watch.company_id)):
        found.setdefault(source_id, {}).setdefault(user_id, company_id)
    return found


def _profiles(user_ids: Iterable[int]) -> list[CompiledProfile]:
    query = sa.select(TargetProfile).where(
        TargetProfile.user_id.in_(list(user_ids)), TargetProfile.active.is_(True)
    )
    return [compile_profile(p) for p in db.session.scalars(query.order_by(TargetProfile.id))]


def _best(
    matcher: Matcher, vacancy: Vacancy, watching: dict[int, int], facts: FactBook, run: MatchRun
) -> dict[int, Scored]:
    """The best score of each watching user's profiles for this vacancy (users with none: 0)."""
    text = read_vacancy(
        vacancy.title,
        location=vacancy.location,
        remote=vacancy.remote,
        department=vacancy.department,
        employment_type=vacancy.employment_type,
        description=vacancy.description_text,
    )
    best: dict[int, Scored] = {}
    for position in sorted(matcher.candidates(text)):
        profile = matcher.profiles[position]
        company_id = watching.get(profile.user_id)
        if company_id is None:
            continue
        user = profile.user_id
        scored = score(profile, text, facts.company(user, company_id), facts.boosts(user))
        run.scored += 1
        if user not in best or scored.score > best[user].score:
            best[user] = scored
    return best


class _Saver:
    """Writes one chunk's matches: new rows only for matches, existing rows always updated."""

    def __init__(
        self,
        mode: Mode,
        run: MatchRun,
        user_ids: set[int],
        chunk: list[int],
        vacancies: list[Vacancy],
    ) -> None:
        self.mode, self.run, self.now = mode, run, utcnow()
        self.news: list[Match] = []
        self.inserts: list[dict[str, object]] = []
        rows = db.session.scalars(
            sa.select(Match).where(Match.user_id.in_(user_ids), Match.vacancy_id.in_(chunk))
        )
        self.rows = {(m.user_id, m.vacancy_id): m for m in rows}
        self.with_rows: dict[int, set[int]] = {}
        for user_id, vacancy_id in self.rows:
            self.with_rows.setdefault(vacancy_id, set()).add(user_id)
        earlier = [v.repost_of_id for v in vacancies if v.repost_of_id is not None]
        dismissed = sa.select(Match.user_id, Match.vacancy_id).where(
            Match.vacancy_id.in_(earlier), Match.state == MatchState.DISMISSED
        )
        self.dismissed = {(u, v) for u, v in db.session.execute(dismissed)} if earlier else set()

    def users_to_save(
        self, vacancy_id: int, best: dict[int, Scored], watching: dict[int, int]
    ) -> list[int]:
        """The watching users with a score or a row for this vacancy (others: nothing to do)."""
        users = set(best) | self.with_rows.get(vacancy_id, set())
        return sorted(u for u in users if u in watching)

    def save(self, user_id: int, vacancy: Vacancy, scored: Scored | None) -> None:
        row = self.rows.get((user_id, vacancy.id))
        if row is None and (scored is None or not scored.matched):
            return
        repost = vacancy.repost_of_id is not None
        reasons = ([REPOST_REASON] if repost else []) + (scored.reasons if scored else [])
        if row is None:
            assert scored is not None  # a new row only for a match
            dismissed = (user_id, vacancy.repost_of_id) in self.dismissed
            self.inserts.append(
                {
                    "user_id": user_id,
                    "vacancy_id": vacancy.id,
                    "profile_id": scored.profile_id,
                    "score": scored.score,
                    "matched": True,
                    "reasons": reasons,
                    # dismissed once, dismissed when reposted
                    "state": MatchState.DISMISSED if dismissed else MatchState.NEW,
                    "baseline": self.mode is not Mode.NEWS,
                    "repost": repost,
                    "alerted": False,
                    "scored_at": self.now,
                    "created_at": self.now,
                }
            )
            self.run.matched += 1
            return
        if self.mode is Mode.NEWS:
            row.baseline = False  # reopened or reposted: news again (alerted at most once)
        row.profile_id = scored.profile_id if scored else None
        row.score = scored.score if scored else 0
        row.matched = bool(scored and scored.matched)
        row.reasons = reasons
        row.repost = row.repost or repost
        row.scored_at = self.now
        self.run.matched += row.matched
        if self.mode is Mode.NEWS and row.matched:
            self.news.append(row)

    def finish(self) -> None:
        """Write the chunk's new rows in one statement, flush the changed ones, and note the
        ids of those that may be alerted."""
        db.session.flush()
        self.run.alertable.extend(row.id for row in self.news)
        if not self.inserts:
            return
        insert = sa.insert(Match).returning(Match.id, sort_by_parameter_order=True)
        ids = db.session.scalars(insert, self.inserts).all()
        if self.mode is Mode.NEWS:
            self.run.alertable.extend(ids)
