"""/api/v1 weekly plan: the kept plan of an ISO week (built on first read, like the page) and
ticking its items (a contact item logs a touch, as on the page).

Everything goes through service.week.plans. Another user's item id is a 404, checked before
the body.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask.typing import ResponseReturnValue

from service.api import api_user, bp
from service.api.common import json_body
from service.clock import utcnow
from service.errors import ValidationFailed
from service.models import WeekItem, WeekPlan
from service.timestamps import rfc3339
from service.validation import Input
from service.week import plans
from service.week.planner import week_of


class WeekItemIn(Input):
    """Tick (true) or untick (false) an item of a weekly plan."""

    ticked: bool


def item_json(item: WeekItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "key": item.key,
        "kind": item.kind,
        "title": item.title,
        "why": item.why,
        "note": plans.note(item),
        "link": item.link,
        "draft_link": item.draft,
        "due": item.due.isoformat(),
        "overdue": item.overdue,
        "state": item.state.value,
        "ticked": item.ticked_at is not None,
        "ticked_at": rfc3339(item.ticked_at),
    }


def plan_json(plan: WeekPlan) -> dict[str, Any]:
    return {
        "week": plan.week,
        "built_at": rfc3339(plan.built_at),
        "sent_at": rfc3339(plan.sent_at),
        "items": [item_json(i) for i in plan.items],
    }


@bp.get("/v1/week")
def get_week() -> ResponseReturnValue:
    user = api_user()
    try:
        label = week_of(utcnow(), user.timezone, request.args.get("week")).label
    except ValueError as exc:
        raise ValidationFailed(str(exc), {"week": "not an ISO week such as 2026-W48"}) from exc
    plan = plans.get_plan(user, label) or plans.build_week(user, utcnow(), label)
    return plan_json(plan)


@bp.patch("/v1/week/items/<id:item_id>")
def tick_week_item(item_id: int) -> ResponseReturnValue:
    user = api_user()
    plans.get_item(user, item_id)
    body = json_body(WeekItemIn)
    item = plans.tick(user, item_id) if body["ticked"] else plans.untick(user, item_id)
    return item_json(item)
