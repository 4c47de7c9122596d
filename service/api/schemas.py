"""Request bodies only the API has (the others are the areas' own models)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from service.ids import Id


class MergeIn(BaseModel):
    """Which contact to fold into the one in the path."""

    model_config = ConfigDict(extra="forbid")

    other_id: Id


class MappingIn(BaseModel):
    """A generic CSV's columns: one field name per column, in order ('' ignores a column)."""

    model_config = ConfigDict(extra="forbid")

    fields: list[str] = Field(max_length=500)
