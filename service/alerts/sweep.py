"""The alerts sweep, run by every tick: Redis holds only triggers, the outbox is the truth.

It opens the digests whose local hour has come, and queues a delivery for every alert or
digest that should be moving and may not be: pending and due (a retry's time has come, or its
job was lost with Redis), or sending with an expired lease (its worker died). A job record left
by a dead worker is replaced. Deliveries claim their rows, so queueing one twice is harmless.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa

from service.alerts import delivery, digests
from service.alerts.outbox import DELIVER_JOB, deliver_job_id
from service.clock import utcnow
from service.extensions import db
from service.models import Alert, AlertStatus, Digest
from service.queue import QueueUnavailable, enqueue_once, enqueue_replacing

log = logging.getLogger(__name__)

SWEEP_BATCH = 1000


def sweep(now: datetime | None = None) -> int:
    """Open due digests and queue the deliveries that should run; the number queued."""
    now = now or utcnow()
    digests.open_due_digests(now)
    stale_before = now - timedelta(seconds=delivery.lease_seconds())
    alerts = db.session.execute(
        sa.select(Alert.id, Alert.status, Alert.next_attempt_at)
        .where(delivery.claimable(now))
        .order_by(Alert.next_attempt_at)
        .limit(SWEEP_BATCH)
    ).all()
    due_digests = db.session.execute(
        sa.select(Digest.id, Digest.status, Digest.lease_until)
        .where(digests.claimable(now))
        .order_by(Digest.id)
        .limit(SWEEP_BATCH)
    ).all()
    db.session.commit()  # no transaction (SQLite write lock) stays open while Redis is asked
    queued = 0
    try:
        for alert_id, status, due_at in alerts:
            stale = status is AlertStatus.SENDING or due_at <= stale_before
            queued += _queue(DELIVER_JOB, alert_id, deliver_job_id(alert_id), stale)
        for digest_id, status, retry_at in due_digests:
            stale = status is AlertStatus.SENDING or (retry_at or now) <= stale_before
            queued += _queue(digests.DIGEST_JOB, digest_id, digests.digest_job_id(digest_id), stale)
    except QueueUnavailable as exc:
        log.warning("alerts sweep: %s; the deliveries wait for the next tick", exc)
    if queued:
        log.info("alerts sweep queued %s deliveries", queued)
    return queued


def _queue(func_path: str, row_id: int, job_id: str, stale: bool) -> int:
    """Queue a delivery; over a dead worker's record when the row has waited a lease long."""
    if stale:
        return int(enqueue_replacing(func_path, row_id, job_id=job_id) is not None)
    return int(enqueue_once(func_path, row_id, job_id=job_id) is not None)
