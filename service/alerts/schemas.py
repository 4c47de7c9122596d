"""What a user may set on an alert channel (shared by the pages, the API and the OpenAPI doc)."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from service.models import Cadence, WebhookFormat
from service.validation import INTEGRAL, Input

# no spaces and no control characters (Input refuses those in any text)
EMAIL_PATTERN = r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$"
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s\x00-\x1f\x7f]+$"


class ChannelKindIn(enum.StrEnum):
    """The channels a user adds (every user has the in-app one already)."""

    EMAIL = "email"
    WEBHOOK = "webhook"


class ChannelIn(Input):
    """An e-mail or webhook channel: where alerts go and how often."""

    kind: ChannelKindIn
    name: str = Field(default="", max_length=100)
    enabled: bool = True
    cadence: Cadence = Cadence.IMMEDIATE
    digest_hour: Annotated[int, Field(ge=0, le=23), INTEGRAL] = 8
    email: Annotated[str, Field(max_length=254, pattern=EMAIL_PATTERN)] | None = None
    webhook_url: Annotated[str, Field(max_length=2000, pattern=URL_PATTERN)] | None = None
    webhook_format: WebhookFormat = WebhookFormat.JSON

    @field_validator("email", "webhook_url")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @model_validator(mode="after")
    def _has_destination(self) -> ChannelIn:
        if self.kind is ChannelKindIn.WEBHOOK and not self.webhook_url:
            raise ValueError("a webhook channel needs its URL (webhook_url)")
        return self


class ChannelChange(Input):
    """A PATCH of a channel: any of its fields but the kind."""

    name: str | None = Field(default=None, max_length=100)
    enabled: bool | None = None
    cadence: Cadence | None = None
    digest_hour: Annotated[int, Field(ge=0, le=23), INTEGRAL] | None = None
    email: Annotated[str, Field(max_length=254, pattern=EMAIL_PATTERN)] | None = None
    webhook_url: Annotated[str, Field(max_length=2000, pattern=URL_PATTERN)] | None = None
    webhook_format: WebhookFormat | None = None


class ReadIn(Input):
    """Mark an alert read (true) or unread (false)."""

    read: bool = True
