"""Company form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from service.models import CompanyRelation


class CompanyForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    website = StringField("Website or careers page", validators=[Optional(), Length(max=500)])
    relation = SelectField(
        "Relation",
        choices=[SelectChoice(r.value, r.label) for r in CompanyRelation],
        default=CompanyRelation.OTHER.value,
    )
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=20_000)])
