"""Daily and weekly digests: one per channel and period, holding only what was not yet sent.

The tick opens the digest of each digest channel whose local hour has come (``digest_hour`` in
the user's time zone; Mondays for weekly ones): a Digest row, unique per (channel, period),
takes the channel's pending alerts not yet in a digest. A period with nothing new gets an empty
row marked sent, so alerts arriving later that day wait for the next period. The digest is then
delivered like an alert — claimed with a lease, sent, marked — so a job that runs twice sends
it once, and a worker that dies mid-send leaves it to the sweep.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from service.alerts import channels
from service.alerts.channels import Destination
from service.alerts.content import describe
from service.alerts.delivery import lease_seconds
from service.alerts.errors import DeliveryFailed
from service.alerts.outbox import new_event_id
from service.clock import utcnow
from service.extensions import db
from service.models import Alert, AlertStatus, Cadence, Channel, ChannelKind, Digest, User

log = logging.getLogger(__name__)

DIGEST_JOB = "workers.jobs.deliver_digest"


def digest_job_id(digest_id: int) -> str:
    return f"digest-{digest_id}"


def local_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def due_period(cadence: Cadence, hour: int, zone: str, now: datetime) -> str:
    """The latest period whose digest time (``hour`` local; Monday for weekly) has come."""
    local = now.replace(tzinfo=ZoneInfo("UTC")).astimezone(local_zone(zone))
    day: date = local.date() if local.hour >= hour else local.date() - timedelta(days=1)
    if cadence is Cadence.WEEKLY:
        monday = day - timedelta(days=day.weekday())
        year, week, _ = monday.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


@dataclass(frozen=True)
class Opened:
    digest_id: int
    alerts: int


def open_due_digests(now: datetime | None = None) -> list[Opened]:
    """Create the digests whose time has come (committed); the ones holding alerts."""
    now = now or utcnow()
    rows = db.session.execute(
        sa.select(Channel.id, Channel.user_id, Channel.cadence, Channel.digest_hour, User.timezone)
        .join(User, User.id == Channel.user_id)
        .where(
            Channel.cadence.in_([Cadence.DAILY, Cadence.WEEKLY]),
            Channel.kind != ChannelKind.IN_APP,
            Channel.id.in_(channels.deliverable()),
        )
    ).all()
    wanted = {
        row.id: (row, due_period(row.cadence, row.digest_hour, row.timezone, now)) for row in rows
    }
    existing = (
        set(
            db.session.execute(
                sa.select(Digest.channel_id, Digest.period).where(
                    Digest.channel_id.in_(list(wanted)),
                    Digest.period.in_({period for _, period in wanted.values()}),
                )
            ).tuples()
        )
        if wanted
        else set()
    )
    opened = []
    for channel_id, (row, period) in wanted.items():
        if (channel_id, period) not in existing:
            found = _open(channel_id, row.user_id, period, now)
            if found is not None:
                opened.append(found)
    db.session.commit()
    return [o for o in opened if o.alerts]


def _open(channel_id: int, user_id: int, period: str, now: datetime) -> Opened | None:
    """One digest row and its alerts, in a savepoint (a concurrent tick may win the row)."""
    try:
        with db.session.begin_nested():
            digest = Digest(
                user_id=user_id, channel_id=channel_id, period=period, event_id=new_event_id()
            )
            db.session.add(digest)
            db.session.flush()
            taken = db.session.execute(
                sa.update(Alert)
                .where(
                    Alert.channel_id == channel_id,
                    Alert.status == AlertStatus.PENDING,
                    Alert.digest_id.is_(None),
                )
                .values(digest_id=digest.id)
                .execution_options(synchronize_session=False)
            )
            count = int(getattr(taken, "rowcount", 0))
            if not count:
                digest.status, digest.sent_at = AlertStatus.SENT, now
    except IntegrityError:
        log.info("digest %s of channel %s was opened by another tick", period, channel_id)
        return None
    return Opened(digest.id, count)


def claimable(now: datetime) -> sa.ColumnElement[bool]:
    """Digests a delivery may take now: pending and due, or sending with an expired lease.

    A pending digest's ``lease_until`` is when it may be tried again (after a failure).
    """
    return sa.and_(
        Digest.channel_id.in_(channels.deliverable()),
        sa.or_(
            sa.and_(
                Digest.status == AlertStatus.PENDING,
                sa.or_(Digest.lease_until.is_(None), Digest.lease_until <= now),
            ),
            sa.and_(Digest.status == AlertStatus.SENDING, Digest.lease_until <= now),
        ),
    )


def deliver_digest(digest_id: int, now: datetime | None = None) -> AlertStatus | None:
    """The job body: send one digest once; its status after, None when not claimed."""
    now = now or utcnow()
    claim = (
        sa.update(Digest)
        .where(Digest.id == digest_id, claimable(now))
        .values(
            status=AlertStatus.SENDING,
            lease_until=now + timedelta(seconds=lease_seconds()),
            attempts=Digest.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if not getattr(db.session.execute(claim), "rowcount", 0):
        db.session.commit()
        return None
    digest = db.session.get(Digest, digest_id, populate_existing=True)
    assert digest is not None
    alerts = _alerts_of(digest_id)
    channel, user = db.session.get(Channel, digest.channel_id), db.session.get(User, digest.user_id)
    assert channel is not None and user is not None
    destination = Destination.of(channel, user)
    contents = describe(alerts, external=True)
    event_id, period, attempts = digest.event_id, digest.period, digest.attempts
    db.session.commit()
    try:
        if contents:
            channels.send(destination, event_id, contents, digest=period)
    except DeliveryFailed as exc:
        db.session.rollback()
        return _failed(digest_id, destination.channel_id, attempts, exc)
    except Exception as exc:
        db.session.rollback()
        _end(digest_id, AlertStatus.PENDING, error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    _end(digest_id, AlertStatus.SENT, channel_id=destination.channel_id)
    return AlertStatus.SENT


def _alerts_of(digest_id: int) -> list[Alert]:
    return list(
        db.session.scalars(
            sa.select(Alert)
            .options(joinedload(Alert.vacancy), joinedload(Alert.match))
            .where(Alert.digest_id == digest_id)
            .order_by(Alert.id)
        ).unique()
    )


def _failed(digest_id: int, channel_id: int, attempts: int, exc: DeliveryFailed) -> AlertStatus:
    now = utcnow()
    last = attempts >= current_app.config["ALERT_MAX_ATTEMPTS"]
    status = AlertStatus.FAILED if last else AlertStatus.PENDING
    retry_at = now + channels.backoff(attempts, exc.retry_after)
    _end(digest_id, status, error=exc.message, lease_until=retry_at)
    channels.record_failure(channel_id, exc.message, now)
    db.session.commit()
    log.warning("digest %s attempt %s failed: %s", digest_id, attempts, exc.message)
    return status


def _end(
    digest_id: int,
    status: AlertStatus,
    *,
    error: str | None = None,
    lease_until: datetime | None = None,
    channel_id: int | None = None,
) -> None:
    """Leave ``sending``; a sent digest marks its alerts sent too."""
    now = utcnow()
    values: dict[str, object] = {"status": status, "lease_until": lease_until, "last_error": error}
    if status is AlertStatus.SENT:
        values["sent_at"] = now
    db.session.execute(
        sa.update(Digest)
        .where(Digest.id == digest_id, Digest.status == AlertStatus.SENDING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    alert_values: dict[str, object] = {"last_error": error}
    if status is not AlertStatus.PENDING:
        alert_values["status"] = status
    if status is AlertStatus.SENT:
        alert_values["sent_at"] = now
    db.session.execute(
        sa.update(Alert)
        .where(Alert.digest_id == digest_id, Alert.status == AlertStatus.PENDING)
        .values(**alert_values)
        .execution_options(synchronize_session=False)
    )
    if channel_id is not None:
        channels.record_success(channel_id, now)
    db.session.commit()
