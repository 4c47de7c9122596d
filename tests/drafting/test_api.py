"""/api/v1/drafts and /api/v1/about: write, read, edit, mark sent; About you; isolation."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from service.auth.tokens import create_token
from service.contacts.services import create_contact
from service.extensions import db
from service.models import Touch, User


def bearer(client: FlaskClient, user: User) -> dict[str, str]:
    _, secret = create_token(user, "drafts")
    return {"Authorization": f"Bearer {secret}"}


def test_about_you_and_a_draft_through_the_api(client: FlaskClient, user: User) -> None:
    auth = bearer(client, user)
    about = client.put(
        "/api/v1/about",
        json={"sign_name": "Ada Lovelace", "skills": ["dbt"], "topics": ["data quality"]},
        headers=auth,
    )
    assert about.status_code == 200 and about.json["sign_name"] == "Ada Lovelace"
    assert client.get("/api/v1/about", headers=auth).json["topics"] == ["data quality"]

    contact = create_contact(user, {"first_name": "Zoë", "company": "Acme"})
    made = client.post(
        "/api/v1/drafts",
        json={"kind": "congratulations", "tone": "formal", "contact_id": contact.id,
              "facts": {"new_role": "Head of Data at Acme"}},
        headers=auth,
    )  # fmt: skip
    assert made.status_code == 201, made.json
    draft = made.json
    assert draft["body"].startswith("Dear Zoë,") and "Head of Data at Acme" in draft["body"]
    assert draft["body"].endswith("Ada Lovelace") and draft["checks"]["ok"] is True
    assert draft["questions"] == {
        "new_role": "Their new role",
        "memory": "One thing you remember about working with them",
    }

    changed = client.patch(
        f"/api/v1/drafts/{draft['id']}",
        json={"body": "Dear Zoë,\n\nCongratulations on Acme!", "status": "sent"},
        headers=auth,
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["versions"] == 2 and changed.json["status"] == "sent"
    assert db.session.query(Touch).filter_by(contact_id=contact.id).count() == 1
    listed = client.get("/api/v1/drafts", headers=auth).json
    assert listed["total"] == 1 and listed["items"][0]["id"] == draft["id"]


def test_api_errors(client: FlaskClient, user: User, make_user: Any) -> None:
    auth = bearer(client, user)
    no_source = client.post("/api/v1/drafts", json={"kind": "comment"}, headers=auth)
    assert no_source.status_code == 422 and no_source.json["error"]["details"] == {
        "source": "required"
    }
    unknown = client.post("/api/v1/drafts", json={"kind": "letter"}, headers=auth)
    assert unknown.status_code == 422
    other = make_user("eve@example.com")
    theirs = create_contact(other, {"first_name": "Mallory"})
    hidden = client.post(
        "/api/v1/drafts", json={"kind": "mentor", "contact_id": theirs.id}, headers=auth
    )
    assert hidden.status_code == 404
    empty = client.post("/api/v1/drafts", json={"kind": "mentor"}, headers=auth).json
    blank = client.patch(f"/api/v1/drafts/{empty['id']}", json={"body": " "}, headers=auth)
    assert blank.status_code == 422
    assert (
        client.get(f"/api/v1/drafts/{empty['id']}", headers=bearer(client, other)).status_code
        == 404
    )
