"""Request bodies only the API has (the others are the areas' own models)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from service.boards.readers import READER_NAMES
from service.ids import Id
from service.validation import NOT_BLANK, Input


class MergeIn(Input):
    """Which contact to fold into the one in the path."""

    other_id: Id


class MappingIn(Input):
    """A generic CSV's columns: one field name per column, in order ('' ignores a column)."""

    fields: list[str] = Field(max_length=500)


BoardKind = Annotated[str, Field(json_schema_extra={"enum": list(READER_NAMES)})]
CompanyName = Annotated[str, Field(min_length=1, max_length=200, json_schema_extra=NOT_BLANK)]


class WatchIn(Input):
    """Watch the board behind a careers page, a board or its API, for one of your companies."""

    url: str = Field(
        min_length=1,
        max_length=2000,
        json_schema_extra=NOT_BLANK,
        description="A careers page, a board's page or its API URL; with ats, the board token.",
    )
    ats: BoardKind | None = Field(
        default=None, description="Read the URL as this board kind instead of detecting it."
    )
    company: CompanyName | None = Field(
        default=None,
        description="The company's name (created when new); else company_id, else the board's "
        "own name.",
    )
    company_id: Id | None = Field(default=None, description="One of your companies.")

    @field_validator("ats")
    @classmethod
    def _known_kind(cls, value: str | None) -> str | None:
        if value is not None and value not in READER_NAMES:
            raise ValueError(f"unknown board kind; choose one of: {', '.join(READER_NAMES)}")
        return value

    @model_validator(mode="after")
    def _one_company(self) -> WatchIn:
        if self.company is not None and self.company_id is not None:
            raise ValueError("give company or company_id, not both")
        return self
