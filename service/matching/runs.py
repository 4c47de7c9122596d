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
from service.queue import QueueUnavailable, enqueue_once

log = logging.getLogger(__name__)

MATCH_POLL_JOB = "workers.jobs.match_poll"
COMPLETE = ("complete", "unchanged")
NEWS = (EventKind.NEW, EventKind.REOPENED, EventKind.REPOSTED)
CHUNK = 500
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

    Only when someone watching the board has a profile: there is nothing to score otherwise
    (a profile added later re-scores the open vacancies).
    """
    if poll.outcome not in COMPLETE or not _has_profiles(poll.source_id):
        return
    try:
        enqueue_once(MATCH_POLL_JOB, poll.id, job_id=match_poll_job_id(poll.id))
    except QueueUnavailable as exc:
        log.warning("poll %s: matching not queued: %s", poll.id, exc)


def _has_profiles(source_id: int) -> bool:
    read_only_transactions()  # a read: no SQLite write lock
    watchers = sa.select(Watch.user_id).where(Watch.source_id == source_id)
    query = sa.select(TargetProfile.id).where(
        TargetProfile.user_id.in_(watchers), TargetProfile.active.is_(True)
    )
    found = db.session.scalar(query.limit(1)) is not None
    db.session.commit()  # end the read before talking to Redis
    return found


def match_poll(poll_id: int) -> MatchRun | None:
    """Score what one poll found for the users watching its board; alert the new matches."""
    poll = db.session.get(Poll, poll_id)
    if poll is None or poll.outcome not in COMPLETE:
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
    """Score and save (not committed) the matches of these vacancies for these users."""
    for chunk in _chunks(sorted(set(vacancy_ids))):
        vacancies = list(db.session.scalars(sa.select(Vacancy).where(Vacancy.id.in_(chunk))))
        watchers = _watchers({v.source_id for v in vacancies}, users)
        user_ids = {u for by_user in watchers.values() for u in by_user}
        if not user_ids:
            continue
        profiles = _profiles(user_ids)
        facts = FactBook(user_ids, {c for by_user in watchers.values() for c in by_user.values()})
        saver = _Saver(mode, run, user_ids, chunk, vacancies)
        matcher = Matcher(profiles)
        for vacancy in vacancies:
            watching = watchers.get(vacancy.source_id, {})
            best = _best(matcher, vacancy, watching, facts, run)
            for user_id in watching:
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
        rows = db.session.scalars(
            sa.select(Match).where(Match.user_id.in_(user_ids), Match.vacancy_id.in_(chunk))
        )
        self.rows = {(m.user_id, m.vacancy_id): m for m in rows}
        earlier = [v.repost_of_id for v in vacancies if v.repost_of_id is not None]
        dismissed = sa.select(Match.user_id, Match.vacancy_id).where(
            Match.vacancy_id.in_(earlier), Match.state == MatchState.DISMISSED
        )
        self.dismissed = {(u, v) for u, v in db.session.execute(dismissed)} if earlier else set()

    def save(self, user_id: int, vacancy: Vacancy, scored: Scored | None) -> None:
        row = self.rows.get((user_id, vacancy.id))
        if row is None and (scored is None or not scored.matched):
            return
        repost = vacancy.repost_of_id is not None
        reasons = ([REPOST_REASON] if repost else []) + (scored.reasons if scored else [])
        if row is None:
            row = Match(
                user_id=user_id,
                vacancy_id=vacancy.id,
                state=MatchState.NEW,
                baseline=self.mode is not Mode.NEWS,
                repost=repost,
                alerted=False,
                created_at=self.now,
            )
            if (user_id, vacancy.repost_of_id) in self.dismissed:
                row.state = MatchState.DISMISSED  # dismissed once, dismissed when reposted
            db.session.add(row)
            self.rows[(user_id, vacancy.id)] = row
        elif self.mode is Mode.NEWS:
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
        """Flush the chunk's rows and note the ids of those that may be alerted."""
        db.session.flush()
        self.run.alertable.extend(row.id for row in self.news)
