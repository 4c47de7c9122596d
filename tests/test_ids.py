"""Ids out of the storable range (1..2^31-1, PostgreSQL's INTEGER): a 404 in a path, a 422 in a
query or a JSON body, never a 500, on every route that takes one."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.auth.tokens import create_token
from service.contacts.services import create_contact
from service.extensions import db
from service.ids import MAX_ID
from service.models import Contact, User
from tests.helpers import login

PARAM = re.compile(r"<(?:int|id):\w+>")
TOO_BIG = [str(MAX_ID + 1), str(2**63), str(2**64), "9" * 30, "9" * 5000]


def _id_routes() -> list[tuple[str, str]]:
    """(method, rule) of every route with an id in its path, read from a fresh app."""
    from service import create_app

    app = create_app({"NEXTROUND_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted(
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if PARAM.search(rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    )


ROUTES = _id_routes()


def test_every_id_route_uses_the_id_converter() -> None:
    assert len(ROUTES) >= 25
    assert all("<id:" in rule for _, rule in ROUTES)


@pytest.mark.parametrize(("method", "rule"), ROUTES)
def test_out_of_range_ids_in_paths_are_not_found(
    app: Flask, user: User, method: str, rule: str
) -> None:
    _, token = create_token(user, "t")
    client = login(app.test_client(), user)
    for raw in [*TOO_BIG, "0", "-5", "007"]:
        path = PARAM.sub(raw, rule)
        headers = {"Authorization": f"Bearer {token}"} if path.startswith("/api/") else {}
        response = client.open(path, method=method, headers=headers, json={})
        assert response.status_code == 404, f"{method} {path}"


@pytest.mark.parametrize(
    "query",
    [
        *(f"page={n}" for n in TOO_BIG),
        *(f"per_page={n}" for n in TOO_BIG),
        *(f"company_id={n}" for n in TOO_BIG),
        *(f"tier_id={n}" for n in TOO_BIG),
        "page=0",
        "per_page=0",
        "per_page=501",
        "per_page=",
        "company_id=-5",
        "tier_id=0",
    ],
)
def test_out_of_range_numbers_in_api_queries_are_refused(
    app: Flask, user: User, query: str
) -> None:
    _, token = create_token(user, "t")
    response = app.test_client().get(
        f"/api/v1/contacts?{query}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422
    name = query.partition("=")[0]
    assert name in response.get_json()["error"]["details"]
    assert "whole number from 1 to" in response.get_json()["error"]["message"]


def test_negative_company_filter_says_what_is_allowed(app: Flask, user: User) -> None:
    _, token = create_token(user, "t")
    body = (
        app.test_client()
        .get("/api/v1/contacts?company_id=-5", headers={"Authorization": f"Bearer {token}"})
        .get_json()
    )
    assert body["error"]["message"] == f"company_id is a whole number from 1 to {MAX_ID}."


@pytest.mark.parametrize("raw", [MAX_ID + 1, 2**64, 0, -1, "5", 1.5, True])
def test_ids_in_json_bodies_are_checked(app: Flask, user: User, raw: object) -> None:
    contact = create_contact(user, {"first_name": "Kept"})
    _, token = create_token(user, "t")
    client, h = app.test_client(), {"Authorization": f"Bearer {token}"}
    merged = client.post(f"/api/v1/contacts/{contact.id}/merge", headers=h, json={"other_id": raw})
    assert merged.status_code == 422 and "other_id" in merged.get_json()["error"]["details"]
    body = {"first_name": "X", "tier_id": raw}
    created = client.post("/api/v1/contacts", headers=h, json=body)
    assert created.status_code == 422 and "tier_id" in created.get_json()["error"]["details"]
    patched = client.patch(f"/api/v1/contacts/{contact.id}", headers=h, json={"tier_id": raw})
    assert patched.status_code == 422


@pytest.mark.parametrize("raw", TOO_BIG)
def test_pages_ignore_out_of_range_filters_and_show_the_last_page(
    auth_client: FlaskClient, user: User, raw: str
) -> None:
    create_contact(user, {"first_name": "Ada", "last_name": "Lovelace"})
    for query in (f"page={raw}", f"company={raw}", f"tier={raw}"):
        response = auth_client.get(f"/contacts/?{query}")
        assert response.status_code == 200, query
        assert b"Lovelace" in response.data


def test_merge_form_refuses_an_out_of_range_id(auth_client: FlaskClient, user: User) -> None:
    contact = create_contact(user, {"first_name": "Kept"})
    response = auth_client.post(f"/contacts/{contact.id}/merge", data={"other_id": str(2**63)})
    assert response.status_code == 200  # the form again, not a 500
    assert db.session.get(Contact, contact.id) is not None
