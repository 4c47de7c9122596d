"""The outbox: one alert row per (user, vacancy, channel), written once per match.

Matching calls :func:`write_alerts` with the matches it has just committed. A match is claimed
for alerting by a conditional UPDATE (``alerted`` false → true) in the same transaction that
writes its rows, so two runs write each row once and the unique constraint backs that up. In-app
alerts are delivered by being written; the others wait ``pending`` for a delivery job (queued
after the commit; with Redis down the tick's sweep finds them again) or for their digest.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from service.clock import utcnow
from service.extensions import db
from service.models import Alert, AlertStatus, Cadence, Channel, ChannelKind, Match, MatchState
from service.queue import QueueUnavailable, enqueue_once

log = logging.getLogger(__name__)

DELIVER_JOB = "workers.jobs.deliver_alert"
BATCH = 500
IN_APP_NAME = "In the app"


def deliver_job_id(alert_id: int) -> str:
    return f"alert-{alert_id}"


def new_event_id() -> str:
    """A stable id carried by every message of one alert or digest (receivers drop repeats)."""
    return uuid.uuid4().hex


def in_app_channel(user_id: int) -> Channel:
    """The user's in-app channel, created on first need (every user has one; not committed)."""
    channel = db.session.scalar(
        sa.select(Channel).where(Channel.user_id == user_id, Channel.kind == ChannelKind.IN_APP)
    )
    if channel is None:
        channel = Channel(user_id=user_id, kind=ChannelKind.IN_APP, name=IN_APP_NAME)
        db.session.add(channel)
        db.session.flush()
    return channel


def write_alerts(match_ids: Sequence[int]) -> list[int]:
    """Write the outbox rows of these matches, commit, then queue the immediate deliveries.

    Only matches that are matched, not baseline, not dismissed and not yet alerted get alerts;
    the ids of the alerts written are returned. Matches are taken in batches, each committed
    with its alerts (a batch is claimed and written in one transaction).
    """
    ids = sorted(set(match_ids))
    written: list[int] = []
    for start in range(0, len(ids), BATCH):
        written.extend(_write_batch(ids[start : start + BATCH]))
    return written


def _write_batch(match_ids: list[int]) -> list[int]:
    claimed = _claim(match_ids)
    if not claimed:
        db.session.commit()
        return []
    now = utcnow()
    channels = _channels({match.user_id for match in claimed})
    rows: list[dict[str, object]] = []
    for match in claimed:
        for channel in channels.get(match.user_id, []):
            in_app = channel.kind is ChannelKind.IN_APP
            rows.append(
                {
                    "user_id": match.user_id,
                    "vacancy_id": match.vacancy_id,
                    "channel_id": channel.id,
                    "match_id": match.id,
                    "event_id": new_event_id(),
                    "cadence": channel.cadence,
                    "next_attempt_at": now,
                    "created_at": now,
                    "status": AlertStatus.SENT if in_app else AlertStatus.PENDING,
                    "sent_at": now if in_app else None,
                }
            )
    insert = sa.insert(Alert).returning(Alert.id, sort_by_parameter_order=True)
    ids = list(db.session.scalars(insert, rows).all()) if rows else []
    to_queue = [i for i, row in zip(ids, rows, strict=True) if _needs_job(row)]
    db.session.commit()
    queue_deliveries(to_queue)
    return ids


def _claim(match_ids: Sequence[int]) -> list[Match]:
    """Mark the alertable matches alerted (not committed) and return them."""
    if not match_ids:
        return []
    claim = (
        sa.update(Match)
        .where(
            Match.id.in_(list(match_ids)),
            Match.matched.is_(True),
            Match.baseline.is_(False),
            Match.alerted.is_(False),
            Match.state != MatchState.DISMISSED,
        )
        .values(alerted=True)
        .returning(Match.id)
        .execution_options(synchronize_session=False)
    )
    ids = list(db.session.scalars(claim))
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Match).where(Match.id.in_(ids)).order_by(Match.id)))


def _channels(user_ids: set[int]) -> dict[int, list[Channel]]:
    """Each user's channels an alert is written for: the in-app one and every enabled other.

    A paused channel still gets its rows: they wait and go out when the user resumes it.
    """
    users = sorted(user_ids)
    have = set(
        db.session.scalars(
            sa.select(Channel.user_id).where(
                Channel.user_id.in_(users), Channel.kind == ChannelKind.IN_APP
            )
        )
    )
    missing = [u for u in users if u not in have]
    if missing:
        db.session.add_all(
            Channel(user_id=u, kind=ChannelKind.IN_APP, name=IN_APP_NAME) for u in missing
        )
        db.session.flush()
    found: dict[int, list[Channel]] = {}
    query = (
        sa.select(Channel)
        .where(Channel.user_id.in_(users), Channel.enabled.is_(True))
        .order_by(Channel.id)
    )
    for channel in db.session.scalars(query):
        found.setdefault(channel.user_id, []).append(channel)
    return found


def _needs_job(row: dict[str, object]) -> bool:
    return row["status"] is AlertStatus.PENDING and row["cadence"] is Cadence.IMMEDIATE


def queue_deliveries(alert_ids: Iterable[int]) -> int:
    """Queue one delivery job per alert (fixed ids); with Redis down the sweep queues them later."""
    queued = 0
    for alert_id in alert_ids:
        try:
            job = enqueue_once(DELIVER_JOB, alert_id, job_id=deliver_job_id(alert_id))
            queued += job is not None
        except QueueUnavailable as exc:
            log.warning("alerts wait for the sweep: %s", exc)
            break
    return queued
