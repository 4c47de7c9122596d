"""Private responses are never cached, and every response denies powerful browser features."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.auth.tokens import create_token
from service.models import User

SIGNED_IN_PAGES = ["/", "/contacts/", "/contacts/new", "/companies/", "/settings/", "/imports/"]


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_are_not_stored(auth_client: FlaskClient, path: str) -> None:
    response = auth_client.get(path, follow_redirects=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_a_signed_in_users_errors_and_redirects_are_not_stored(auth_client: FlaskClient) -> None:
    assert auth_client.get("/contacts/999").headers["Cache-Control"] == "no-store"
    assert auth_client.get("/contacts").headers["Cache-Control"] == "no-store"


def test_every_api_answer_is_not_stored(app: Flask, user: User) -> None:
    _, token = create_token(user, "t")
    client = app.test_client()
    ok = client.get("/api/v1/contacts", headers={"Authorization": f"Bearer {token}"})
    refused = client.get("/api/v1/contacts")
    for response in (ok, refused, client.get("/api/openapi.json")):
        assert response.headers["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable(auth_client: FlaskClient) -> None:
    with auth_client.get("/static/app.css") as response:
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/auth/login", "/static/app.css", "/api/openapi.json", "/nope"])
def test_every_response_denies_camera_microphone_and_location(
    client: FlaskClient, path: str
) -> None:
    with client.get(path) as response:
        policy = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_405_answers_say_which_methods_are_allowed(app: Flask, user: User) -> None:
    _, token = create_token(user, "t")
    response = app.test_client().put(
        "/api/v1/contacts", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
