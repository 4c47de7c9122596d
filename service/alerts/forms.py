"""Alert forms: an e-mail or webhook channel, and the user's time zone."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from service.models import Cadence, WebhookFormat

CADENCES = [
    (Cadence.IMMEDIATE.value, "Immediately"),
    (Cadence.DAILY.value, "A daily digest"),
    (Cadence.WEEKLY.value, "Weekly only (Mondays)"),
]
FORMATS = [
    (WebhookFormat.JSON.value, "JSON (signed, for your own receiver)"),
    (WebhookFormat.SLACK.value, "Slack-compatible (incoming webhook)"),
    (WebhookFormat.DISCORD.value, "Discord-compatible"),
]


class ChannelForm(FlaskForm):
    kind = SelectField(
        "Kind", choices=[("email", "E-mail"), ("webhook", "Webhook")], default="email"
    )
    name = StringField("Name", validators=[Optional(), Length(max=100)])
    email = StringField(
        "E-mail address",
        validators=[Optional(), Length(max=254)],
        description="Leave empty to use your account's address.",
    )
    webhook_url = StringField(
        "Webhook URL",
        validators=[Optional(), Length(max=2000)],
        description="An https address that accepts a POST; it is checked like every URL.",
    )
    webhook_format = SelectField("Message shape", choices=FORMATS, default="json")
    cadence = SelectField("How often", choices=CADENCES, default="immediate")
    digest_hour = IntegerField(
        "Digest hour (0 to 23, your time zone)",
        default=8,
        validators=[Optional(), NumberRange(min=0, max=23)],
    )
    enabled = BooleanField("On", default=True)

    def values(self, *, editing: bool) -> dict[str, Any]:
        """The fields for the service (the kind only when adding)."""
        data: dict[str, Any] = {
            "name": self.name.data or "",
            "cadence": self.cadence.data,
            "digest_hour": 8 if self.digest_hour.data is None else self.digest_hour.data,
            "enabled": bool(self.enabled.data),
            "webhook_format": self.webhook_format.data,
        }
        if not editing:
            data["kind"] = self.kind.data
        if self.kind.data == "email":
            data["email"] = self.email.data or None
        else:
            data["webhook_url"] = self.webhook_url.data or None
        return data


class TimezoneForm(FlaskForm):
    timezone = StringField(
        "Your time zone",
        validators=[DataRequired(), Length(max=64)],
        description="An IANA name such as Europe/Berlin or America/New_York.",
    )
