"""The week tests send their digests to a real SMTP sink, and webhooks to a loopback receiver."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from tests.alerts.conftest import alert_settings, receiver, smtp_sink
from tests.alerts.sinks import SmtpSink

__all__ = ["receiver", "smtp_sink"]


@pytest.fixture
def app(app_factory: Callable[..., Flask], smtp_sink: SmtpSink) -> Iterator[Flask]:
    application = app_factory(**alert_settings(smtp_sink))
    with application.app_context():
        yield application
