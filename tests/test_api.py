"""The JSON API: bearer tokens only, error bodies, pagination, the OpenAPI document."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from service.auth.tokens import create_token, hash_token
from service.contacts.services import create_contact
from service.models import ApiToken, Contact, User
from tests.helpers import login


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_tokens_are_stored_hashed_and_shown_once(auth_client: FlaskClient, user: User) -> None:
    page = auth_client.post("/settings/tokens", data={"token-name": "laptop"}).get_data(
        as_text=True
    )
    plaintext = re.search(r'<code id="new-token">([^<]+)</code>', page).group(1)
    row = ApiToken.query.one()
    assert row.token_hash == hash_token(plaintext) and plaintext not in row.token_hash
    assert row.prefix == plaintext[:10]
    again = auth_client.get("/settings/").get_data(as_text=True)
    assert plaintext not in again and row.prefix in again


def test_revoked_token_is_refused_on_the_next_request(app: Flask, user: User) -> None:
    token, plaintext = create_token(user, "script")
    client = app.test_client()
    assert client.get("/api/v1/contacts", headers=_bearer(plaintext)).status_code == 200
    assert (
        client.delete(f"/api/v1/tokens/{token.id}", headers=_bearer(plaintext)).status_code == 204
    )
    refused = client.get("/api/v1/contacts", headers=_bearer(plaintext))
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "unauthorized"
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_api_never_accepts_the_session_cookie(app: Flask, user: User) -> None:
    client = login(app.test_client(), user)
    assert client.get("/contacts/").status_code == 200
    response = client.get("/api/v1/contacts")
    assert response.status_code == 401
    assert set(response.get_json()["error"]) == {"code", "message", "details"}


def test_bad_tokens_are_refused(app: Flask, user: User) -> None:
    client = app.test_client()
    for header in ("Bearer nr_wrong", "Basic abc", "nr_x", "Bearer "):
        assert client.get("/api/v1/contacts", headers={"Authorization": header}).status_code == 401


def test_contact_crud_touches_and_errors(app: Flask, user: User) -> None:
    _, token = create_token(user, "t")
    client, h = app.test_client(), _bearer(token)
    created = client.post(
        "/api/v1/contacts",
        headers=h,
        json={
            "first_name": "Katherine",
            "last_name": "Johnson",
            "company": "NASA",
            "linkedin": "https://www.linkedin.com/in/kj/",
            "tags": ["Space"],
            "role": "mentor",
            "tier_id": user.tiers[0].id,
        },
    )
    assert created.status_code == 201
    body = created.get_json()
    assert body["linkedin"] == "https://www.linkedin.com/in/kj/" and body["tags"] == ["space"]
    cid = body["id"]
    bad = client.post("/api/v1/contacts", headers=h, json={"first_name": "", "role": "king"})
    assert bad.status_code == 422
    error = bad.get_json()["error"]
    assert error["code"] == "validation_failed" and "first_name" in error["details"]
    assert "role" in error["details"]
    assert client.post("/api/v1/contacts", headers=h, data="nope").status_code == 422
    patched = client.patch(f"/api/v1/contacts/{cid}", headers=h, json={"title": "Mathematician"})
    assert patched.get_json()["title"] == "Mathematician"
    assert patched.get_json()["last_name"] == "Johnson"
    touch = client.post(
        f"/api/v1/contacts/{cid}/touches",
        headers=h,
        json={"kind": "call", "occurred_at": "2026-11-20"},
    )
    assert touch.status_code == 201
    detail = client.get(f"/api/v1/contacts/{cid}", headers=h).get_json()
    assert detail["last_touch_on"] == "2026-11-20"
    assert detail["next_due_on"] == "2026-12-11"
    touches = client.get(f"/api/v1/contacts/{cid}/touches", headers=h).get_json()
    assert touches["total"] == 1
    assert client.delete(f"/api/v1/touches/{touch.get_json()['id']}", headers=h).status_code == 204
    assert client.delete(f"/api/v1/contacts/{cid}", headers=h).status_code == 204
    missing = client.get(f"/api/v1/contacts/{cid}", headers=h)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_list_endpoints_paginate(app: Flask, user: User) -> None:
    for i in range(7):
        create_contact(user, {"first_name": f"P{i}", "last_name": f"{i:02d}"})
    _, token = create_token(user, "t")
    client = app.test_client()
    page = client.get("/api/v1/contacts?per_page=3&page=3", headers=_bearer(token)).get_json()
    assert page["total"] == 7 and page["pages"] == 3 and page["page"] == 3
    assert [c["first_name"] for c in page["items"]] == ["P6"]
    assert client.get("/api/v1/contacts?page=x", headers=_bearer(token)).status_code == 422
    assert client.get("/api/v1/contacts?sort=evil", headers=_bearer(token)).status_code == 422


def test_companies_and_tiers_api(app: Flask, user: User) -> None:
    _, token = create_token(user, "t")
    client, h = app.test_client(), _bearer(token)
    company = client.post(
        "/api/v1/companies", headers=h, json={"name": "Hooli", "relation": "target"}
    ).get_json()
    assert company["relation"] == "target"
    assert client.post("/api/v1/companies", headers=h, json={"name": "hooli"}).status_code == 409
    bad = client.patch(f"/api/v1/companies/{company['id']}", headers=h, json={"relation": "x"})
    assert bad.status_code == 422
    tier = client.post("/api/v1/tiers", headers=h, json={"name": "Monthly", "interval_days": 30})
    assert tier.status_code == 201
    assert (
        client.post("/api/v1/tiers", headers=h, json={"name": "X", "interval_days": 0}).status_code
        == 422
    )


def test_openapi_document_is_valid_and_covers_every_route(app: Flask) -> None:
    spec = app.test_client().get("/api/openapi.json").get_json()
    validate(spec)
    documented = {
        (path, method.upper())
        for path, item in spec["paths"].items()
        for method in item
        if method != "parameters"
    }
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            path = re.sub(r"<(?:int|id):(\w+)>", r"{\1}", rule.rule)
            served |= {(path, m) for m in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
    assert served == documented


def test_cli_users_tokens_and_contacts(app: Flask, runner) -> None:
    result = runner.invoke(
        args=["users", "create", "cli@example.com", "--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = User.query.filter_by(email="cli@example.com").one()
    token = runner.invoke(args=["tokens", "create", "cli@example.com", "--name", "ci"])
    plaintext = token.output.strip()
    assert plaintext.startswith("nr_") and ApiToken.query.one().token_hash == hash_token(plaintext)
    create_contact(user, {"first_name": "Margaret", "last_name": "Hamilton"})
    listed = runner.invoke(args=["contacts", "list", "--user", "cli@example.com", "--json"])
    assert listed.exit_code == 0
    import json

    assert [c["name"] for c in json.loads(listed.output)] == ["Margaret Hamilton"]
    unknown = runner.invoke(args=["contacts", "list", "--user", "nobody@example.com"])
    assert unknown.exit_code != 0 and "No account" in unknown.output
    short = runner.invoke(
        args=["users", "create", "x@example.com", "--password-stdin"], input="x\n"
    )
    assert short.exit_code != 0 and "at least 10" in short.output
    assert Contact.query.count() == 1


def test_generic_csv_import_through_the_api_with_a_mapping(app: Flask, user: User) -> None:
    import io

    _, token = create_token(user, "t")
    client, h = app.test_client(), _bearer(token)
    sheet = (
        "Full name;Mail;Employer\nAnn Smith;ann@example.com;Acme\nBo Li;bo@example.com;Initech\n"
    )
    posted = client.post(
        "/api/v1/imports", headers=h, data={"file": (io.BytesIO(sheet.encode()), "people.csv")}
    )
    run = posted.get_json()
    assert run["status"] == "mapping"
    assert run["column_map"]["headers"] == ["Full name", "Mail", "Employer"]
    bad = client.post(
        f"/api/v1/imports/{run['id']}/mapping", headers=h, json={"fields": ["name", "name", ""]}
    )
    # well formed, yet it does not fit this import's columns: a conflict with the import
    assert bad.status_code == 409
    mapped = client.post(
        f"/api/v1/imports/{run['id']}/mapping",
        headers=h,
        json={"fields": ["name", "email", "company"]},
    )
    assert mapped.status_code == 202
    done = client.get(f"/api/v1/imports/{run['id']}", headers=h).get_json()
    assert done["status"] == "done" and done["created"] >= 2
    names = {c["name"]: c for c in client.get("/api/v1/contacts", headers=h).get_json()["items"]}
    assert names["Ann Smith"]["email"] == "ann@example.com"
    assert names["Bo Li"]["company"] == "Initech"


def test_cli_set_password_and_launcher_port_check(app: Flask, runner, user: User) -> None:
    import socket

    import click
    import pytest

    from service.launcher import check_port_free

    result = runner.invoke(
        args=["users", "set-password", user.email, "--password-stdin"],
        input="a new long password\n",
    )
    assert result.exit_code == 0, result.output
    assert (
        app.test_client()
        .post("/login", data={"email": user.email, "password": "a new long password"})
        .status_code
        == 302
    )
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(click.ClickException, match="already in use"):
            check_port_free("127.0.0.1", port)
