"""Fixtures of the watch tests: loopback boards, a watched board, worker processes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from service.models import User, Watch
from service.watch.services import add_watch
from tests.boards.servers import LoopbackServer
from tests.watch.boards import GreenhouseBoard, job
from tests.watch.processes import Processes


@pytest.fixture
def board(server: LoopbackServer) -> GreenhouseBoard:
    """A Greenhouse board with two postings."""
    return GreenhouseBoard(server, [job(1, "Backend Engineer"), job(2, "Data Analyst", "Berlin")])


@pytest.fixture
def watch(user: User, board: GreenhouseBoard) -> Watch:
    """``user`` watching ``board`` for the company Acme."""
    return add_watch(user, board.url, "Acme", ats="greenhouse")


# Fixtures of the end-to-end tests: real worker and tick processes on this test's database.


@pytest.fixture
def queue_name() -> str:
    return f"watch-e2e-{os.getpid()}"


@pytest.fixture
def e2e_app(app_factory: Callable[..., Flask], queue_name: str) -> Iterator[Flask]:
    application = app_factory(RQ_QUEUE=queue_name, WATCH_INTERVAL_SECONDS=0)
    with application.app_context():
        yield application


@pytest.fixture
def lease_seconds() -> int:
    return 20


@pytest.fixture
def processes(
    e2e_app: Flask, tmp_path: Path, redis_url: str, queue_name: str, lease_seconds: int
) -> Iterator[Processes]:
    env = dict(
        os.environ,
        NEXTROUND_ENV="testing",
        DATABASE_URL=e2e_app.config["SQLALCHEMY_DATABASE_URI"],
        TEST_DATABASE_URL=e2e_app.config["SQLALCHEMY_DATABASE_URI"],
        REDIS_URL=redis_url,
        NEXTROUND_QUEUE=queue_name,
        SECRET_KEY="watch-e2e-secret-" + "x" * 20,
        LOG_LEVEL="INFO",
        NEXTROUND_FETCH_ALLOW_LOOPBACK="true",
        NEXTROUND_WATCH_INTERVAL_SECONDS="0",
        NEXTROUND_WATCH_JITTER_PERCENT="0",
        NEXTROUND_WATCH_BACKOFF_MAX_SECONDS="0",
        NEXTROUND_WATCH_LEASE_SECONDS=str(lease_seconds),
    )
    started = Processes(env, tmp_path)
    try:
        yield started
    finally:
        started.stop_all()
