"""/api/v1 profiles, match settings, matches, alerts and channels: happy paths, validation,
isolation and pagination, on a real loopback board, real Redis and burst RQ workers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.auth.services import create_user
from service.auth.tokens import create_token
from service.clock import utcnow
from service.companies.services import CompanyIn, create_company
from service.contacts.services import create_contact
from service.extensions import db
from service.models import Channel, User, Watch
from service.queue import get_queue
from service.watch.poll import poll_source
from service.watch.services import add_watch
from tests.boards.servers import LoopbackServer
from tests.watch.boards import GreenhouseBoard, job

pytestmark = pytest.mark.usefixtures("connect_guard")

PROFILE = {"name": "Data", "titles": ["data engineer"], "locations": ["Berlin"]}


def api(app: Flask, user: User) -> FlaskClient:
    """A test client sending ``user``'s bearer token on every request."""
    _, token = create_token(user, "tests")
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def client(app: Flask, user: User) -> FlaskClient:
    return api(app, user)


@pytest.fixture
def board(server: LoopbackServer) -> GreenhouseBoard:
    return GreenhouseBoard(
        server,
        [
            job(1, "Senior Data Engineer", "Berlin"),
            job(2, "Account Executive", "Berlin"),
            job(3, "Data Engineer", "Berlin"),
        ],
    )


@pytest.fixture
def watched(
    client: FlaskClient,
    user: User,
    board: GreenhouseBoard,
    run_worker: Callable[[], int],
) -> Watch:
    """A profile, a contact at Acme and Acme's board read once (the baseline: no alerts)."""
    assert client.post("/api/v1/profiles", json=PROFILE).status_code == 201
    create_contact(
        user,
        {
            "first_name": "Daniel",
            "last_name": "Okafor",
            "company": "Acme",
            "role": "decision_maker",
        },
    )
    watch = add_watch(user, board.url, "Acme", ats="greenhouse")
    run_worker()  # the profile's re-score
    poll_source(watch.source_id)
    run_worker()  # the matching
    return watch


def new_posting(board: GreenhouseBoard, watch: Watch, run_worker: Callable[[], int]) -> None:
    """A matching posting appears: one alert per channel."""
    board.jobs.append(job(4, "Lead Data Engineer", "Berlin"))
    poll_source(watch.source_id)
    run_worker()


def test_profile_crud_and_validation(client: FlaskClient) -> None:
    created = client.post("/api/v1/profiles", json={**PROFILE, "seniority": ["senior"]})
    assert created.status_code == 201
    profile = created.get_json()
    assert profile["titles"] == ["data engineer"] and profile["min_score"] == 50
    assert profile["seniority"] == ["senior"] and profile["active"] is True

    clash = client.post("/api/v1/profiles", json={**PROFILE, "name": "DATA"})
    assert clash.status_code == 409 and clash.get_json()["error"]["details"] == {"name": "taken"}
    # the contract run found these: SQL's lower() folds ASCII only
    assert client.post("/api/v1/profiles", json={**PROFILE, "name": "Ärzte"}).status_code == 201
    for name in ("Ärzte", "äRZTE"):
        assert client.post("/api/v1/profiles", json={**PROFILE, "name": name}).status_code == 409
    for bad, field in (
        ({**PROFILE, "titles": []}, "titles"),
        ({**PROFILE, "min_score": 101}, "min_score"),
        ({**PROFILE, "seniority": ["boss"]}, "seniority.0"),
        ({**PROFILE, "colour": "red"}, "colour"),
        ({"titles": ["x"]}, "name"),
    ):
        answer = client.post("/api/v1/profiles", json=bad)
        assert answer.status_code == 422, bad
        assert answer.get_json()["error"]["code"] == "validation_failed"
        assert field in answer.get_json()["error"]["details"], answer.get_json()

    other = client.post("/api/v1/profiles", json={"name": "Lead", "titles": ["data lead"]})
    patched = client.patch(f"/api/v1/profiles/{profile['id']}", json={"remote": True})
    assert patched.status_code == 200
    assert patched.get_json()["remote"] is True and patched.get_json()["seniority"] == ["senior"]
    taken = client.patch(f"/api/v1/profiles/{other.get_json()['id']}", json={"name": "data"})
    assert taken.status_code == 409
    nulled = client.patch(f"/api/v1/profiles/{profile['id']}", json={"titles": None})
    assert nulled.status_code == 422

    listed = client.get("/api/v1/profiles?per_page=2&page=2").get_json()
    assert (listed["total"], listed["pages"]) == (3, 2)
    first = client.get("/api/v1/profiles?per_page=2").get_json()["items"]
    names = {p["name"] for p in first + listed["items"]}
    assert len(listed["items"]) == 1 and names == {"Data", "Lead", "Ärzte"}
    assert client.delete(f"/api/v1/profiles/{profile['id']}").status_code == 204
    assert client.get(f"/api/v1/profiles/{profile['id']}").status_code == 404


def test_match_settings_read_and_change(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    settings = client.get("/api/v1/match-settings").get_json()
    assert settings["boost_past_employer"] == 15 and settings["favourite_company_ids"] == []
    mine = client.post("/api/v1/companies", json={"name": "Acme"}).get_json()
    changed = client.patch(
        "/api/v1/match-settings",
        json={"boost_known_contact": 20, "favourite_company_ids": [mine["id"]]},
    )
    assert changed.status_code == 200
    assert changed.get_json()["boost_known_contact"] == 20
    assert client.get("/api/v1/match-settings").get_json()["favourite_company_ids"] == [mine["id"]]

    overlap = client.patch("/api/v1/match-settings", json={"blocked_company_ids": [mine["id"]]})
    assert overlap.status_code == 422
    assert client.patch("/api/v1/match-settings", json={"boost_favourite": 51}).status_code == 422
    assert client.patch("/api/v1/match-settings", json={"boost_favourite": None}).status_code == 422
    other = make_user("eve@example.com")
    theirs = create_company(other, CompanyIn(name="Eve Corp"))
    foreign = client.patch("/api/v1/match-settings", json={"blocked_company_ids": [theirs.id]})
    assert foreign.status_code == 409


def test_matches_feed_tabs_verdicts_and_paging(client: FlaskClient, watched: Watch) -> None:
    feed = client.get("/api/v1/matches").get_json()
    titles = sorted(m["vacancy"]["title"] for m in feed["items"])
    assert titles == ["Data Engineer", "Senior Data Engineer"] and feed["total"] == 2
    first = feed["items"][0]
    assert first["state"] == "new" and first["baseline"] is True and first["score"] >= 50
    assert any("data engineer" in reason for reason in first["reasons"])
    assert first["company"]["name"] == "Acme"
    assert [p["name"] for p in first["people"]] == ["Daniel Okafor"]

    page = client.get("/api/v1/matches?per_page=1&page=2").get_json()
    assert (page["total"], page["pages"], len(page["items"])) == (2, 2, 1)

    dismissed = client.patch(f"/api/v1/matches/{first['id']}", json={"state": "dismissed"})
    assert dismissed.status_code == 200 and dismissed.get_json()["state"] == "dismissed"
    assert client.get("/api/v1/matches").get_json()["total"] == 1
    gone = client.get("/api/v1/matches?status=dismissed").get_json()["items"]
    assert [m["id"] for m in gone] == [first["id"]]
    assert client.get(f"/api/v1/matches/{first['id']}").get_json()["state"] == "dismissed"
    vacancy = client.get(f"/api/v1/vacancies/{first['vacancy']['id']}").get_json()
    assert vacancy["match"]["state"] == "dismissed"

    assert client.patch(f"/api/v1/matches/{first['id']}", json={"state": "meh"}).status_code == 422
    assert client.patch(f"/api/v1/matches/{first['id']}", json={}).status_code == 422
    for query in ("status=all", "status=", "min_score=101", "profile_id=0"):
        assert client.get(f"/api/v1/matches?{query}").status_code == 422, query


def test_alerts_name_the_contact_and_can_be_read(
    client: FlaskClient, watched: Watch, board: GreenhouseBoard, run_worker: Callable[[], int]
) -> None:
    assert client.get("/api/v1/alerts").get_json()["total"] == 0  # the baseline is not alerted
    new_posting(board, watched, run_worker)

    alerts = client.get("/api/v1/alerts").get_json()
    assert alerts["total"] == 1
    alert = alerts["items"][0]
    assert alert["vacancy"]["title"] == "Lead Data Engineer"
    assert alert["vacancy"]["companies"] == ["Acme"]
    assert alert["score"] >= 50 and alert["reasons"]
    assert alert["people"][0]["name"] == "Daniel Okafor" and alert["people"][0]["decision_maker"]
    assert alert["channel_kind"] == "in_app" and alert["read_at"] is None

    assert client.get("/api/v1/alerts?unread=true").get_json()["total"] == 1
    read = client.patch(f"/api/v1/alerts/{alert['id']}", json={"read": True})
    assert read.status_code == 200 and read.get_json()["read_at"] is not None
    assert client.get("/api/v1/alerts?unread=true").get_json()["total"] == 0
    unread = client.patch(f"/api/v1/alerts/{alert['id']}", json={"read": False})
    assert unread.get_json()["read_at"] is None
    assert client.post("/api/v1/alerts/read-all").get_json() == {"marked": 1}
    assert client.post("/api/v1/alerts/read-all").get_json() == {"marked": 0}
    assert client.get(f"/api/v1/alerts/{alert['id']}").get_json()["read_at"] is not None

    assert client.patch(f"/api/v1/alerts/{alert['id']}", json={"read": "yes"}).status_code == 422
    for query in ("unread=1", "status=lost", "channel_id=x"):
        assert client.get(f"/api/v1/alerts?{query}").status_code == 422, query


def test_webhook_secrets_are_shown_at_creation_and_rotation_only(client: FlaskClient) -> None:
    created = client.post(
        "/api/v1/channels",
        json={"kind": "webhook", "webhook_url": "http://127.0.0.1:9/hook", "cadence": "daily"},
    )
    assert created.status_code == 201
    hook = created.get_json()
    secret = hook["webhook_secret"]
    assert secret and hook["state"] == "active" and hook["cadence"] == "daily"

    shown = client.get(f"/api/v1/channels/{hook['id']}").get_json()
    assert "webhook_secret" not in shown
    listed = client.get("/api/v1/channels").get_json()
    assert all("webhook_secret" not in c for c in listed["items"])
    assert secret not in str(listed) and secret not in str(shown)
    assert [c["kind"] for c in listed["items"]] == ["in_app", "webhook"]

    rotated = client.post(f"/api/v1/channels/{hook['id']}/rotate-secret").get_json()
    assert rotated["webhook_secret"] and rotated["webhook_secret"] != secret


def test_channel_crud_refusals_and_resume(client: FlaskClient, user: User) -> None:
    email = client.post("/api/v1/channels", json={"kind": "email"}).get_json()
    assert email["email"] == user.email and "webhook_secret" in email  # null for e-mail
    in_app = client.get("/api/v1/channels").get_json()["items"][0]
    assert in_app["kind"] == "in_app"

    renamed = client.patch(f"/api/v1/channels/{email['id']}", json={"name": "Inbox"})
    assert renamed.get_json()["name"] == "Inbox"
    for method, path, body in (
        ("DELETE", f"/api/v1/channels/{in_app['id']}", None),
        ("PATCH", f"/api/v1/channels/{in_app['id']}", {"cadence": "daily"}),
        ("POST", f"/api/v1/channels/{email['id']}/rotate-secret", None),
        ("POST", f"/api/v1/channels/{in_app['id']}/test", None),
    ):
        answer = client.open(path, method=method, json=body)
        assert answer.status_code == 409, (method, path, answer.get_json())
        assert answer.get_json()["error"]["details"]["kind"] in ("in_app", "email")

    for bad in (
        {"kind": "webhook"},
        {"kind": "sms"},
        {"kind": "email", "email": "not-an-address"},
        {"kind": "email", "digest_hour": 24},
    ):
        assert client.post("/api/v1/channels", json=bad).status_code == 422, bad
    assert client.patch(f"/api/v1/channels/{email['id']}", json={"cadence": "x"}).status_code == 422

    paused = db.session.get(Channel, email["id"])
    assert paused is not None
    paused.paused_at, paused.paused_reason = utcnow(), "the SMTP server refused 5 times"
    db.session.commit()
    assert client.get(f"/api/v1/channels/{email['id']}").get_json()["state"] == "paused"
    resumed = client.post(f"/api/v1/channels/{email['id']}/resume")
    assert resumed.status_code == 200
    assert resumed.get_json()["state"] == "active" and resumed.get_json()["paused_reason"] is None

    assert client.delete(f"/api/v1/channels/{email['id']}").status_code == 204
    assert client.get(f"/api/v1/channels/{email['id']}").status_code == 404


def test_a_channel_test_is_queued_once(client: FlaskClient) -> None:
    email = client.post("/api/v1/channels", json={"kind": "email"}).get_json()
    first = client.post(f"/api/v1/channels/{email['id']}/test")
    assert first.status_code == 202 and first.get_json()["queued"] is True
    again = client.post(f"/api/v1/channels/{email['id']}/test")
    assert again.status_code == 409
    assert get_queue().count == 1


def test_a_channel_test_with_redis_down_is_a_503(app_factory: Callable[..., Flask]) -> None:
    down = app_factory(REDIS_URL="redis://127.0.0.1:1/0")
    with down.app_context():
        client = api(down, create_user("down@example.com", "correct horse battery"))
        email = client.post("/api/v1/channels", json={"kind": "email"}).get_json()
        answer = client.post(f"/api/v1/channels/{email['id']}/test")
        assert answer.status_code == 503 and int(answer.headers["Retry-After"]) > 0
        assert client.get("/api/v1/channels").status_code == 200


def test_another_users_profiles_matches_alerts_and_channels_are_not_found(
    app: Flask,
    client: FlaskClient,
    watched: Watch,
    board: GreenhouseBoard,
    run_worker: Callable[[], int],
    make_user: Callable[..., User],
) -> None:
    new_posting(board, watched, run_worker)
    mine: dict[str, Any] = {
        "profiles": client.get("/api/v1/profiles").get_json()["items"][0]["id"],
        "matches": client.get("/api/v1/matches").get_json()["items"][0]["id"],
        "alerts": client.get("/api/v1/alerts").get_json()["items"][0]["id"],
        "channels": client.get("/api/v1/channels").get_json()["items"][0]["id"],
    }
    eve = api(app, make_user("eve@example.com"))
    for kind, row_id in mine.items():
        assert eve.get(f"/api/v1/{kind}").get_json()["total"] == 0, kind
        assert eve.get(f"/api/v1/{kind}/{row_id}").status_code == 404, kind
    verdict = eve.patch(f"/api/v1/matches/{mine['matches']}", json={"state": "dismissed"})
    assert verdict.status_code == 404
    assert eve.post("/api/v1/alerts/read-all").get_json() == {"marked": 0}
    assert client.get("/api/v1/alerts?unread=true").get_json()["total"] == 1
    assert client.get(f"/api/v1/matches/{mine['matches']}").get_json()["state"] == "new"
