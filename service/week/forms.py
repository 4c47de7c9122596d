"""The weekly plan's schedule form (on the settings page)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField

from service.week.digest import WEEKDAYS


class ScheduleForm(FlaskForm):
    enabled = BooleanField("Build and send me my plan every week")
    weekday = SelectField(
        "Plan my week on",
        choices=[SelectChoice(i, name) for i, name in enumerate(WEEKDAYS)],
        coerce=int,
    )
    hour = SelectField(
        "Hour",
        choices=[SelectChoice(h, f"{h:02d}:00") for h in range(24)],
        coerce=int,
        description="In your time zone (set under Alert channels).",
    )
