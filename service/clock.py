"""One notion of "now": naive UTC datetimes in the database, dates for the stay-in-touch clock."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    """The current UTC time without tzinfo (how every timestamp is stored)."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today's date in UTC."""
    return utcnow().date()
