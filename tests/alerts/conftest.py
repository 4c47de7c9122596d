"""Fixtures of the alert tests: an SMTP sink, a webhook receiver, an app that uses both, and
real worker and tick processes delivering to them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from service.models import User
from tests.alerts.sinks import SmtpSink, WebhookReceiver
from tests.boards.servers import LoopbackServer
from tests.watch.processes import Processes


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    try:
        yield sink
    finally:
        sink.stop()


def alert_settings(sink: SmtpSink) -> dict[str, object]:
    """Config for an app (or worker processes) delivering to the sink, retrying at once."""
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": sink.port,
        "SMTP_TLS": "none",
        "SMTP_FROM": "Next Round <alerts@nextround.test>",
        "PUBLIC_URL": "http://nextround.test",
        "ALERT_RETRY_BASE_SECONDS": 60,
        "CHANNEL_PAUSE_AFTER_FAILURES": 3,
    }


@pytest.fixture
def app(app_factory: Callable[..., Flask], smtp_sink: SmtpSink) -> Iterator[Flask]:
    """The test app, sending mail to the sink (webhooks on loopback are allowed)."""
    application = app_factory(**alert_settings(smtp_sink))
    with application.app_context():
        yield application


@pytest.fixture
def receiver(server: LoopbackServer) -> WebhookReceiver:
    return WebhookReceiver(server)


@pytest.fixture
def other_user(make_user: Callable[..., User]) -> User:
    return make_user("grace@example.com")


# Real `python -m workers` and `python -m workers.tick` processes delivering to the sinks.


@pytest.fixture
def live_app(
    app_factory: Callable[..., Flask], smtp_sink: SmtpSink, worker_queue: str
) -> Iterator[Flask]:
    """The test process's app for the end-to-end tests (its own queue, the sink's settings)."""
    application = app_factory(
        RQ_QUEUE=worker_queue, WATCH_INTERVAL_SECONDS=0, **alert_settings(smtp_sink)
    )
    with application.app_context():
        yield application


@pytest.fixture
def worker_queue() -> str:
    return f"alerts-e2e-{os.getpid()}"


@pytest.fixture
def alert_lease_seconds() -> int:
    return 30


@pytest.fixture
def live(
    live_app: Flask,
    smtp_sink: SmtpSink,
    tmp_path: Path,
    redis_url: str,
    worker_queue: str,
    alert_lease_seconds: int,
) -> Iterator[Processes]:
    """Starts worker and tick processes on the test's database, Redis and sinks; stops them."""
    database = live_app.config["SQLALCHEMY_DATABASE_URI"]
    env = dict(
        os.environ,
        NEXTROUND_ENV="testing",
        DATABASE_URL=database,
        TEST_DATABASE_URL=database,
        REDIS_URL=redis_url,
        NEXTROUND_QUEUE=worker_queue,
        SECRET_KEY="alerts-e2e-secret-" + "x" * 20,
        LOG_LEVEL="INFO",
        NEXTROUND_FETCH_ALLOW_LOOPBACK="true",
        NEXTROUND_WATCH_INTERVAL_SECONDS="0",
        NEXTROUND_WATCH_JITTER_PERCENT="0",
        NEXTROUND_WATCH_BACKOFF_MAX_SECONDS="0",
        # Boards are due again at once: a tick may claim one while its last poll job is still
        # finishing (so not queued again); a short lease lets the next tick take it back.
        NEXTROUND_WATCH_LEASE_SECONDS="3",
        NEXTROUND_SMTP_HOST="127.0.0.1",
        NEXTROUND_SMTP_PORT=str(smtp_sink.port),
        NEXTROUND_SMTP_TLS="none",
        NEXTROUND_SMTP_FROM="Next Round <alerts@nextround.test>",
        NEXTROUND_SMTP_TIMEOUT_SECONDS="10",
        NEXTROUND_PUBLIC_URL="http://nextround.test",
        NEXTROUND_ALERT_LEASE_SECONDS=str(alert_lease_seconds),
        NEXTROUND_ALERT_RETRY_BASE_SECONDS="1",
        NEXTROUND_ALERT_RETRY_MAX_SECONDS="2",
        NEXTROUND_CHANNEL_PAUSE_AFTER_FAILURES="10",
    )
    started = Processes(env, tmp_path)
    try:
        yield started
    finally:
        started.stop_all()
