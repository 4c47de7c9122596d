"""The weekly plan's schedule and writing goals form (on the settings page)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField
from wtforms.validators import NumberRange, Optional

from service.week.digest import MAX_GOAL, WEEKDAYS


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
    posts_per_week = IntegerField(
        "Posts a week",
        default=1,
        validators=[Optional(), NumberRange(0, MAX_GOAL)],
        description="Posts and articles you mark sent; 0 turns the goal off.",
    )
    comments_per_week = IntegerField(
        "Comments a week",
        default=3,
        validators=[Optional(), NumberRange(0, MAX_GOAL)],
        description="Comments you mark sent; 0 turns the goal off.",
    )
