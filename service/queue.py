"""RQ wiring: explicit Redis connections, job defaults in one place, enqueue by dotted path.

service/ never imports workers/: jobs are named by their dotted path, e.g.
``enqueue("workers.jobs.run_import", run.id)``. Call ``enqueue`` only after the rows the job
needs are committed.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus

log = logging.getLogger(__name__)

JOB_TIMEOUT = 600
RESULT_TTL = 3600  # a day of results would only fill Redis; the outcome lives in SQL
FAILURE_TTL = 7 * 24 * 3600
RETRY_INTERVALS = [10, 60, 300]


_LIVE = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED, JobStatus.STARTED}


class QueueUnavailable(RuntimeError):
    """Redis could not be reached, so the work was not queued (nothing else was lost)."""


def redis_connection() -> Redis:
    """The app's Redis client (fails fast when Redis is down instead of hanging)."""
    ext = current_app.extensions
    if "nextround_redis" not in ext:
        ext["nextround_redis"] = Redis.from_url(
            current_app.config["REDIS_URL"],
            socket_connect_timeout=2,
            socket_timeout=5,
            health_check_interval=30,
        )
    client: Redis = ext["nextround_redis"]
    return client


def get_queue() -> Queue:
    """The one queue Next Round uses, on the app's Redis."""
    return Queue(current_app.config["RQ_QUEUE"], connection=redis_connection())


def enqueue(func_path: str, *args: Any, job_id: str | None = None, **options: Any) -> Job:
    """Queue ``func_path(*args)`` with the project's timeouts, TTLs and retries."""
    settings: dict[str, Any] = {
        "job_timeout": JOB_TIMEOUT,
        "result_ttl": RESULT_TTL,
        "failure_ttl": FAILURE_TTL,
        "retry": Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
    }
    settings.update(options)
    try:
        job = get_queue().enqueue(func_path, *args, job_id=job_id, **settings)
    except RedisError as exc:
        log.warning("could not enqueue %s: %s", func_path, exc)
        raise QueueUnavailable("the job queue (Redis) is not reachable; try again shortly") from exc
    log.info("enqueued %s as job %s", func_path, job.id)
    return job


def enqueue_once(func_path: str, *args: Any, job_id: str, **options: Any) -> Job | None:
    """Queue the job unless one with this id is waiting, scheduled or running (then None).

    RQ's ``unique=True`` refuses an id whose job record exists, and a record outlives its job
    (finished and failed jobs are kept for their TTLs): an ended job's record is deleted and the
    job queued again.
    """
    for _attempt in range(2):
        try:
            return enqueue(func_path, *args, job_id=job_id, unique=True, **options)
        except DuplicateJobError:
            if not _drop_ended_job(job_id):
                break
    log.info("%s is already queued as job %s", func_path, job_id)
    return None


def _drop_ended_job(job_id: str) -> bool:
    """Delete the record of an ended job; False when the job is still waiting or running."""
    try:
        found = Job.fetch(job_id, connection=redis_connection())
        if found.get_status(refresh=False) in _LIVE:
            return False
        found.delete()
    except NoSuchJobError:
        pass  # it expired in between
    except RedisError as exc:
        raise QueueUnavailable("the job queue (Redis) is not reachable; try again shortly") from exc
    return True


def redis_ok() -> bool:
    """Whether Redis answers a PING."""
    try:
        return bool(redis_connection().ping())
    except RedisError:
        return False


def enqueue_replacing(func_path: str, *args: Any, job_id: str, **options: Any) -> Job | None:
    """Queue the job even over a record left by a worker that died with it.

    For work the database knows is stale (a lease ran out): a job really waiting in the queue,
    or scheduled for a retry, is left to run (None); any other record (started by a dead
    worker, or taken from the queue by one) is deleted and the job queued again.
    """
    job = enqueue_once(func_path, *args, job_id=job_id, **options)
    if job is not None:
        return job
    try:
        stale = Job.fetch(job_id, connection=redis_connection())
        status = stale.get_status(refresh=False)
        queue = get_queue()
        waiting = (
            status is JobStatus.QUEUED and queue.connection.lpos(queue.key, job_id) is not None
        )
        if waiting or status in {JobStatus.SCHEDULED, JobStatus.DEFERRED}:
            return None
        log.warning("job %s outlived its lease (%s); queueing it again", job_id, status)
        stale.delete()
    except NoSuchJobError:
        pass
    except RedisError as exc:
        raise QueueUnavailable("the job queue (Redis) is not reachable; try again shortly") from exc
    return enqueue_once(func_path, *args, job_id=job_id, **options)
