"""Contact and touch forms (the pages' side; the rules live in services)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from service.ids import MAX_ID, MIN_ID
from service.models import ContactRole, TouchDirection, TouchKind


class ContactForm(FlaskForm):
    first_name = StringField("First name", validators=[DataRequired(), Length(max=200)])
    last_name = StringField("Last name", validators=[Optional(), Length(max=200)])
    title = StringField("Title", validators=[Optional(), Length(max=300)])
    company = StringField(
        "Company",
        validators=[Optional(), Length(max=200)],
        description="Typed names are matched to your companies or added.",
    )
    email = EmailField("E-mail", validators=[Optional(), Length(max=254)])
    linkedin = StringField(
        "LinkedIn profile",
        validators=[Optional(), Length(max=500)],
        description="e.g. https://www.linkedin.com/in/jane-doe/",
    )
    role = SelectField("Role", choices=[SelectChoice(r.value, r.label) for r in ContactRole])
    tier_id = SelectField("Stay in touch", coerce=lambda v: int(v) if v else None)
    tags = StringField(
        "Tags", validators=[Optional(), Length(max=1000)], description="Separated by commas."
    )
    how_met = TextAreaField("How you met", validators=[Optional(), Length(max=20_000)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=100_000)])


class TouchForm(FlaskForm):
    kind = SelectField("Kind", choices=[SelectChoice(k.value, k.label) for k in TouchKind])
    direction = SelectField(
        "Direction", choices=[SelectChoice(d.value, d.label) for d in TouchDirection]
    )
    occurred_on = DateField("Date", validators=[DataRequired()])
    summary = TextAreaField("What happened", validators=[Optional(), Length(max=20_000)])


class MergeForm(FlaskForm):
    other_id = IntegerField(
        "Merge this contact into the one above",
        validators=[DataRequired(), NumberRange(MIN_ID, MAX_ID)],
    )
