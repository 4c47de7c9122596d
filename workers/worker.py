"""The RQ worker: one app context per process; frequent small jobs run in it, others in a horse.

Polls, matching and deliveries run many times an hour and take milliseconds: forking a work
horse for each (and compiling every SQL statement again in it, opening new connections) cost
more than the jobs themselves. They run in the worker process (as RQ's ``SimpleWorker`` runs
every job), with the session removed after each. Rare or heavy jobs (imports, discovery, drafts
by an LLM, weekly plans) still run in a forked horse with a fresh database pool, so a large one
leaves no memory behind in the worker. A job timeout applies either way (RQ's death penalty).

RQ's worker loop quits when Redis goes away in the middle of a job (it only rides out a lost
connection while waiting for one). `run_worker` starts it again once Redis answers, so a
restarted Redis costs a pause, not the worker; a stop asked for by a signal still stops it.
"""

from __future__ import annotations

import gc
import importlib
import logging
import signal
import time
from collections.abc import Callable
from types import FrameType

import redis
import sqlalchemy as sa
from flask import Flask, current_app
from redis.client import Pipeline
from rq import Queue, Worker
from rq.defaults import DEFAULT_WORKER_TTL
from rq.job import Job
from rq.worker import WorkerStatus

from service.extensions import db
from service.queue import get_queue, redis_connection

log = logging.getLogger(__name__)
MAX_WAIT_SECONDS = 30.0


IN_PROCESS_JOBS = frozenset(
    f"workers.jobs.{name}"
    for name in ("poll_source", "match_poll", "deliver_alert", "deliver_digest", "test_channel")
)
"""Jobs run in the worker itself (see the module docstring)."""


class AppWorker(Worker):
    """A forking worker whose horses never reuse the parent's database connections; the jobs
    of `IN_PROCESS_JOBS` run in the worker itself."""

    stopping = False  # set when a signal asked the worker to stop (warm shutdown)

    def execute_job(self, job: Job, queue: Queue) -> None:
        if job.func_name not in IN_PROCESS_JOBS:
            super().execute_job(job, queue)
            return
        execution = self.prepare_execution(job)
        try:
            self.perform_job(job, queue, execution)
        finally:
            db.session.remove()  # the next job starts with an empty session
            self.set_state(WorkerStatus.IDLE)

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        if job.func_name not in IN_PROCESS_JOBS:
            return super().get_heartbeat_ttl(job, working_time)
        # No heartbeat while the worker runs the job itself: its key outlives the job's timeout.
        return int(job.timeout or DEFAULT_WORKER_TTL) + 60

    def heartbeat(self, timeout: int | None = None, pipeline: Pipeline | None = None) -> None:
        """RQ's heartbeat (three commands) in one round trip when not part of a pipeline."""
        if pipeline is not None:
            super().heartbeat(timeout, pipeline)
            return
        with self.connection.pipeline(transaction=False) as own:
            super().heartbeat(timeout, own)
            own.execute()

    def main_work_horse(self, job: Job, queue: Queue) -> None:
        db.engine.dispose(close=False)  # sockets of the parent stay the parent's
        super().main_work_horse(job, queue)

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True
        super().request_stop(signum, frame)


def build_worker(app: Flask, name: str | None = None) -> AppWorker:
    """A worker on the app's queue; call inside ``app.app_context()``."""
    assert current_app._get_current_object() is app  # type: ignore[attr-defined]
    preload()
    return AppWorker([get_queue()], connection=redis_connection(), name=name)


def preload() -> None:
    """Do once in the worker what every forked work horse would otherwise do for each job.

    The jobs module (and all it imports) and the ORM mappers are ready before the fork; the
    objects made so far are left out of garbage collection, so a horse's collections do not
    touch (and copy) the pages it shares with the worker.
    """
    importlib.import_module("workers.jobs")
    sa.orm.configure_mappers()
    gc.freeze()


def run_worker(
    app: Flask,
    *,
    name: str | None = None,
    burst: bool = False,
    pause: Callable[[float], None] = time.sleep,
) -> None:
    """Work until a signal stops the worker (or the queue is empty, in burst mode)."""
    while True:
        worker = build_worker(app, name=name)
        try:
            worker.work(burst=burst, with_scheduler=True, logging_level=app.config["LOG_LEVEL"])
        except redis.exceptions.ConnectionError:
            log.warning("worker %s lost Redis while stopping", worker.name)
        if burst or worker.stopping:
            return
        log.warning("worker %s quit unexpectedly; starting again once Redis answers", worker.name)
        wait_for_redis(pause)


def wait_for_redis(pause: Callable[[float], None] = time.sleep) -> None:
    """Block until Redis answers a PING, waiting longer each time (Ctrl-C or SIGTERM exit)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # nothing runs now: a stop is immediate
    signal.signal(signal.SIGINT, signal.default_int_handler)
    delay = 0.5
    while True:
        try:
            redis_connection().ping()
            return
        except redis.exceptions.RedisError:
            pause(delay)
            delay = min(delay * 2, MAX_WAIT_SECONDS)
