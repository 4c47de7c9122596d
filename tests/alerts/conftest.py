"""Fixtures of the alert tests: an SMTP sink, a webhook receiver, an app that uses both."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from service.models import User
from tests.alerts.sinks import SmtpSink, WebhookReceiver
from tests.boards.servers import LoopbackServer


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
