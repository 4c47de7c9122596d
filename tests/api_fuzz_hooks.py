"""Schemathesis hooks for the API contract run (named in tests/schemathesis.toml).

One rule cannot be said in JSON Schema, so the document says it in words: a touch is not in
the future. For schema-valid cases only, the hook keeps generated touch times in the past;
invalid cases are sent as generated.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

import schemathesis

TOUCHES = "/api/v1/contacts/{contact_id}/touches"
_YEAR = re.compile(r"^(\d{4})-")


def _in_the_past(value: Any) -> Any:
    """The same date-time or date in 2000 or 2001 (same leap-ness, so 29 February survives)."""
    if not isinstance(value, str) or not (found := _YEAR.match(value)):
        return value
    year = 2000 if calendar.isleap(int(found.group(1))) else 2001
    return f"{year}{value[4:]}"


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    """Keep schema-valid touches in the past."""
    meta = case.meta
    if meta is None or not all(c.mode.is_positive for c in meta.components.values()):
        return case
    if not meta.generation.mode.is_positive:
        return case
    operation = (case.operation.method.upper(), case.operation.path)
    if operation == ("POST", TOUCHES) and isinstance(case.body, dict):
        case.body = {**case.body, "occurred_at": _in_the_past(case.body.get("occurred_at"))}
    return case
