"""Forms and form helpers every area uses."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from service.errors import DomainError


class ConfirmForm(FlaskForm):
    """An empty form: just the CSRF token behind a confirmation button."""


def show_errors(form: FlaskForm, exc: DomainError) -> None:
    """A service's refusal on the page: its message flashed, each detail on its field."""
    flash(exc.message, "error")
    for field, message in (exc.details or {}).items():
        if field in form and isinstance(message, str):
            form[field].errors = [*form[field].errors, message]
