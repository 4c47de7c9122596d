"""The schedule, kept in SQL: each source's next due time and a lease while it is polled.

The tick claims due sources with a conditional UPDATE (due, and not leased or the lease run
out), commits, then queues one poll each under the fixed job id ``poll-<source id>``. Two ticks
at once claim each source once; a poll lost with Redis (restarted, flushed) leaves its lease to
run out, and the next tick finds the source due again. Demo boards (served by `nextround demo` only
while it runs) are never claimed. A poll ends by setting the next due
time: the interval with jitter after a success, a growing (capped) backoff after failures.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from service.clock import utcnow
from service.extensions import db
from service.models import Source
from service.queue import QueueUnavailable, enqueue_once, get_queue, redis_connection
from service.watch.services import POLL_JOB, poll_job_id, poll_options

log = logging.getLogger(__name__)

CLAIM_BATCH = 200


def claim_due_sources(now: datetime | None = None, *, limit: int = CLAIM_BATCH) -> list[int]:
    """Lease the sources due at ``now`` (committed); each is claimed by one caller only."""
    return [source_id for source_id, _ in _claim(now or utcnow(), limit)]


def _claim(now: datetime, limit: int) -> list[tuple[int, bool]]:
    """Claimed sources, each with whether an earlier lease of it ran out (its poll died)."""
    lease_until = now + timedelta(seconds=current_app.config["WATCH_LEASE_SECONDS"])
    free = sa.or_(Source.lease_until.is_(None), Source.lease_until <= now)
    due = (
        sa.select(Source.id, Source.lease_until)
        .where(Source.next_due_at <= now, free, Source.demo.is_(False))
        .order_by(Source.next_due_at)
        .limit(limit)
    )
    claimed = []
    for source_id, expired in list(db.session.execute(due)):
        claim = (
            sa.update(Source)
            .where(Source.id == source_id, Source.next_due_at <= now, free)
            .values(lease_until=lease_until, leased_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(db.session.execute(claim), "rowcount", 0):
            claimed.append((source_id, expired is not None))
    db.session.commit()
    return claimed


def tick(now: datetime | None = None) -> int:
    """Claim the due sources and queue their polls; the number queued.

    With Redis down the leases stay and run out, and a later tick queues those polls.
    """
    queued = 0
    for source_id, expired in _claim(now or utcnow(), CLAIM_BATCH):
        try:
            queued += bool(queue_claimed(source_id, expired=expired))
        except QueueUnavailable as exc:
            log.warning("tick: %s; the due polls wait for their leases to run out", exc)
            break
    return queued


def queue_claimed(source_id: int, *, expired: bool) -> Job | None:
    """Queue a claimed source's poll; after a lease ran out, also in place of a dead run.

    A poll's job may run no longer than its lease, so a job not waiting in the queue when the
    lease has run out belongs to a worker that died (SIGKILL, a lost machine) or is a retry RQ
    scheduled for later: RQ would only act much later (a dead worker's scheduler holds its lock
    for a while), so the record is dropped and the poll queued again now.
    """
    job_id = poll_job_id(source_id)
    options = poll_options()
    job = enqueue_once(POLL_JOB, source_id, job_id=job_id, **options)
    if job is not None or not expired:
        return job
    try:
        stale = Job.fetch(job_id, connection=redis_connection())
        if _waiting(stale):
            return None  # it will run
        log.warning("poll of source %s outlived its lease; queueing it again", source_id)
        stale.delete()
    except NoSuchJobError:
        pass
    except RedisError as exc:
        raise QueueUnavailable("the job queue (Redis) is not reachable") from exc
    return enqueue_once(POLL_JOB, source_id, job_id=job_id, **options)


def _waiting(job: Job) -> bool:
    """Whether ``job`` really waits in its queue (a worker that died just after taking it
    leaves it marked queued but in no queue)."""
    if job.get_status(refresh=False) is not JobStatus.QUEUED:
        return False
    queue = get_queue()
    return queue.connection.lpos(queue.key, job.id) is not None


def next_due(source: Source, now: datetime, *, failed: bool) -> datetime:
    """When to read ``source`` again: its interval with jitter, or a backoff after failures."""
    config = current_app.config
    interval = max(source.interval_seconds, config["WATCH_MIN_INTERVAL_SECONDS"])
    if failed:
        growth = 2 ** min(source.consecutive_failures, 16)
        interval = min(interval * growth, max(interval, config["WATCH_BACKOFF_MAX_SECONDS"]))
    spread = interval * config["WATCH_JITTER_PERCENT"] / 100
    return now + timedelta(seconds=interval + random.uniform(-spread, spread))  # noqa: S311


def release(source: Source, now: datetime, *, failed: bool) -> None:
    """End a poll's lease and set the next due time (not committed)."""
    source.next_due_at = next_due(source, now, failed=failed)
    source.lease_until = None
    source.leased_at = None
