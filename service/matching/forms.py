"""Matching forms: a target profile (lists typed one per line or comma-separated) and the
match settings (favourite and blocked companies, boosts). The rules live in ProfileIn and
SettingsIn; the forms only turn typed text into lists and numbers."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from service.matching.schemas import Level
from service.models import TargetProfile

LIST_FIELDS = ("titles", "keywords", "excluded", "locations", "departments")
SEPARATORS = re.compile(r"[\n,;]")
ONE_A_LINE = "One a line, or separated by commas."


def split_list(text: str | None) -> list[str]:
    """Typed phrases: one a line or separated by commas (blanks dropped)."""
    return [part.strip() for part in SEPARATORS.split(text or "") if part.strip()]


def join_list(values: list[str] | None) -> str:
    return "\n".join(values or [])


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (usable without JavaScript)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ProfileForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[DataRequired(), Length(max=100)],
        description="For you, e.g. “Data platform lead”.",
    )
    titles = TextAreaField(
        "Wanted job titles",
        validators=[DataRequired(message="Give at least one job title.")],
        description=ONE_A_LINE + " Abbreviations (Sr., Eng.), synonyms and German, French, "
        "Spanish and Dutch titles match too.",
        render_kw={"rows": 3},
    )
    keywords = TextAreaField(
        "Keywords", description=ONE_A_LINE + " Each one found adds points.", render_kw={"rows": 2}
    )
    excluded = TextAreaField(
        "Excluded words",
        description=ONE_A_LINE + " A title with one of them is never a match.",
        render_kw={"rows": 2},
    )
    locations = TextAreaField(
        "Locations", description=ONE_A_LINE + " Empty: anywhere.", render_kw={"rows": 2}
    )
    remote = BooleanField("Remote postings are welcome wherever they are")
    seniority = CheckboxesField(
        "Seniority",
        choices=[SelectChoice(level.value, level.label) for level in Level],
        validate_choice=True,
    )
    departments = TextAreaField(
        "Departments", description=ONE_A_LINE + " Empty: any.", render_kw={"rows": 2}
    )
    min_score = IntegerField(
        "Least score for a match (0 to 100)",
        default=50,
        validators=[InputRequired(), NumberRange(min=0, max=100)],
    )
    active = BooleanField("On (an inactive profile matches nothing)", default=True)

    def validate_titles(self, field: TextAreaField) -> None:
        if not split_list(field.data):
            raise ValidationError("Give at least one job title.")

    def fill(self, profile: TargetProfile) -> None:
        """Show a saved profile (lists one a line)."""
        self.name.data = profile.name
        for name in LIST_FIELDS:
            self[name].data = join_list(getattr(profile, name))
        self.remote.data = profile.remote
        self.seniority.data = list(profile.seniority)
        self.min_score.data = profile.min_score
        self.active.data = profile.active

    def values(self) -> dict[str, Any]:
        """The fields for the service (ProfileIn checks them)."""
        data: dict[str, Any] = {name: split_list(self[name].data) for name in LIST_FIELDS}
        data.update(
            name=self.name.data or "",
            remote=bool(self.remote.data),
            seniority=list(self.seniority.data or []),
            min_score=self.min_score.data,
            active=bool(self.active.data),
        )
        return data


def _boost(label: str) -> IntegerField:
    return IntegerField(label, default=10, validators=[InputRequired(), NumberRange(min=0, max=50)])


class SettingsForm(FlaskForm):
    favourite_company_ids = CheckboxesField("Favourite companies", coerce=int, validate_choice=True)
    blocked_company_ids = CheckboxesField(
        "Blocked companies (never a match)", coerce=int, validate_choice=True
    )
    boost_past_employer = _boost("Points for a past employer (0 to 50)")
    boost_rejected_me = _boost("Points for a company that rejected you (0 to 50)")
    boost_known_contact = _boost("Points where you know a decision maker (0 to 50)")
    boost_favourite = _boost("Points for a favourite company (0 to 50)")

    def values(self) -> dict[str, Any]:
        data = {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
        for name in ("favourite_company_ids", "blocked_company_ids"):
            data[name] = list(data[name] or [])
        return data
