"""What a user may set on target profiles, match settings and matches (pages, API, CLI)."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field, field_validator

from service.ids import Id
from service.models import MatchState
from service.validation import INTEGRAL, NOT_BLANK, Input

Phrase = Annotated[str, Field(min_length=1, max_length=200, json_schema_extra=NOT_BLANK)]
Score = Annotated[int, Field(ge=0, le=100), INTEGRAL]
Boost = Annotated[int, Field(ge=0, le=50), INTEGRAL]


class Level(enum.StrEnum):
    """Seniority a profile may ask for (Junior → Senior → Staff → Principal)."""

    INTERN = "intern"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"
    STAFF = "staff"
    PRINCIPAL = "principal"

    @property
    def label(self) -> str:
        return {"intern": "Intern / student", "mid": "Mid-level"}.get(
            self.value, self.value.capitalize()
        )


def _unique(values: list[str]) -> list[str]:
    """The phrases once each (case aside), in the order given."""
    seen: set[str] = set()
    kept = []
    for value in values:
        key = " ".join(value.casefold().split())
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


class ProfileIn(Input):
    """A target profile: the job titles wanted, and what else makes a vacancy fit."""

    name: str = Field(min_length=1, max_length=100, json_schema_extra=NOT_BLANK)
    titles: list[Phrase] = Field(
        min_length=1,
        max_length=20,
        description='Wanted job titles, e.g. "senior data engineer"; abbreviations ("Sr.", '
        '"Eng."), synonyms and German, French, Spanish and Dutch titles match too.',
    )
    keywords: list[Phrase] = Field(
        default_factory=list, max_length=50, description="Words or phrases that add points."
    )
    excluded: list[Phrase] = Field(
        default_factory=list,
        max_length=50,
        description='Words that rule a vacancy out when its title has them ("intern").',
    )
    locations: list[Phrase] = Field(default_factory=list, max_length=20)
    remote: bool = Field(default=False, description="Remote postings are welcome wherever.")
    seniority: list[Level] = Field(default_factory=list, max_length=7)
    departments: list[Phrase] = Field(default_factory=list, max_length=20)
    min_score: Score = Field(default=50, description="A vacancy scoring this (0-100) matches.")
    active: bool = True

    @field_validator("titles", "keywords", "excluded", "locations", "departments")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        return _unique(value)

    @field_validator("seniority")
    @classmethod
    def _levels_once(cls, value: list[Level]) -> list[Level]:
        return list(dict.fromkeys(value))


class SettingsIn(Input):
    """A user's boosts and company preferences, shared by all their profiles."""

    favourite_company_ids: list[Id] = Field(default_factory=list, max_length=200)
    blocked_company_ids: list[Id] = Field(default_factory=list, max_length=200)
    boost_past_employer: Boost = 15
    boost_rejected_me: Boost = 15
    boost_known_contact: Boost = 10
    boost_favourite: Boost = 10


class MatchStateIn(Input):
    """The user's verdict on a match."""

    state: MatchState
