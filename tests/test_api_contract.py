"""The API keeps its own contract: schemathesis runs every operation of /api/openapi.json with
all its checks against a live server on a loopback port, and finds nothing.

The examples, fuzzing and stateful phases run here (seconds). The coverage phase (boundary
values of every field) spends a minute and a half generating 100,000-character notes, so it is
left to `st run` by hand; what it found (ids past 2^31-1, the 405s) has tests in test_ids.py.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from click.testing import CliRunner
from flask import Flask
from schemathesis.auths import unregister as unregister_auth
from schemathesis.cli import schemathesis as st_cli
from werkzeug.serving import make_server

from service.alerts.outbox import write_alerts
from service.alerts.services import create_channel
from service.applications.playbook import create_upskill, record_feedback
from service.applications.services import create_application, log_stage, mark_rejected
from service.auth.services import create_user
from service.auth.tokens import active_token, create_token
from service.contacts.services import create_contact, record_touch
from service.extensions import db
from service.imports.services import start_import
from service.matching.profiles import create_profile
from service.models import EventKind, Match, User, Vacancy, VacancyEvent
from service.watch.services import add_watch
from tests import api_fuzz_hooks  # noqa: F401  (registers the hooks)
from tests.helpers import login

EXAMPLES_PER_OPERATION = 25
SPREADSHEET = b"Full name,Mail,Employer\nAda Lovelace,ada@example.com,Analytical Engines\n"
CONFIG = Path(__file__).with_name("schemathesis.toml")


@dataclass
class TokenForFuzzing:
    """Hands schemathesis an active token, minting a new one when the run revoked its own
    (DELETE /tokens/{id} is one of the operations under test)."""

    app: Flask
    user_id: int
    current: str = ""

    def get(self, case: Any, context: Any) -> str:
        with self.app.app_context():
            if not self.current or active_token(self.current) is None:
                user = db.session.get(User, self.user_id)
                assert user is not None
                _, self.current = create_token(user, "contract run")
            db.session.commit()
        return self.current

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def _loopback_only(real: Callable[..., Any]) -> Callable[..., Any]:
    """getaddrinfo that answers for loopback only: the generated URLs (watches, webhooks) are
    refused as unresolvable instead of being looked up or fetched off this machine."""

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            loopback = name == "localhost" or ipaddress.ip_address(name).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise socket.gaierror(socket.EAI_NONAME, f"{name}: not resolved in the contract run")
        return real(host, *args, **kwargs)

    return resolve


def _seed(user: User) -> None:
    """Something behind every kind of id: a contact, an import, a watched board's vacancy,
    a profile, a match and its alert, channels, an application (a stage, to-dos, feedback)
    and an upskill item."""
    contact = create_contact(user, {"first_name": "Ada", "company": "Analytical Engines"})
    record_touch(user, contact.id, {"kind": "call", "occurred_at": "2026-01-02T10:00:00Z"})
    start_import(user, "people.csv", SPREADSHEET)  # waits for a column mapping
    watch = add_watch(user, "https://boards.greenhouse.io/analytical", "Analytical Engines")
    vacancy = Vacancy(
        source_id=watch.source_id, external_id="1", title="Data Engineer", url="https://x.test/1"
    )
    db.session.add(vacancy)
    db.session.flush()
    db.session.add(VacancyEvent(vacancy_id=vacancy.id, kind=EventKind.NEW))
    create_profile(user, {"name": "Data", "titles": ["data engineer"]})
    match = Match(user_id=user.id, vacancy_id=vacancy.id, score=80, matched=True, reasons=["x"])
    db.session.add(match)
    db.session.commit()
    write_alerts([match.id])
    create_channel(user, {"kind": "email"})
    create_channel(user, {"kind": "webhook", "webhook_url": "http://127.0.0.1:9/hook"})
    application = create_application(user, {"company": "Analytical Engines", "role": "Engineer"})
    log_stage(
        user,
        application.id,
        {"kind": "interview", "occurred_on": "2026-01-05", "contact_ids": [contact.id]},
    )
    mark_rejected(user, application.id)  # the playbook's to-dos
    feedback = record_feedback(
        user,
        application,
        {"text": "More Rust", "categories": ["experience"], "received_on": "2026-01-09"},
    )
    create_upskill(user, {"kind": "project", "title": "A Rust tool", "feedback_id": feedback.id})


def operation_count(app: Flask) -> int:
    """How many operations the document has (schemathesis must test each)."""
    spec = app.test_client().get("/api/openapi.json").get_json()
    return sum(1 for item in spec["paths"].values() for key in item if key != "parameters")


@pytest.fixture
def live_api(
    app_factory: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, TokenForFuzzing]]:
    """A real WSGI server on an ephemeral loopback port, with a user who has some data."""
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only(socket.getaddrinfo))
    app = app_factory(IMPORT_INLINE_MAX_ROWS=1000)
    with app.app_context():
        user = create_user("fuzz@example.com", "a long enough password")
        _seed(user)
        tokens = TokenForFuzzing(app, user.id)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", tokens
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def test_schemathesis_finds_no_failure_in_any_operation(
    live_api: tuple[str, TokenForFuzzing], caplog: pytest.LogCaptureFixture
) -> None:
    base, tokens = live_api
    operations = operation_count(tokens.app)
    caplog.set_level(logging.WARNING, logger="werkzeug")  # not a line per request

    class Provider:
        get, set = tokens.get, tokens.set

    schemathesis.auth(refresh_interval=None)(Provider)
    try:
        result = CliRunner().invoke(
            st_cli,
            [
                f"--config-file={CONFIG}",
                "run",
                f"{base}/api/openapi.json",
                "--checks=all",
                "--phases=examples,fuzzing,stateful",
                f"--max-examples={EXAMPLES_PER_OPERATION}",
                "--seed=20261126",
                "--generation-deterministic",
                "--workers=1",
                "--no-color",
            ],
        )
    finally:
        unregister_auth()
    summary = result.output
    assert result.exit_code == 0, summary
    # contacts … tokens, watches, vacancies, matching, alerts, drafts, applications, week
    assert operations >= 82
    assert f"Tested: {operations}" in summary or f"{operations}/{operations}" in summary, summary


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/contacts?company_id=",
        "/api/v1/contacts?sort=",
        "/api/v1/contacts?role=",
        "/api/v1/contacts?due=",
        "/api/v1/companies?relation=",
        "/api/v1/companies?relation=free%20text",
        "/api/v1/tiers?per_page=",
    ],
)
def test_empty_or_unknown_query_values_are_refused_as_the_document_says(
    app: Flask, user: User, path: str
) -> None:
    _, token = create_token(user, "t")
    response = app.test_client().get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert response.get_json()["error"]["details"]


def test_pages_still_read_an_empty_filter_as_any(app: Flask, user: User) -> None:
    client = login(app.test_client(), user)
    assert client.get("/contacts/?company=&sort=&role=&due=").status_code == 200
    assert client.get("/companies/?relation=").status_code == 200


def test_merging_with_an_unknown_contact_is_a_conflict_not_a_missing_path(
    app: Flask, user: User
) -> None:
    keep = create_contact(user, {"first_name": "Kept"})
    _, token = create_token(user, "t")
    response = app.test_client().post(
        f"/api/v1/contacts/{keep.id}/merge",
        headers={"Authorization": f"Bearer {token}"},
        json={"other_id": keep.id + 1000},
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["details"] == {"other_id": "unknown"}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/companies", {"name": "Hooli"}),
        ("POST", "/api/v1/tiers", {"name": "Close", "interval_days": 5}),
        ("PATCH", "/api/v1/tiers/{other}", {"name": "Close"}),
    ],
)
def test_name_clashes_are_documented_409s(
    app: Flask, user: User, method: str, path: str, body: dict[str, Any]
) -> None:
    _, token = create_token(user, "t")
    client, h = app.test_client(), {"Authorization": f"Bearer {token}"}
    client.post("/api/v1/companies", headers=h, json={"name": "Hooli"})
    other = client.post("/api/v1/tiers", headers=h, json={"name": "Other", "interval_days": 9})
    response = client.open(path.format(other=other.json["id"]), method=method, headers=h, json=body)
    assert response.status_code == 409
    spec = client.get("/api/openapi.json").json
    documented = spec["paths"][path.replace("{other}", "{tier_id}")][method.lower()]["responses"]
    assert "409" in documented


@pytest.mark.parametrize(
    "body",
    [{"interval_days": 30}, {"name": "Renamed"}],
)
def test_patching_a_tier_needs_no_field_and_creating_needs_both(
    app: Flask, user: User, body: dict[str, Any]
) -> None:
    _, token = create_token(user, "t")
    client, h = app.test_client(), {"Authorization": f"Bearer {token}"}
    tier_id = user.tiers[0].id
    assert client.patch(f"/api/v1/tiers/{tier_id}", headers=h, json=body).status_code == 200
    assert client.post("/api/v1/tiers", headers=h, json=body).status_code == 422
    spec = client.get("/api/openapi.json").json["components"]["schemas"]
    assert "required" not in spec["TierInPatch"]
    assert spec["TierIn"]["required"] == ["name", "interval_days"]
    assert spec["TierIn"]["properties"]["interval_days"]["maximum"] == 3650


def test_values_the_document_allows_are_accepted(app: Flask, user: User) -> None:
    _, token = create_token(user, "t")
    client, h = app.test_client(), {"Authorization": f"Bearer {token}"}
    spec = client.get("/api/openapi.json").json["components"]["schemas"]
    assert spec["TierIn"]["properties"]["interval_days"]["minimum"] == 1  # so 0 is refused
    assert (
        client.post("/api/v1/tiers", headers=h, json={"name": "Z", "interval_days": 0}).status_code
        == 422
    )
    assert (
        client.post(
            "/api/v1/tiers", headers=h, json={"name": "W", "interval_days": 7.0}
        ).status_code
        == 201
    )
    website = spec["CompanyIn"]["properties"]["website"]["anyOf"][0]["pattern"]
    assert not re.search(website, "\u00a0/")  # the document refuses it too
    created = client.post("/api/v1/companies", headers=h, json={"name": "A", "website": "\u00a0/"})
    assert created.status_code == 422
