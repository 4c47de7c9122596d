"""Alerts and channels as the pages, the API and the CLI use them: rules, queries, commits.

Each function that changes something commits and only then queues its jobs.
"""

from __future__ import annotations

import logging
import zoneinfo
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from service.alerts import channels, webhook
from service.alerts.channels import Destination
from service.alerts.errors import DeliveryFailed
from service.alerts.outbox import in_app_channel, new_event_id, queue_deliveries
from service.alerts.schemas import ChannelChange, ChannelIn, ChannelKindIn
from service.boards.errors import FetchError
from service.clock import utcnow
from service.errors import ValidationFailed
from service.extensions import db
from service.models import Alert, AlertStatus, Cadence, Channel, ChannelKind, User
from service.owned import owned
from service.queue import enqueue_once
from service.validation import parse

log = logging.getLogger(__name__)

TEST_JOB = "workers.jobs.test_channel"


def test_job_id(channel_id: int) -> str:
    return f"channel-test-{channel_id}"


# Alerts


def alerts_query(
    user: User,
    *,
    unread: bool = False,
    channel_id: int | None = None,
    status: AlertStatus | None = None,
    vacancy_id: int | None = None,
    in_app: bool = False,
) -> sa.Select[Any]:
    """The user's alerts, newest first, filtered."""
    query = (
        sa.select(Alert)
        .options(joinedload(Alert.vacancy), joinedload(Alert.match), joinedload(Alert.channel))
        .where(Alert.user_id == user.id)
        .order_by(Alert.created_at.desc(), Alert.id.desc())
    )
    if in_app or unread:
        query = query.join(Channel, Channel.id == Alert.channel_id).where(
            Channel.kind == ChannelKind.IN_APP
        )
    if unread:
        query = query.where(Alert.read_at.is_(None))
    if channel_id is not None:
        query = query.where(Alert.channel_id == channel_id)
    if status is not None:
        query = query.where(Alert.status == status)
    if vacancy_id is not None:
        query = query.where(Alert.vacancy_id == vacancy_id)
    return query


def list_alerts(
    user: User, *, page: int = 1, per_page: int = 50, **filters: Any
) -> tuple[list[Alert], int]:
    """A page of the user's alerts and how many there are in all."""
    query = alerts_query(user, **filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique()
    return [row for row in rows if isinstance(row, Alert)], total


def get_alert(user: User, alert_id: int) -> Alert:
    return owned(Alert, user, alert_id, "No such alert.")


def open_alert(user: User, alert_id: int) -> Alert:
    """Show an alert: reading it marks it read (written in a transaction of its own)."""
    get_alert(user, alert_id)
    db.session.commit()  # a GET reads in a deferred transaction: write in a fresh one
    alert = get_alert(user, alert_id)
    if alert.read_at is None:
        alert.read_at = utcnow()
    db.session.commit()
    return alert


def unread_count(user: User) -> int:
    """In-app alerts the user has not read (shown in the navigation)."""
    query = alerts_query(user, unread=True).with_only_columns(sa.func.count(Alert.id))
    return db.session.scalar(query.order_by(None)) or 0


def mark_read(user: User, alert_id: int, read: bool = True) -> Alert:
    """Mark one alert read (or unread again)."""
    alert = get_alert(user, alert_id)
    alert.read_at = (alert.read_at or utcnow()) if read else None
    db.session.commit()
    return alert


def mark_all_read(user: User) -> int:
    """Mark every unread in-app alert read; how many were."""
    ids = sa.select(Alert.id).where(Alert.user_id == user.id, Alert.read_at.is_(None))
    done = db.session.execute(
        sa.update(Alert)
        .where(Alert.id.in_(ids))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return int(getattr(done, "rowcount", 0))


# Channels


def list_channels(user: User) -> list[Channel]:
    """The user's channels, the in-app one first (it exists once an alert was written)."""
    query = sa.select(Channel).where(Channel.user_id == user.id)
    rows = list(db.session.scalars(query.order_by(Channel.id)))
    return sorted(rows, key=lambda c: c.kind is not ChannelKind.IN_APP)


def get_channel(user: User, channel_id: int) -> Channel:
    return owned(Channel, user, channel_id, "No such channel.")


def create_channel(user: User, data: dict[str, Any]) -> Channel:
    """Add an e-mail or webhook channel (a webhook gets its signing secret)."""
    fields = parse(ChannelIn, data)
    url = _checked_url(fields.webhook_url) if fields.kind is ChannelKindIn.WEBHOOK else None
    channel = Channel(
        user_id=user.id,
        kind=ChannelKind(fields.kind.value),
        name=fields.name or _default_name(fields.kind, fields.email or user.email, url),
        enabled=fields.enabled,
        cadence=fields.cadence,
        digest_hour=fields.digest_hour,
        email=(fields.email or user.email) if fields.kind is ChannelKindIn.EMAIL else None,
        webhook_url=url,
        webhook_secret=webhook.new_secret() if url else None,
        webhook_format=fields.webhook_format,
    )
    in_app_channel(user.id)
    db.session.add(channel)
    db.session.commit()
    return channel


def update_channel(user: User, channel_id: int, data: dict[str, Any]) -> Channel:
    """Change some fields; pending alerts follow a new cadence."""
    channel = get_channel(user, channel_id)
    changes = parse(ChannelChange, data).model_dump(exclude_unset=True)
    changes = {k: v for k, v in changes.items() if v is not None}
    if channel.kind is ChannelKind.IN_APP and set(changes) - {"name"}:
        raise ValidationFailed(
            "The in-app channel always shows alerts at once; only its name can change.",
            {"kind": "in_app"},
        )
    if channel.kind is not ChannelKind.WEBHOOK:
        changes.pop("webhook_url", None)
    if "webhook_url" in changes:
        changes["webhook_url"] = _checked_url(changes["webhook_url"])
    if channel.kind is not ChannelKind.EMAIL:
        changes.pop("email", None)
    for name, value in changes.items():
        setattr(channel, name, value)
    if "cadence" in changes:
        _follow_cadence(channel)
    db.session.commit()
    return channel


def _follow_cadence(channel: Channel) -> None:
    """Pending alerts not yet in a digest take the channel's new cadence."""
    db.session.execute(
        sa.update(Alert)
        .where(
            Alert.channel_id == channel.id,
            Alert.status == AlertStatus.PENDING,
            Alert.digest_id.is_(None),
        )
        .values(cadence=channel.cadence, next_attempt_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def delete_channel(user: User, channel_id: int) -> None:
    channel = get_channel(user, channel_id)
    if channel.kind is ChannelKind.IN_APP:
        raise ValidationFailed("The in-app channel cannot be removed.", {"kind": "in_app"})
    db.session.delete(channel)
    db.session.commit()


def rotate_secret(user: User, channel_id: int) -> Channel:
    """A new signing secret for a webhook (the receiver must be given it)."""
    channel = get_channel(user, channel_id)
    if channel.kind is not ChannelKind.WEBHOOK:
        raise ValidationFailed("Only a webhook has a signing secret.", {"kind": channel.kind.value})
    channel.webhook_secret = webhook.new_secret()
    db.session.commit()
    return channel


def resume_channel(user: User, channel_id: int) -> Channel:
    """Resume a paused channel: its waiting and failed alerts go out again."""
    channel = get_channel(user, channel_id)
    now = utcnow()
    channel.paused_at, channel.paused_reason = None, None
    channel.consecutive_failures = 0
    channel.enabled = True
    db.session.execute(
        sa.update(Alert)
        .where(
            Alert.channel_id == channel.id,
            Alert.status.in_([AlertStatus.PENDING, AlertStatus.FAILED]),
        )
        .values(status=AlertStatus.PENDING, attempts=0, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    waiting = db.session.scalars(
        sa.select(Alert.id).where(
            Alert.channel_id == channel.id,
            Alert.status == AlertStatus.PENDING,
            Alert.cadence == Cadence.IMMEDIATE,
            Alert.digest_id.is_(None),
        )
    ).all()
    db.session.commit()
    queue_deliveries(waiting)
    return channel


def queue_test(user: User, channel_id: int) -> bool:
    """Queue a test message on the channel; False when one is already on its way."""
    channel = get_channel(user, channel_id)
    if channel.kind is ChannelKind.IN_APP:
        raise ValidationFailed("The in-app channel needs no test.", {"kind": "in_app"})
    db.session.commit()
    return enqueue_once(TEST_JOB, channel.id, job_id=test_job_id(channel.id)) is not None


def run_test(channel_id: int) -> str | None:
    """The test job: send a test message and save the outcome on the channel."""
    channel = db.session.get(Channel, channel_id)
    user = db.session.get(User, channel.user_id) if channel else None
    if channel is None or user is None:
        db.session.commit()
        return None
    destination = Destination.of(channel, user)
    db.session.commit()
    try:
        channels.send_test(destination, new_event_id())
    except DeliveryFailed as exc:
        _test_result(channel_id, f"The test failed: {exc.message}")
        return "failed"
    _test_result(channel_id, None)
    return "sent"


def _test_result(channel_id: int, error: str | None) -> None:
    channel = db.session.get(Channel, channel_id, populate_existing=True)
    if channel is not None:
        channel.last_error = error
        if error is None:
            channel.last_sent_at = utcnow()
    db.session.commit()


def _checked_url(url: str | None) -> str:
    """A webhook URL the safe fetcher accepts (resolved and checked now and at each send)."""
    try:
        return webhook.check_url(url or "")
    except FetchError as exc:
        raise ValidationFailed(
            "This webhook URL cannot be used.", {"webhook_url": str(exc)}
        ) from exc


def _default_name(kind: ChannelKindIn, email: str, url: str | None) -> str:
    if kind is ChannelKindIn.EMAIL:
        return f"E-mail to {email}"
    host = (url or "").split("://", 1)[-1].split("/", 1)[0]
    return f"Webhook to {host}"[:100]


# The user's time zone (digests go out at their local hour)


def time_zones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def set_timezone(user: User, name: str) -> None:
    if name not in zoneinfo.available_timezones():
        raise ValidationFailed("Pick a time zone from the list.", {"timezone": "unknown"})
    user.timezone = name
    db.session.commit()


def channel_state(channel: Channel, now: datetime | None = None) -> str:
    """One word for the settings page and the API: paused, off or active."""
    if channel.paused_at is not None:
        return "paused"
    return "active" if channel.enabled else "off"


def smtp_configured() -> bool:
    return bool(current_app.config["SMTP_HOST"])
