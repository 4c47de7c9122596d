"""Application, stage, feedback and upskill forms (the pages' side; the rules live in services)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from service.models import (
    ApplicationSource,
    ContactRole,
    FeedbackCategory,
    StageKind,
    UpskillKind,
)


def optional_id(value: object) -> int | None:
    """A select's value: "" for none, else the id it names."""
    return int(str(value)) if value not in (None, "") else None


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ApplicationForm(FlaskForm):
    company = StringField(
        "Company",
        validators=[DataRequired(), Length(max=200)],
        description="Typed names are matched to your companies or added.",
    )
    role = StringField("Role", validators=[DataRequired(), Length(max=300)])
    source = SelectField(
        "How it came",
        choices=[SelectChoice(s.value, s.label) for s in ApplicationSource],
        default=ApplicationSource.DIRECT.value,
    )
    headhunter_id = SelectField("Headhunter", coerce=optional_id, validate_choice=False)
    next_step = StringField("Next step", validators=[Optional(), Length(max=500)])
    next_step_on = DateField("Next step on", validators=[Optional()])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=100_000)])
    vacancy_id = HiddenField()


class StageForm(FlaskForm):
    kind = SelectField("Stage", choices=[SelectChoice(k.value, k.label) for k in StageKind])
    occurred_on = DateField("Date", validators=[DataRequired()])
    round = IntegerField(
        "Interview round",
        validators=[Optional(), NumberRange(1, 20)],
        description="Left empty, interviews are numbered in order.",
    )
    contact_ids = CheckboxesField("People met", coerce=int, validate_choice=False)
    new_first_name = StringField("New person: first name", validators=[Length(max=200)])
    new_last_name = StringField("Last name", validators=[Length(max=200)])
    new_title = StringField("Title", validators=[Length(max=300)])
    new_role = SelectField(
        "Role",
        choices=[SelectChoice(r.value, r.label) for r in ContactRole],
        default=ContactRole.INTERVIEWER.value,
    )
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=20_000)])


class FeedbackForm(FlaskForm):
    text = TextAreaField("What they said", validators=[DataRequired(), Length(max=20_000)])
    categories = CheckboxesField(
        "About",
        choices=[SelectChoice(c.value, c.label) for c in FeedbackCategory],
        validators=[InputRequired(message="Pick at least one.")],
    )
    contact_id = SelectField("From", coerce=optional_id, validate_choice=False)
    received_on = DateField("Received on", validators=[DataRequired()])


class UpskillForm(FlaskForm):
    kind = SelectField("Kind", choices=[SelectChoice(k.value, k.label) for k in UpskillKind])
    title = StringField("What", validators=[DataRequired(), Length(max=300)])
    gap = TextAreaField("The gap it closes", validators=[Optional(), Length(max=5_000)])
    target_on = DateField("Target date", validators=[Optional()])
    feedback_id = SelectField("From feedback", coerce=optional_id, validate_choice=False)


class ProgressForm(FlaskForm):
    progress = IntegerField("Progress (%)", validators=[InputRequired(), NumberRange(0, 100)])
