"""What a user may set on a company (shared by the pages, the API, imports and the OpenAPI doc)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, field_validator

from service.models import CompanyRelation
from service.validation import NOT_BLANK, Input

# A website as the API documents it and as it is checked: one pattern. An http(s) address whose
# host is a domain name (https:// is assumed when left out), with no spaces; empty means none.
WEBSITE_PATTERN = (
    r"^(|([Hh][Tt][Tt][Pp][Ss]?://)?(?=[^/?#:]{1,253}([/?#:]|$))"
    r"([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    r"(:[0-9]{1,5})?([/?#][^\s\x00-\x1f\x7f]*)?)$"
)
_WEBSITE = re.compile(WEBSITE_PATTERN)


class CompanyIn(Input):
    """Fields a user may set on a company."""

    name: str = Field(min_length=1, max_length=200, json_schema_extra=NOT_BLANK)
    website: (
        Annotated[
            str,
            Field(max_length=500, json_schema_extra={"pattern": WEBSITE_PATTERN}),
        ]
        | None
    ) = None
    relation: CompanyRelation = CompanyRelation.OTHER
    notes: str = Field(default="", max_length=20_000)

    @field_validator("website")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not _WEBSITE.match(value):
            raise ValueError("a website is an http(s) address such as https://acme.com/careers")
        return value if "://" in value else "https://" + value
