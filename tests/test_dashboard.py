"""The dashboard: who is due, and the first steps when the book is empty."""

from __future__ import annotations

from datetime import date, timedelta

from flask.testing import FlaskClient

from service.contacts import services
from service.models import User
from tests.helpers import tier_id


def test_dashboard_shows_who_is_due(auth_client: FlaskClient, user: User) -> None:
    assert b"Start with the people you met" in auth_client.get("/").data
    services.create_contact(
        user,
        {"first_name": "Due", "last_name": "Soon", "tier_id": tier_id(user, "Close")},
        today=date.today() - timedelta(days=30),
    )
    page = auth_client.get("/").get_data(as_text=True)
    assert "Due Soon" in page and "overdue" in page
