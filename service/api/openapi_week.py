"""The OpenAPI part of /api/v1 weekly plan (merged by service.api.openapi)."""

from __future__ import annotations

from typing import Any

from service.api.openapi import (
    DATETIME,
    ID,
    STR,
    _enum,
    _id,
    _model_schemas,
    _nullable,
    _obj,
    _op,
    _q,
    _ref,
)
from service.api.openapi_watch import BOOL, WHEN
from service.api.week import WeekItemIn
from service.models import ItemState

KINDS = ("todo", "prep", "contact", "match", "upskill", "post", "comment")

SCHEMAS: dict[str, Any] = {
    "WeekPlan": _obj(
        week={**STR, "description": "The ISO week, e.g. 2026-W48"},
        built_at=DATETIME,
        sent_at=WHEN,
        items={"type": "array", "items": _ref("WeekItem")},
    ),
    "WeekItem": _obj(
        id=ID,
        key={**STR, "description": "Stable across re-plans of the week (e.g. contact:12)"},
        kind=_enum(KINDS),
        title=STR,
        why={**STR, "description": "Why the item is in the plan"},
        note={**STR, "description": "What a rolled or dropped item says about itself"},
        link={**STR, "description": "The page the item is about"},
        draft_link={**_nullable("string"), "description": "A draft to start, where one fits"},
        due={"type": "string", "format": "date"},
        overdue=BOOL,
        state=_enum(s.value for s in ItemState),
        ticked=BOOL,
        ticked_at=WHEN,
    ),
}
SCHEMAS.update(_model_schemas(WeekItemIn))


def paths() -> dict[str, Any]:
    """The weekly plan operations."""
    week = _q(
        "week",
        {"type": "string", "pattern": r"^[1-9][0-9]{3}-W(0[1-9]|[1-4][0-9]|5[0-2])$"},
        "The ISO week, e.g. 2026-W48 (the current one on your clock by default); week 53 is "
        "taken too in the years that have one (else a 422)",
    )
    return {
        "/api/v1/week": {
            "get": _op(
                "The kept plan of a week (built on first read, as the page does)",
                "200",
                _ref("WeekPlan"),
                params=[week],
            ),
        },
        "/api/v1/week/items/{item_id}": {
            "parameters": [_id("item_id")],
            "patch": _op(
                "Tick or untick an item (ticking a contact item logs a touch; unticking "
                "removes it; a dropped item is a 404)",
                "200",
                _ref("WeekItem"),
                "WeekItemIn",
            ),
        },
    }
