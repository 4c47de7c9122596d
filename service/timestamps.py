"""Timestamps in and out of the API: RFC 3339 with an offset out (UTC, ``Z``), naive UTC stored.

On input a time with an offset is converted to UTC; one without an offset is taken as UTC (our
own exports wrote such times before they carried ``Z``). Nothing else is read as a time: no
Unix seconds, no other layouts.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

DESCRIPTION = "RFC 3339; an offset is converted to UTC and a time without one is taken as UTC."


def rfc3339(value: datetime | date | None) -> str | None:
    """A stored (naive UTC) datetime as RFC 3339 ending in ``Z``; a date as YYYY-MM-DD."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return value.isoformat()
    return value.replace(tzinfo=None).isoformat() + "Z"


def to_stored(value: datetime) -> datetime:
    """A datetime as it is stored: naive UTC (an aware one converted, a naive one kept)."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC).replace(tzinfo=None)
    except OverflowError as exc:  # 0001-01-01T00:00+05:00 has no UTC time
        raise ValueError("the time falls outside the years 1 to 9999 in UTC") from exc


def read_time(value: object, *, dates: bool = False, times: bool = True) -> object:
    """RFC 3339 text as a datetime (or, with ``dates``, YYYY-MM-DD as a date); else ValueError.

    Dates and datetimes pass through (forms give them); nothing else is read as a time.
    """
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            if times and _TIME.fullmatch(value):
                return datetime.fromisoformat(value.upper())
            if dates and _DATE.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError as exc:  # 2026-02-30, 25:00
            raise ValueError(f"{value!r} is not a real date or time") from exc
    shapes = (("2026-11-01T10:00:00Z", times), ("2026-11-01", dates))
    examples = [example for example, wanted in shapes if wanted]
    raise ValueError(f"send {' or '.join(examples)} (RFC 3339)")
