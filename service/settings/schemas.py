"""The stay-in-touch tier rule, stated once: the forms, the API, the service and the OpenAPI
document all use ``TierIn``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

NAME_MAX = 60
INTERVAL_MIN, INTERVAL_MAX = 1, 3650


class TierIn(BaseModel):
    """A tier's name (1-60 characters) and how often to stay in touch (1-3,650 days)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=NAME_MAX, pattern=r"\S")
    interval_days: int = Field(ge=INTERVAL_MIN, le=INTERVAL_MAX)
