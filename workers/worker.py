"""The RQ worker: one app context per process, a fresh database pool in every work horse."""

from __future__ import annotations

from flask import Flask, current_app
from rq import Queue, Worker
from rq.job import Job

from service.extensions import db
from service.queue import get_queue, redis_connection


class AppWorker(Worker):
    """A forking worker whose horses never reuse the parent's database connections."""

    def main_work_horse(self, job: Job, queue: Queue) -> None:
        db.engine.dispose(close=False)  # sockets of the parent stay the parent's
        super().main_work_horse(job, queue)


def build_worker(app: Flask, name: str | None = None) -> Worker:
    """A worker on the app's queue; call inside ``app.app_context()``."""
    assert current_app._get_current_object() is app  # type: ignore[attr-defined]
    return AppWorker([get_queue()], connection=redis_connection(), name=name)
