"""Sending to one channel, whatever it carries (an alert, a digest, a test), and its health.

``send`` renders and sends with no transaction open (on SQLite any open transaction outside a
GET holds the write lock). ``record_success`` and ``record_failure`` keep the channel's health:
a webhook that fails ``CHANNEL_PAUSE_AFTER_FAILURES`` times in a row is paused with the reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from service.alerts import mail, webhook
from service.alerts.content import AlertContent
from service.extensions import db
from service.models import Channel, ChannelKind, User, WebhookFormat

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Destination:
    """What a delivery needs of its channel, read before the transaction ends."""

    channel_id: int
    kind: ChannelKind
    email: str | None
    webhook_url: str | None
    secret: str
    fmt: WebhookFormat

    @classmethod
    def of(cls, channel: Channel, user: User) -> Destination:
        return cls(
            channel.id,
            channel.kind,
            channel.email or user.email,
            channel.webhook_url,
            channel.webhook_secret or "",
            channel.webhook_format,
        )


def send(
    destination: Destination, event_id: str, contents: list[AlertContent], *, digest: str = ""
) -> None:
    """Send one alert (``contents`` of one) or a digest; DeliveryFailed when refused."""
    if destination.kind is ChannelKind.WEBHOOK:
        body = webhook.body(destination.fmt, event_id, contents, digest=digest)
        webhook.post(destination.webhook_url or "", destination.secret, event_id, body)
    elif destination.kind is ChannelKind.EMAIL:
        settings = mail.SmtpSettings.from_config()
        message = mail.render_email(
            destination.email or "",
            _subject(contents, digest),
            "digest" if digest else "alert",
            event_id,
            settings.sender,
            alerts=contents,
            period=digest,
        )
        mail.send_messages(settings, [message])
    # In-app alerts are delivered by being written: nothing to send.


def send_test(destination: Destination, event_id: str) -> None:
    """A test message on this channel; DeliveryFailed when refused."""
    if destination.kind is ChannelKind.WEBHOOK:
        body = webhook.test_body(destination.fmt, event_id)
        webhook.post(destination.webhook_url or "", destination.secret, event_id, body)
    elif destination.kind is ChannelKind.EMAIL:
        settings = mail.SmtpSettings.from_config()
        message = mail.render_email(
            destination.email or "",
            "Next Round: test message",
            "test",
            event_id,
            settings.sender,
        )
        mail.send_messages(settings, [message])


def _subject(contents: list[AlertContent], digest: str) -> str:
    if digest:
        count = len(contents)
        return f"Next Round digest {digest}: {count} new vacanc{'y' if count == 1 else 'ies'}"
    content = contents[0]
    subject = f"New vacancy at {content.company}: {content.title}"
    if content.people:
        subject += f" — you know {content.people[0].name} there"
    return subject


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    """How long after the ``attempts``-th failure to try again: doubling, capped."""
    config = current_app.config
    cap = config["ALERT_RETRY_MAX_SECONDS"]
    seconds = min(config["ALERT_RETRY_BASE_SECONDS"] * 2 ** min(max(attempts - 1, 0), 20), cap)
    if retry_after:
        seconds = max(seconds, min(retry_after, cap))
    return timedelta(seconds=seconds)


def record_success(channel_id: int, now: datetime) -> None:
    """The channel delivered: its failure count starts again (not committed)."""
    db.session.execute(
        sa.update(Channel)
        .where(Channel.id == channel_id)
        .values(consecutive_failures=0, last_sent_at=now, last_error=None)
        .execution_options(synchronize_session=False)
    )


def record_failure(channel_id: int, error: str, now: datetime) -> None:
    """Count a failed delivery; pause a webhook after too many in a row (not committed)."""
    channel = db.session.get(Channel, channel_id, populate_existing=True)
    if channel is None:
        return
    channel.consecutive_failures += 1
    channel.last_error = error
    limit = current_app.config["CHANNEL_PAUSE_AFTER_FAILURES"]
    pausable = channel.kind is ChannelKind.WEBHOOK and channel.paused_at is None
    if pausable and channel.consecutive_failures >= limit:
        channel.paused_at = now
        channel.paused_reason = (
            f"Paused after {channel.consecutive_failures} failed deliveries in a row. "
            f"The last one: {error}"
        )
        log.warning("channel %s paused: %s", channel_id, error)


def deliverable() -> sa.Select[Any]:
    """The ids of channels that may send now (enabled and not paused)."""
    return sa.select(Channel.id).where(Channel.enabled.is_(True), Channel.paused_at.is_(None))
