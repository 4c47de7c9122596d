"""What a user may send about drafts and About you (the API, its OpenAPI document, the rules)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from service.ids import Id
from service.models import DraftKind, DraftStatus, DraftTone
from service.validation import NOT_BLANK, Input, Whole

Line = Annotated[str, Field(max_length=200)]


class AboutIn(Input):
    """The user's own profile for writing; lists replace what was there."""

    sign_name: str = Field(default="", max_length=200)
    headline: str = Field(default="", max_length=300)
    skills: list[Line] = Field(default_factory=list, max_length=30)
    goals: str = Field(default="", max_length=2000)
    topics: list[Line] = Field(default_factory=list, max_length=30)
    samples: list[Annotated[str, Field(max_length=5000)]] = Field(
        default_factory=list, max_length=5
    )


class DraftIn(Input):
    """A draft to write: the kind, tone, recipient or vacancy, the user's facts, a pasted post."""

    kind: DraftKind
    tone: DraftTone = DraftTone.WARM
    contact_id: Id | None = None
    vacancy_id: Id | None = None
    application_id: Id | None = Field(
        default=None, description="The application it is about (its stages, feedback, upskill)."
    )
    facts: dict[Annotated[str, Field(max_length=40)], Annotated[str, Field(max_length=2000)]] = (
        Field(default_factory=dict, max_length=4)
    )
    source: str = Field(default="", max_length=20_000, description="The post a comment answers.")
    seed: Whole | None = Field(default=None, ge=0, le=2**31 - 1)


class DraftChange(Input):
    """An edit (saved as a new version) and a new status; PATCH sends any of them."""

    title: str = Field(max_length=300)
    body: str = Field(min_length=1, max_length=120_000, json_schema_extra=NOT_BLANK)
    status: DraftStatus
