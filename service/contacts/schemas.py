"""What a user may set on contacts and touches (shared by the pages, the API and imports)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email
from pydantic import (
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

from service.clock import utcnow
from service.contacts.linkedin import LINKEDIN_PATTERN, linkedin_slug
from service.errors import ValidationFailed
from service.ids import Id
from service.models import ContactRole, TouchDirection, TouchKind
from service.timestamps import DESCRIPTION, read_time, to_stored
from service.validation import NOT_BLANK, Input

# Text that must say something: at least one character that is not a space.
# An e-mail address, or "" for none; as email-validator has it, not at a special-use domain.
_SPECIAL_USE = "|".join(
    "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in name)
    for name in SPECIAL_USE_DOMAIN_NAMES
)
EMAIL: dict[str, Any] = {
    "anyOf": [
        {"format": "email", "not": {"pattern": f"[@.]({_SPECIAL_USE})\\.?$"}},
        {"maxLength": 0},
    ]
}
# Not stripped: " " is neither an address nor "" (and the forms strip what they send).
Email = Annotated[
    str, StringConstraints(strip_whitespace=False), Field(max_length=254, json_schema_extra=EMAIL)
]
LINKEDIN: dict[str, Any] = {"pattern": LINKEDIN_PATTERN}
_TOUCH_TIME = {
    "anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}],
    "description": DESCRIPTION + " A date alone means noon UTC that day.",
}


class ContactIn(Input):
    """A contact's editable fields; ``company`` is a name, found or created per user."""

    first_name: str = Field(min_length=1, max_length=200, json_schema_extra=NOT_BLANK)
    last_name: str = Field(default="", max_length=200)
    title: str = Field(default="", max_length=300)
    company: str | None = Field(default=None, max_length=200)
    email: Email | None = None
    linkedin: Annotated[str, Field(max_length=500, json_schema_extra=LINKEDIN)] | None = None
    role: ContactRole = ContactRole.OTHER
    how_met: str = Field(default="", max_length=20_000)
    notes: str = Field(default="", max_length=100_000)
    tier_id: Id | None = None
    tags: list[str] = Field(default_factory=list, max_length=50)
    connected_on: date | None = None

    @field_validator("connected_on", mode="before")
    @classmethod
    def _date_text(cls, value: object) -> object:
        return value if value is None else read_time(value, dates=True, times=False)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        try:
            return validate_email(value, check_deliverability=False).normalized.lower()
        except EmailNotValidError as exc:
            raise ValueError(str(exc)) from exc

    @field_validator("linkedin")
    @classmethod
    def _linkedin(cls, value: str | None) -> str | None:
        try:
            return linkedin_slug(value)
        except ValidationFailed as exc:
            raise ValueError(exc.message) from exc

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        cleaned = {t.strip().lower()[:60] for t in value if t and t.strip()}
        return sorted(cleaned)

    @field_validator("company")
    @classmethod
    def _company(cls, value: str | None) -> str | None:
        return value or None


class TouchIn(Input):
    """One logged interaction."""

    kind: TouchKind
    occurred_at: Annotated[datetime, WithJsonSchema(_TOUCH_TIME)]
    direction: TouchDirection = TouchDirection.OUTGOING
    summary: str = Field(default="", max_length=20_000)

    @field_validator("occurred_at", mode="before")
    @classmethod
    def _date_or_datetime(cls, value: object) -> object:
        value = read_time(value, dates=True)
        if isinstance(value, date) and not isinstance(value, datetime):
            return datetime(value.year, value.month, value.day, 12)
        return value

    @field_validator("occurred_at")
    @classmethod
    def _naive_utc_not_future(cls, value: datetime) -> datetime:
        value = to_stored(value)
        # a day of slack for time zones ahead of UTC; later than that is a typo, and it would
        # silence the contact's reminders until that date
        if value > utcnow() + timedelta(days=1):
            raise ValueError("a touch cannot be in the future")
        return value


def split_tags(raw: str | None) -> list[str]:
    """Tags typed as "fintech, berlin; pycon"."""
    if not raw:
        return []
    return [t for t in (part.strip() for part in raw.replace(";", ",").split(",")) if t]
