"""The dashboard: who is due this week."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from service.clock import today
from service.contacts.services import due_contacts, has_contacts

bp = Blueprint("week", __name__)


@bp.get("/")
@login_required
def dashboard() -> ResponseReturnValue:
    day = today()
    due = due_contacts(current_user, today=day)
    return render_template(
        "week/dashboard.html", due=due, today=day, has_contacts=has_contacts(current_user)
    )
