"""Row ids from URLs, query strings and JSON: one range, 1..2^31-1.

The id columns are INTEGER: 32 bits in PostgreSQL (SQLite would take 64), so no row can have an
id past 2^31-1 and asking for one is "not found" (a path) or a 422 (a query or a body), never a
database error.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field
from werkzeug.routing import BaseConverter

from service.errors import ValidationFailed
from service.validation import INTEGRAL

MIN_ID, MAX_ID = 1, 2**31 - 1
MAX_PAGE = 2**31 - 1  # page numbers: far past any list; page x per_page fits an SQL OFFSET
_DIGITS = re.compile(r"[0-9]+")

# An id in a JSON body: a whole number in range (pydantic checks it; the schema says so).
Id = Annotated[int, Field(ge=MIN_ID, le=MAX_ID), INTEGRAL]


def id_schema() -> dict[str, Any]:
    """The JSON schema of an id, for parameters the OpenAPI document writes by hand."""
    return {"type": "integer", "minimum": MIN_ID, "maximum": MAX_ID}


def in_range(value: int, low: int = MIN_ID, high: int = MAX_ID) -> bool:
    """Whether ``value`` lies within [low, high]."""
    return low <= value <= high


def _at_most(limit: int) -> str:
    """A regex for the decimal numbers 1..limit without leading zeros (digit by digit)."""
    digits = str(limit)
    shorter = rf"[1-9][0-9]{{0,{len(digits) - 2}}}" if len(digits) > 1 else ""
    same_length = []
    for i, digit in enumerate(digits):
        low = "1" if i == 0 else "0"
        if int(digit) > int(low):
            rest = len(digits) - i - 1
            same_length.append(f"{digits[:i]}[{low}-{int(digit) - 1}][0-9]{{{rest}}}")
    return "|".join(filter(None, [shorter, *same_length, digits]))


class IdConverter(BaseConverter):
    """``<id:contact_id>``: a storable id, else no match at all (a 404, never a 405 or 500).

    The range is in the regex itself: werkzeug answers 405 when a rule for another method
    matched the path before a converter refused it.
    """

    regex = f"(?:{_at_most(MAX_ID)})"
    part_isolating = True

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: Any) -> str:
        return str(int(value))


def parse_int(raw: str | None, name: str, *, low: int = MIN_ID, high: int = MAX_ID) -> int | None:
    """A whole number from a query string within [low, high]; None when absent, else a 422."""
    if raw is None:
        return None
    # the length first: int() of thousands of digits is slow, and refused past 4,300
    if len(raw) > len(str(high)) or not _DIGITS.fullmatch(raw) or not in_range(int(raw), low, high):
        message = f"{name} is a whole number from {low} to {high}."
        raise ValidationFailed(message, {name: f"a whole number from {low} to {high}"})
    return int(raw)


def lenient_int(raw: str | None, *, low: int = MIN_ID, high: int = MAX_ID) -> int | None:
    """The pages' version: a number in range, or None (a bad filter is ignored, not an error)."""
    try:
        return parse_int(raw, "value", low=low, high=high)
    except ValidationFailed:
        return None
