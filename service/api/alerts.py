"""/api/v1 alerts (read, read-all) and alert channels (CRUD, test, rotate-secret, resume).

Everything goes through service.alerts. A webhook's signing secret is in the response that
creates the channel and in the one that rotates it, never anywhere else. A request the
service refuses for the channel's kind (removing the in-app channel, rotating an e-mail's
secret) or because the work is already on its way is a 409; Redis down is a 503.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import request
from flask.typing import ResponseReturnValue

from service.alerts import services
from service.alerts.content import describe
from service.alerts.schemas import ChannelChange, ChannelIn, ReadIn
from service.alerts.webhook import alert_json
from service.api import api_user, bp
from service.api.common import json_body, page_body, page_of, paging
from service.errors import Conflict, ValidationFailed
from service.ids import parse_int
from service.models import Alert, AlertStatus, Channel
from service.timestamps import rfc3339

T = TypeVar("T")
BOOLEANS = {"true": True, "false": False}


def full_alert_json(alert: Alert) -> dict[str, Any]:
    return alerts_json([alert])[0]


def alerts_json(alerts: list[Alert]) -> list[dict[str, Any]]:
    """Alerts as webhooks show them (vacancy, score, reasons, people, next steps) plus their
    delivery: the channel and how far it got."""
    contents = {c.alert_id: c for c in describe(alerts)}
    return [
        {
            **alert_json(contents[a.id]),
            "channel_id": a.channel_id,
            "channel_kind": a.channel.kind.value,
            "status": a.status.value,
            "attempts": a.attempts,
            "sent_at": rfc3339(a.sent_at),
            "last_error": a.last_error,
        }
        for a in alerts
    ]


def channel_json(c: Channel, *, secret: bool = False) -> dict[str, Any]:
    """A channel; its webhook secret only when ``secret`` (creation and rotation)."""
    body = {
        "id": c.id,
        "kind": c.kind.value,
        "name": c.name,
        "enabled": c.enabled,
        "state": services.channel_state(c),
        "cadence": c.cadence.value,
        "digest_hour": c.digest_hour,
        "email": c.email,
        "webhook_url": c.webhook_url,
        "webhook_format": c.webhook_format.value,
        "consecutive_failures": c.consecutive_failures,
        "paused_at": rfc3339(c.paused_at),
        "paused_reason": c.paused_reason,
        "last_error": c.last_error,
        "last_sent_at": rfc3339(c.last_sent_at),
        "created_at": rfc3339(c.created_at),
    }
    if secret:
        body["webhook_secret"] = c.webhook_secret
    return body


@contextmanager
def _kind_refusals() -> Iterator[None]:
    """The service's refusals for the channel's kind ({"kind": …}) are conflicts: the body was
    well formed (it was checked first), the channel is not one that allows it."""
    try:
        yield
    except ValidationFailed as exc:
        if isinstance(exc.details, dict) and "kind" in exc.details:
            raise Conflict(exc.message, exc.details) from exc
        raise


def _refused(call: Callable[[], T]) -> T:
    with _kind_refusals():
        return call()


# Alerts


def _flag(name: str) -> bool | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if raw not in BOOLEANS:
        raise ValidationFailed(f"{name} is true or false.", {name: "true or false"})
    return BOOLEANS[raw]


def _status() -> AlertStatus | None:
    raw = request.args.get("status")
    if raw is None:
        return None
    try:
        return AlertStatus(raw)
    except ValueError:
        allowed = ", ".join(s.value for s in AlertStatus)
        raise ValidationFailed(f"status is one of {allowed}.", {"status": "unknown"}) from None


@bp.get("/v1/alerts")
def list_alerts() -> ResponseReturnValue:
    channel_id = parse_int(request.args.get("channel_id"), "channel_id")
    filters: dict[str, Any] = {
        "unread": bool(_flag("unread")),
        "status": _status(),
        "vacancy_id": parse_int(request.args.get("vacancy_id"), "vacancy_id"),
    }
    if channel_id is None:
        filters["in_app"] = True  # the user's inbox; channel_id shows another channel's rows
    else:
        filters["channel_id"] = channel_id
    page, per_page = paging()
    rows, total = services.list_alerts(api_user(), page=page, per_page=per_page, **filters)
    return page_body(alerts_json(rows), total, page, per_page)


@bp.get("/v1/alerts/<id:alert_id>")
def get_alert(alert_id: int) -> ResponseReturnValue:
    return full_alert_json(services.get_alert(api_user(), alert_id))


@bp.patch("/v1/alerts/<id:alert_id>")
def mark_read(alert_id: int) -> ResponseReturnValue:
    services.get_alert(api_user(), alert_id)
    read = ReadIn.model_validate(json_body(ReadIn)).read
    return full_alert_json(services.mark_read(api_user(), alert_id, read=read))


@bp.post("/v1/alerts/read-all")
def read_all() -> ResponseReturnValue:
    return {"marked": services.mark_all_read(api_user())}


# Channels


@bp.get("/v1/channels")
def list_channels() -> ResponseReturnValue:
    return page_of(services.list_channels(api_user()), channel_json)


@bp.post("/v1/channels")
def create_channel() -> ResponseReturnValue:
    channel = services.create_channel(api_user(), json_body(ChannelIn))
    return channel_json(channel, secret=True), 201


@bp.get("/v1/channels/<id:channel_id>")
def get_channel(channel_id: int) -> ResponseReturnValue:
    return channel_json(services.get_channel(api_user(), channel_id))


@bp.patch("/v1/channels/<id:channel_id>")
def update_channel(channel_id: int) -> ResponseReturnValue:
    services.get_channel(api_user(), channel_id)
    changes = json_body(ChannelChange)
    channel = _refused(lambda: services.update_channel(api_user(), channel_id, changes))
    return channel_json(channel)


@bp.delete("/v1/channels/<id:channel_id>")
def delete_channel(channel_id: int) -> ResponseReturnValue:
    _refused(lambda: services.delete_channel(api_user(), channel_id))
    return "", 204


@bp.post("/v1/channels/<id:channel_id>/test")
def test_channel(channel_id: int) -> ResponseReturnValue:
    """Queue a test message: 202, or 409 while one is on its way; Redis down is a 503."""
    services.get_channel(api_user(), channel_id)
    if not _refused(lambda: services.queue_test(api_user(), channel_id)):
        raise Conflict(
            "A test message is already on its way.", {"job_id": services.test_job_id(channel_id)}
        )
    return {"queued": True, "job_id": services.test_job_id(channel_id)}, 202


@bp.post("/v1/channels/<id:channel_id>/rotate-secret")
def rotate_secret(channel_id: int) -> ResponseReturnValue:
    channel = _refused(lambda: services.rotate_secret(api_user(), channel_id))
    return channel_json(channel, secret=True)


@bp.post("/v1/channels/<id:channel_id>/resume")
def resume_channel(channel_id: int) -> ResponseReturnValue:
    return channel_json(services.resume_channel(api_user(), channel_id))
