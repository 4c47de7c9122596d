"""The week tests send their digests to a real SMTP sink, and webhooks to a loopback receiver."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from service.models import User
from service.week.digest import set_goals
from tests.alerts.conftest import alert_settings, receiver, smtp_sink
from tests.alerts.sinks import SmtpSink

__all__ = ["receiver", "smtp_sink"]


@pytest.fixture
def app(app_factory: Callable[..., Flask], smtp_sink: SmtpSink) -> Iterator[Flask]:
    application = app_factory(**alert_settings(smtp_sink))
    with application.app_context():
        yield application


@pytest.fixture
def make_user(make_user: Callable[..., User]) -> Callable[..., User]:
    """Accounts whose weekly writing goals are off (0 posts, 0 comments), so that the tests of
    the other item kinds count only those; the goal tests set their own goals."""

    def make(*args: object, **kwargs: object) -> User:
        user = make_user(*args, **kwargs)
        set_goals(user, posts=0, comments=0)
        return user

    return make
