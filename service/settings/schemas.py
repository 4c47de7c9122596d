"""The stay-in-touch tier rule, stated once: the forms, the API, the service and the OpenAPI
document all use ``TierIn``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from service.validation import NOT_BLANK, Whole

NAME_MAX = 60
INTERVAL_MIN, INTERVAL_MAX = 1, 3650


class TierIn(BaseModel):
    """A tier's name (1-60 characters) and how often to stay in touch (1-3,650 days)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=NAME_MAX, json_schema_extra=NOT_BLANK)
    interval_days: Whole = Field(ge=INTERVAL_MIN, le=INTERVAL_MAX)
