"""Request bodies only the API has (the others are the areas' own models)."""

from __future__ import annotations

from pydantic import Field

from service.ids import Id
from service.validation import Input


class MergeIn(Input):
    """Which contact to fold into the one in the path."""

    other_id: Id


class MappingIn(Input):
    """A generic CSV's columns: one field name per column, in order ('' ignores a column)."""

    fields: list[str] = Field(max_length=500)
