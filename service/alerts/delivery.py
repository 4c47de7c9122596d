"""Delivering one alert: claim it with a lease, send, then mark it sent.

The claim is a conditional UPDATE (pending and due, or sending with a lease that ran out →
sending with a new lease), committed before anything is sent, so two jobs of one alert send it
once. A worker that dies between sending and marking leaves the lease to run out; the tick's
sweep queues the alert again and it is sent once more with the same event id (receivers drop
the repeat): at most one duplicate, never a loss. An expected failure (a refusing SMTP server,
a webhook down) is saved on the row with a growing, capped backoff; after the last attempt the
alert is failed. Anything unexpected puts the alert back and is re-raised so RQ retries.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from service.alerts import channels
from service.alerts.channels import Destination
from service.alerts.content import describe
from service.alerts.errors import DeliveryFailed
from service.clock import utcnow
from service.extensions import db
from service.models import Alert, AlertStatus, Cadence, User

log = logging.getLogger(__name__)


def lease_seconds() -> int:
    return int(current_app.config["ALERT_LEASE_SECONDS"])


def claimable(now: datetime) -> sa.ColumnElement[bool]:
    """Alerts a delivery may take now: due and pending, or sending with an expired lease."""
    return sa.and_(
        Alert.cadence == Cadence.IMMEDIATE,
        Alert.digest_id.is_(None),
        Alert.channel_id.in_(channels.deliverable()),
        sa.or_(
            sa.and_(Alert.status == AlertStatus.PENDING, Alert.next_attempt_at <= now),
            sa.and_(Alert.status == AlertStatus.SENDING, Alert.lease_until <= now),
        ),
    )


def deliver_alert(alert_id: int, now: datetime | None = None) -> AlertStatus | None:
    """The job body: send one immediate alert once; its status after, None when not claimed."""
    now = now or utcnow()
    if not _claim(alert_id, now):
        db.session.commit()
        log.info("alert %s not claimed (sent, waiting, or being sent)", alert_id)
        return None
    alert = db.session.scalar(
        sa.select(Alert)
        .options(joinedload(Alert.vacancy), joinedload(Alert.match), joinedload(Alert.channel))
        .where(Alert.id == alert_id)
    )
    assert alert is not None  # just claimed; the claim's transaction holds it
    user = db.session.get(User, alert.user_id)
    assert user is not None
    destination = Destination.of(alert.channel, user)
    contents = describe([alert], external=True)
    event_id, attempts = alert.event_id, alert.attempts
    db.session.commit()  # the claim; nothing stays locked while the message goes out
    try:
        channels.send(destination, event_id, contents)
    except DeliveryFailed as exc:
        db.session.rollback()
        return _failed(alert_id, destination.channel_id, attempts, exc)
    except Exception as exc:
        db.session.rollback()
        _put_back(alert_id, f"{type(exc).__name__}: {exc}")
        raise
    _sent(alert_id, destination.channel_id)
    return AlertStatus.SENT


def _claim(alert_id: int, now: datetime) -> bool:
    claim = (
        sa.update(Alert)
        .where(Alert.id == alert_id, claimable(now))
        .values(
            status=AlertStatus.SENDING,
            lease_until=now + timedelta(seconds=lease_seconds()),
            attempts=Alert.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(db.session.execute(claim), "rowcount", 0))


def _sent(alert_id: int, channel_id: int) -> None:
    now = utcnow()
    db.session.execute(
        sa.update(Alert)
        .where(Alert.id == alert_id, Alert.status == AlertStatus.SENDING)
        .values(status=AlertStatus.SENT, sent_at=now, lease_until=None, last_error=None)
        .execution_options(synchronize_session=False)
    )
    channels.record_success(channel_id, now)
    db.session.commit()
    log.info("alert %s sent", alert_id)


def _failed(alert_id: int, channel_id: int, attempts: int, exc: DeliveryFailed) -> AlertStatus:
    """Save the error; pending again after the backoff, or failed after the last attempt."""
    now = utcnow()
    last = attempts >= current_app.config["ALERT_MAX_ATTEMPTS"]
    status = AlertStatus.FAILED if last else AlertStatus.PENDING
    db.session.execute(
        sa.update(Alert)
        .where(Alert.id == alert_id, Alert.status == AlertStatus.SENDING)
        .values(
            status=status,
            lease_until=None,
            last_error=exc.message,
            next_attempt_at=now + channels.backoff(attempts, exc.retry_after),
        )
        .execution_options(synchronize_session=False)
    )
    channels.record_failure(channel_id, exc.message, now)
    db.session.commit()
    log.warning("alert %s attempt %s failed: %s", alert_id, attempts, exc.message)
    return status


def _put_back(alert_id: int, error: str) -> None:
    """After a bug: pending again at once (RQ retries the job), the error kept."""
    db.session.execute(
        sa.update(Alert)
        .where(Alert.id == alert_id, Alert.status == AlertStatus.SENDING)
        .values(status=AlertStatus.PENDING, lease_until=None, last_error=error[:2000])
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
