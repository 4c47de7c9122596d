"""Watch forms: add a careers page (or a board kind and token), watch a board found."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from service.boards.readers import READER_NAMES


class AddWatchForm(FlaskForm):
    url = StringField(
        "Careers page or board URL",
        validators=[DataRequired(), Length(max=2000)],
        description="Paste the company's careers page, or a board token when you choose its kind.",
    )
    ats = SelectField(
        "Board kind",
        choices=[SelectChoice("", "Detect it for me")]
        + [SelectChoice(name, name) for name in READER_NAMES],
        default="",
        validators=[Optional()],
    )


class WatchFoundForm(FlaskForm):
    company_id = HiddenField(validators=[DataRequired()])
    kind = HiddenField(validators=[DataRequired(), Length(max=32)])
    token = HiddenField(validators=[DataRequired(), Length(max=600)])
