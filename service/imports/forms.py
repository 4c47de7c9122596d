"""Import forms: the upload, and the column mapping of a generic CSV."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import SelectChoice, SelectField
from wtforms.validators import DataRequired

from service.imports.csv_generic import FIELDS


def _tier(value: Any) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class UploadForm(FlaskForm):
    files = MultipleFileField(
        "Files",
        validators=[
            DataRequired("Choose the LinkedIn .zip, one of its CSV files, or a spreadsheet.")
        ],
        description="The LinkedIn export .zip, any of its CSV files (several at once is fine), "
        "another contact list as CSV, or a Next Round export (.json).",
    )
    tier_id = SelectField(
        "Stay in touch with new contacts",
        coerce=_tier,
        description="Most connections need no reminders: choose a tier only for a short list.",
    )


class MappingForm(FlaskForm):
    """One select per detected column; the fields are added by ``mapping_form``."""


def mapping_form(headers: list[str], initial: list[str]) -> MappingForm:
    """A mapping form for these headers, preset to ``initial``."""

    class Form(MappingForm):
        pass

    choices = [SelectChoice("", "Ignore this column")]
    choices += [SelectChoice(field, label) for field, label in FIELDS.items()]
    for i, header in enumerate(headers):
        label = header or f"Column {i + 1}"
        default = initial[i] if i < len(initial) else ""
        setattr(Form, f"col_{i}", SelectField(label, choices=choices, default=default))
    return Form()


def chosen_fields(form: MappingForm, count: int) -> list[str]:
    return [form[f"col_{i}"].data or "" for i in range(count)]
