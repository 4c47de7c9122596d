"""Settings forms (the tier's limits come from ``TierIn``; the service checks them)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length

from service.settings.schemas import INTERVAL_MAX, INTERVAL_MIN, NAME_MAX


class TierForm(FlaskForm):
    name = StringField("Name", render_kw={"maxlength": NAME_MAX, "required": True})
    interval_days = IntegerField(
        "Every (days)", render_kw={"min": INTERVAL_MIN, "max": INTERVAL_MAX, "required": True}
    )


class TokenForm(FlaskForm):
    name = StringField(
        "Token name",
        validators=[DataRequired(), Length(max=100)],
        description="What will use it, e.g. 'laptop script'.",
    )
