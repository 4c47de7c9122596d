"""The stay-in-touch tier rule, stated once: the forms, the API, the service and the OpenAPI
document all use ``TierIn``."""

from __future__ import annotations

from pydantic import Field

from service.validation import NOT_BLANK, Input, Whole

NAME_MAX = 60
INTERVAL_MIN, INTERVAL_MAX = 1, 3650


class TierIn(Input):
    """A tier's name (1-60 characters) and how often to stay in touch (1-3,650 days)."""

    name: str = Field(min_length=1, max_length=NAME_MAX, json_schema_extra=NOT_BLANK)
    interval_days: Whole = Field(ge=INTERVAL_MIN, le=INTERVAL_MAX)
