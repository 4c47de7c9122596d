"""Drafting forms (the pages' side; the rules live in services)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from service.drafting.kinds import KINDS
from service.models import DraftTone


class NewDraftForm(FlaskForm):
    kind = SelectField(
        "Kind", choices=[SelectChoice(k.value, info.label) for k, info in KINDS.items()]
    )
    tone = SelectField(
        "Tone", choices=[SelectChoice(t.value, t.value.capitalize()) for t in DraftTone]
    )
    source = TextAreaField(
        "The post you are commenting on",
        validators=[Optional(), Length(max=20_000)],
        description="Paste its text: nothing is fetched from LinkedIn.",
    )

    use_llm = BooleanField("Ask the LLM to write it (the templates' draft shows meanwhile)")


class EditDraftForm(FlaskForm):
    title = StringField("Title or subject", validators=[Optional(), Length(max=300)])
    body = TextAreaField("Draft", validators=[DataRequired(), Length(max=120_000)])


class AboutForm(FlaskForm):
    sign_name = StringField(
        "Name to sign with", validators=[Optional(), Length(max=200)],
        description="As you sign your messages, e.g. Ada Lovelace.",
    )  # fmt: skip
    headline = StringField("Headline", validators=[Optional(), Length(max=300)])
    skills = StringField(
        "Skills", validators=[Optional(), Length(max=2000)], description="Separated by commas."
    )
    goals = TextAreaField("Goals", validators=[Optional(), Length(max=2000)])
    topics = StringField(
        "Topics you write about",
        validators=[Optional(), Length(max=2000)],
        description="Separated by commas; the first ones become a post's hashtags.",
    )
    samples = TextAreaField(
        "Samples of your writing",
        validators=[Optional(), Length(max=20_000)],
        description="A few messages or posts you wrote, separated by a blank line.",
    )
