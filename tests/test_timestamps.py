"""Every timestamp in and out of the API is RFC 3339 with its offset: UTC ``Z`` out; on input an
offset is converted to UTC, a time without one is UTC, a date alone is noon UTC."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.auth.tokens import create_token
from service.extensions import db
from service.models import Touch, User

RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")


@pytest.fixture
def api(app: Flask, user: User) -> tuple[FlaskClient, dict[str, str]]:
    _, token = create_token(user, "t")
    return app.test_client(), {"Authorization": f"Bearer {token}"}


def _contact(api: tuple[FlaskClient, dict[str, str]]) -> int:
    client, h = api
    return int(client.post("/api/v1/contacts", headers=h, json={"first_name": "Ada"}).json["id"])


@pytest.mark.parametrize(
    ("sent", "stored", "shown"),
    [
        ("2026-11-01T10:00:00+05:00", datetime(2026, 11, 1, 5), "2026-11-01T05:00:00Z"),
        ("2026-11-01T10:00:00-03:30", datetime(2026, 11, 1, 13, 30), "2026-11-01T13:30:00Z"),
        ("2026-11-01T10:00:00Z", datetime(2026, 11, 1, 10), "2026-11-01T10:00:00Z"),
        (
            "2026-11-01t10:00:00.25z",
            datetime(2026, 11, 1, 10, 0, 0, 250000),
            "2026-11-01T10:00:00.250000Z",
        ),
        ("2026-11-01T10:00:00", datetime(2026, 11, 1, 10), "2026-11-01T10:00:00Z"),  # naive: UTC
        ("2026-11-01", datetime(2026, 11, 1, 12), "2026-11-01T12:00:00Z"),  # a date: noon UTC
    ],
)
def test_touch_times_are_stored_in_utc_and_shown_with_z(
    api: tuple[FlaskClient, dict[str, str]], sent: str, stored: datetime, shown: str
) -> None:
    client, h = api
    contact_id = _contact(api)
    created = client.post(
        f"/api/v1/contacts/{contact_id}/touches",
        headers=h,
        json={"kind": "call", "occurred_at": sent},
    )
    assert created.status_code == 201, created.json
    assert created.json["occurred_at"] == shown
    assert db.session.get(Touch, created.json["id"]).occurred_at == stored
    again = client.get(f"/api/v1/touches/{created.json['id']}", headers=h).json
    assert again["occurred_at"] == shown


@pytest.mark.parametrize(
    "sent",
    [
        1700000000,
        "1700000000",
        "2026-11-01 10:00",
        "01/11/2026",
        "2026-02-30",
        "2026-11-01T25:00:00Z",
        "0001-01-01T00:00:00+05:00",
        "tomorrow",
        True,
    ],
)
def test_anything_but_rfc_3339_is_refused(
    api: tuple[FlaskClient, dict[str, str]], sent: object
) -> None:
    client, h = api
    contact_id = _contact(api)
    response = client.post(
        f"/api/v1/contacts/{contact_id}/touches",
        headers=h,
        json={"kind": "call", "occurred_at": sent},
    )
    assert response.status_code == 422
    assert "occurred_at" in response.json["error"]["details"]


def test_every_timestamp_the_api_returns_ends_in_z(
    api: tuple[FlaskClient, dict[str, str]], user: User
) -> None:
    client, h = api
    contact_id = _contact(api)
    client.post(f"/api/v1/contacts/{contact_id}/touches", headers=h,
                json={"kind": "call", "occurred_at": "2026-11-01T10:00:00+01:00"})  # fmt: skip
    token = client.post("/api/v1/tokens", headers=h, json={"name": "second"}).json
    client.delete(f"/api/v1/tokens/{token['id']}", headers=h)
    seen = []
    for path in (f"/api/v1/contacts/{contact_id}", f"/api/v1/contacts/{contact_id}/touches",
                 "/api/v1/tokens"):  # fmt: skip
        body = client.get(path, headers=h).json
        for item in body.get("items", [body]):
            seen += [v for k, v in item.items() if k.endswith("_at") and v is not None]
    assert len(seen) >= 6  # created/updated, occurred, token created/used/revoked
    assert all(RFC3339_UTC.match(value) for value in seen), seen


def test_the_document_says_what_times_mean(app: Flask) -> None:
    spec = app.test_client().get("/api/openapi.json").json
    occurred = spec["components"]["schemas"]["TouchIn"]["properties"]["occurred_at"]
    assert {"type": "string", "format": "date-time"} in occurred["anyOf"]
    assert "without one is taken as UTC" in occurred["description"]
    created = spec["components"]["schemas"]["Contact"]["properties"]["created_at"]
    assert created["format"] == "date-time"
