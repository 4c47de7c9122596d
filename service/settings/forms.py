"""Settings forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange


class TierForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=60)])
    interval_days = IntegerField("Every (days)", validators=[DataRequired(), NumberRange(1, 3650)])


class TokenForm(FlaskForm):
    name = StringField(
        "Token name",
        validators=[DataRequired(), Length(max=100)],
        description="What will use it, e.g. 'laptop script'.",
    )
