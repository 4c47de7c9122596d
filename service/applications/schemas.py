"""What a user may set on applications, stages, feedback and upskill items (pages, CLI, API)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BeforeValidator, Field, field_validator

from service.ids import Id
from service.models import (
    ApplicationSource,
    ContactRole,
    FeedbackCategory,
    StageKind,
    UpskillKind,
)
from service.timestamps import read_time
from service.validation import INTEGRAL, NOT_BLANK, Input


def _date_text(value: object) -> object:
    return value if value is None else read_time(value, dates=True, times=False)


Day = Annotated[date, BeforeValidator(_date_text)]
Ids = Annotated[list[Id], Field(default_factory=list, max_length=50)]


class ApplicationIn(Input):
    """An application's editable fields; ``company`` is a name, found or created per user."""

    company: str = Field(min_length=1, max_length=200, json_schema_extra=NOT_BLANK)
    role: str = Field(min_length=1, max_length=300, json_schema_extra=NOT_BLANK)
    vacancy_id: Id | None = None
    source: ApplicationSource = ApplicationSource.DIRECT
    headhunter_id: Id | None = None
    notes: str = Field(default="", max_length=100_000)
    next_step: str = Field(default="", max_length=500)
    next_step_on: Day | None = None


class NewPerson(Input):
    """Someone met at a stage who is not in the contact book yet."""

    first_name: str = Field(min_length=1, max_length=200, json_schema_extra=NOT_BLANK)
    last_name: str = Field(default="", max_length=200)
    title: str = Field(default="", max_length=300)
    role: ContactRole = ContactRole.INTERVIEWER


class StageIn(Input):
    """A stage logged on an application, with the people met (known ids and new people)."""

    kind: StageKind
    occurred_on: Day
    round: Annotated[int, Field(ge=1, le=20), INTEGRAL] | None = None
    notes: str = Field(default="", max_length=20_000)
    contact_ids: Ids
    new_people: list[NewPerson] = Field(default_factory=list, max_length=10)

    @field_validator("contact_ids")
    @classmethod
    def _distinct(cls, value: list[int]) -> list[int]:
        return list(dict.fromkeys(value))


class FeedbackIn(Input):
    """Feedback on an application: what was said, sorted into categories."""

    text: str = Field(min_length=1, max_length=20_000, json_schema_extra=NOT_BLANK)
    categories: list[FeedbackCategory] = Field(min_length=1, max_length=6)
    contact_id: Id | None = None
    received_on: Day

    @field_validator("categories")
    @classmethod
    def _distinct(cls, value: list[FeedbackCategory]) -> list[FeedbackCategory]:
        return list(dict.fromkeys(value))


class UpskillIn(Input):
    """One step of the upskill plan, usually closing a gap named in feedback."""

    kind: UpskillKind
    title: str = Field(min_length=1, max_length=300, json_schema_extra=NOT_BLANK)
    gap: str = Field(default="", max_length=5_000)
    target_on: Day | None = None
    feedback_id: Id | None = None


class ProgressIn(Input):
    progress: Annotated[int, Field(ge=0, le=100), INTEGRAL]
