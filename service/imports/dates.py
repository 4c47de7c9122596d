"""The date formats of the LinkedIn export: each file has its own, so each has its own parser.

Month names are matched in English without the C library's locale, so parsing does not depend
on where the server runs. Every parser raises ``ValueError`` with a message fit for the report.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ \-/.]([A-Za-z]{3,9})\.?[ \-/.,]+(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MESSAGE_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?: ?(?:UTC|Z))?$"
)
_INVITATION_DATE = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}),? +(\d{1,2}):(\d{2})(?::\d{2})? *([AaPp][Mm])$"
)
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3,9})\.? +(\d{4})$")


def _month(name: str) -> int:
    month = _MONTHS.get(name[:3].casefold())
    if month is None:
        raise ValueError(f"unknown month {name!r}")
    return month


def _year(text: str) -> int:
    """Four-digit years as they are; two-digit ones as Excel reads them (00-29 -> 20xx)."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 30 else 1900
    return year


def connected_on(text: str) -> date:
    """``12 Mar 2021`` (LinkedIn), ``4-Apr-21`` (re-saved in Excel) or ``2021-03-12``."""
    value = text.strip()
    try:
        if match := _DAY_MONTH_YEAR.match(value):
            day, month, year = match.groups()
            return date(_year(year), _month(month), int(day))
        if match := _ISO_DATE.match(value):
            return date(*(int(g) for g in match.groups()))
    except ValueError:
        pass
    raise ValueError(f"Connected On {text!r} is not a date like 12 Mar 2021")


def message_date(text: str) -> datetime:
    """messages.csv ``2024-01-05 14:03:22 UTC`` as a naive UTC datetime."""
    match = _MESSAGE_DATE.match(text.strip())
    try:
        if match:
            y, mo, d, h, mi, s = match.groups()
            return datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
    except ValueError:
        pass
    raise ValueError(f"DATE {text!r} is not a date like 2024-01-05 14:03:22 UTC")


def invitation_sent_at(text: str) -> datetime:
    """Invitations.csv ``1/5/24, 2:03 PM`` (month first, no time zone)."""
    match = _INVITATION_DATE.match(text.strip())
    try:
        if match:
            month, day, year, hour, minute, half = match.groups()
            hour24 = int(hour) % 12 + (12 if half.lower() == "pm" else 0)
            return datetime(_year(year), int(month), int(day), hour24, int(minute))
    except ValueError:
        pass
    raise ValueError(f"Sent At {text!r} is not a date like 1/5/24, 2:03 PM")


def position_month(text: str) -> date:
    """Positions.csv ``Jan 2024`` (or a bare year) as the first day of that month."""
    value = text.strip()
    try:
        if match := _MONTH_YEAR.match(value):
            return date(int(match.group(2)), _month(match.group(1)), 1)
        if value.isdigit() and len(value) == 4:
            return date(int(value), 1, 1)
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not a month like Jan 2024")
