"""Settings: stay-in-touch tiers (pages and their effect on due dates), forms, export."""

from __future__ import annotations

from datetime import date, timedelta

from flask.testing import FlaskClient

from service.contacts import services
from service.models import Contact, User
from tests.helpers import tier_id

TODAY = date(2026, 11, 25)


def test_settings_tiers(auth_client: FlaskClient, user: User) -> None:
    auth_client.post("/settings/tiers", data={"tier-name": "Mentors", "tier-interval_days": "30"})
    assert any(t.name == "Mentors" and t.interval_days == 30 for t in user.tiers)
    tier = next(t for t in user.tiers if t.name == "Mentors")
    auth_client.post(
        f"/settings/tiers/{tier.id}", data={"tier-name": "Mentors", "tier-interval_days": "14"}
    )
    assert tier.interval_days == 14
    auth_client.post(f"/settings/tiers/{tier.id}/delete")
    assert all(t.name != "Mentors" for t in user.tiers)


def test_changing_or_deleting_a_tier_moves_its_contacts_due_dates(app, user: User) -> None:
    from service.settings import tiers

    close = tier_id(user, "Close")
    contact = services.create_contact(user, {"first_name": "T", "tier_id": close}, today=TODAY)
    other = services.create_contact(user, {"first_name": "U"}, today=TODAY)
    assert contact.next_due_on == TODAY + timedelta(days=21)
    tiers.update_tier(user, close, "Close", 7)
    assert contact.next_due_on == TODAY + timedelta(days=7)
    assert services.due_contacts(user, today=TODAY) == [contact]
    tiers.delete_tier(user, close)
    assert contact.tier_id is None and contact.next_due_on is None
    assert other.next_due_on is None
    assert services.due_contacts(user, today=TODAY + timedelta(days=365)) == []


def test_settings_forms_have_their_own_field_ids(auth_client: FlaskClient) -> None:
    html = auth_client.post("/settings/tokens", data={"token-name": "laptop"}).get_data(
        as_text=True
    )
    assert 'id="token-name"' in html and 'id="tier-name"' in html
    assert 'id="tier-name" maxlength="60" name="tier-name" required type="text" value=""' in html


def test_settings_export_downloads_everything_and_reimports(
    auth_client: FlaskClient, user: User, make_user
) -> None:
    import json

    from service.imports.services import import_now

    services.create_contact(user, {"first_name": "Kept", "company": "Acme", "tags": ["x"]})
    response = auth_client.get("/settings/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert [c["first_name"] for c in data["contacts"]] == ["Kept"]
    other = make_user("copy@example.com")
    run = import_now(other, "export.json", response.data)
    assert run.status.value == "done"
    assert [c.first_name for c in Contact.query.filter_by(user_id=other.id)] == ["Kept"]
