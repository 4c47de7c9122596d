"""/api/v1 watches, check-now and vacancies: happy paths, validation, isolation, pagination,
and check-now's 202 / 409 / 503 against a real Redis (and a dead port for the 503)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.auth.services import create_user
from service.auth.tokens import create_token
from service.contacts.services import create_contact
from service.models import Source, User, Watch
from service.queue import get_queue
from service.watch.poll import poll_source
from tests.boards.servers import LoopbackServer
from tests.watch.boards import GreenhouseBoard, job

pytestmark = pytest.mark.usefixtures("connect_guard")


def api(app: Flask, user: User) -> FlaskClient:
    """A test client sending ``user``'s bearer token on every request."""
    _, token = create_token(user, "tests")
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def board(server: LoopbackServer) -> GreenhouseBoard:
    return GreenhouseBoard(
        server,
        [
            job(1, "Backend Engineer"),
            job(2, "Data Analyst", "Berlin"),
            job(3, "Senior Backend Engineer", "Berlin"),
        ],
    )


@pytest.fixture
def client(app: Flask, user: User) -> FlaskClient:
    return api(app, user)


def add(client: FlaskClient, board: GreenhouseBoard, **extra: Any) -> dict[str, Any]:
    body = {"url": board.url, "ats": "greenhouse", "company": "Acme", **extra}
    created = client.post("/api/v1/watches", json=body)
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def test_watch_create_list_get_delete(client: FlaskClient, board: GreenhouseBoard) -> None:
    created = add(client, board)
    assert created["company"] == "Acme" and created["ats"] == "greenhouse"
    assert created["state"] == "new" and created["last_checked_at"] is None
    assert add(client, board, company="ACME ")["id"] == created["id"]  # the same watch again

    poll_source(created["source_id"])
    listed = client.get("/api/v1/watches").get_json()
    assert listed["total"] == 1 and listed["items"][0]["open_postings"] == 3
    one = client.get(f"/api/v1/watches/{created['id']}").get_json()
    assert one["state"] == "ok" and one["polls"][0]["new"] == 3

    assert client.delete(f"/api/v1/watches/{created['id']}").status_code == 204
    assert client.get(f"/api/v1/watches/{created['id']}").status_code == 404
    assert client.get("/api/v1/watches").get_json()["items"] == []
    assert Source.query.count() == 0  # nobody watches the board any more


def test_a_watch_without_a_company_is_named_after_its_board(
    client: FlaskClient, board: GreenhouseBoard, user: User
) -> None:
    known = {"url": "https://boards.greenhouse.io/Acme"}  # a known board: no request needed
    created = client.post("/api/v1/watches", json=known).get_json()
    assert created["company"] == "Acme" and created["token"] == "Acme"
    page = add(client, board, company=None)  # a board read from its URL: named by its host
    assert page["company"] == "127.0.0.1"
    mine = client.post("/api/v1/companies", json={"name": "Acme Industries"}).get_json()
    again = add(client, board, company=None, company_id=mine["id"])
    assert again["company"] == "Acme Industries" and again["company_id"] == mine["id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "url"),
        ({"url": "   "}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "https://example.com/jobs", "ats": "nosuchboard"}, "ats"),
        ({"url": "https://boards.greenhouse.io/acme", "company": ""}, "company"),
        ({"url": "https://boards.greenhouse.io/acme", "company": "A", "company_id": 1}, "body"),
        ({"url": "https://boards.greenhouse.io/acme", "extra": 1}, "extra"),
        ({"url": 5}, "url"),
    ],
)
def test_watch_validation_errors_name_the_field(
    client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    answer = client.post("/api/v1/watches", json=body)
    assert answer.status_code == 422, answer.get_json()
    error = answer.get_json()["error"]
    assert error["code"] == "validation_failed" and field in error["details"], error
    assert Watch.query.count() == 0


def test_an_unreachable_page_is_a_422_saying_why(
    client: FlaskClient, server: LoopbackServer
) -> None:
    answer = client.post("/api/v1/watches", json={"url": server.url("/gone"), "company": "Acme"})
    assert answer.status_code == 422
    assert "could not read" in answer.get_json()["error"]["message"]


def test_check_now_queues_once_then_409_until_the_poll_ran(
    client: FlaskClient, board: GreenhouseBoard, run_worker: Callable[[], int]
) -> None:
    watch = add(client, board)
    first = client.post(f"/api/v1/watches/{watch['id']}/check-now")
    assert first.status_code == 202
    assert first.get_json() == {
        "queued": True,
        "job_id": f"poll-{watch['source_id']}",
        "source_id": watch["source_id"],
    }
    for _ in range(3):
        again = client.post(f"/api/v1/watches/{watch['id']}/check-now")
        assert again.status_code == 409
        assert again.get_json()["error"]["code"] == "conflict"
    assert get_queue().count == 1

    run_worker()
    assert client.get(f"/api/v1/watches/{watch['id']}").get_json()["open_postings"] == 3
    assert client.post(f"/api/v1/watches/{watch['id']}/check-now").status_code == 202


def test_check_now_with_redis_down_is_a_503_with_retry_after(
    app_factory: Callable[..., Flask], board: GreenhouseBoard
) -> None:
    down = app_factory(REDIS_URL="redis://127.0.0.1:1/0")
    with down.app_context():
        alice = create_user("down@example.com", "correct horse battery")
        client = api(down, alice)
        watch = add(client, board)

        answer = client.post(f"/api/v1/watches/{watch['id']}/check-now")

        assert answer.status_code == 503
        assert int(answer.headers["Retry-After"]) > 0
        assert answer.get_json()["error"]["code"] == "queue_unavailable"
        assert client.get(f"/api/v1/watches/{watch['id']}").status_code == 200
        assert client.get("/api/v1/vacancies").status_code == 200


def test_vacancies_filter_and_paginate_like_contacts(
    client: FlaskClient, board: GreenhouseBoard
) -> None:
    watch = add(client, board)
    poll_source(watch["source_id"])
    listed = client.get("/api/v1/vacancies").get_json()
    assert listed["total"] == 3 and listed["pages"] == 1
    assert {v["company"] for v in listed["items"]} == {"Acme"}

    page = client.get("/api/v1/vacancies?per_page=2&page=2").get_json()
    assert (page["total"], page["pages"], page["page"], page["per_page"]) == (3, 2, 2, 2)
    assert len(page["items"]) == 1
    past = client.get("/api/v1/vacancies?per_page=2&page=9").get_json()
    assert past["items"] == [] and past["total"] == 3

    backend = client.get("/api/v1/vacancies?q=backend%20senior").get_json()["items"]
    assert [v["title"] for v in backend] == ["Senior Backend Engineer"]
    assert client.get("/api/v1/vacancies?status=new").get_json()["total"] == 3
    assert client.get("/api/v1/vacancies?status=closed").get_json()["total"] == 0
    assert client.get("/api/v1/vacancies?company=acme").get_json()["total"] == 3
    assert client.get("/api/v1/vacancies?company=Initech").get_json()["total"] == 0
    by_id = client.get(f"/api/v1/vacancies?company_id={watch['company_id']}").get_json()
    assert by_id["total"] == 3

    board.jobs = board.jobs[:2]  # the senior role is gone: closed after two complete reads
    poll_source(watch["source_id"])
    poll_source(watch["source_id"])
    closed = client.get("/api/v1/vacancies?status=closed").get_json()["items"]
    assert [v["title"] for v in closed] == ["Senior Backend Engineer"]
    assert closed[0]["closed_at"] is not None
    assert client.get("/api/v1/vacancies?status=open").get_json()["total"] == 2


@pytest.mark.parametrize(
    "query",
    [
        "status=all",
        "status=",
        "page=0",
        "per_page=100000",
        "company_id=x",
        "company=",
        "q=" + "a" * 201,
    ],
)
def test_bad_vacancy_filters_are_422s(client: FlaskClient, query: str) -> None:
    answer = client.get(f"/api/v1/vacancies?{query}")
    assert answer.status_code == 422
    assert answer.get_json()["error"]["details"]


def test_a_vacancy_has_its_history_and_the_people_known_there(
    client: FlaskClient, board: GreenhouseBoard, user: User
) -> None:
    watch = add(client, board)
    create_contact(user, {"first_name": "Zed", "last_name": "Adams", "company": "Acme"})
    create_contact(
        user,
        {
            "first_name": "Daniel",
            "last_name": "Okafor",
            "company": "Acme",
            "role": "decision_maker",
        },
    )
    create_contact(user, {"first_name": "Elsewhere", "company": "Initech"})
    poll_source(watch["source_id"])
    board.jobs[0] = job(1, "Backend Engineer", "Remote")
    poll_source(watch["source_id"])

    first = next(
        v for v in client.get("/api/v1/vacancies").get_json()["items"] if v["external_id"] == "1"
    )
    detail = client.get(f"/api/v1/vacancies/{first['id']}").get_json()
    assert [e["kind"] for e in detail["events"]] == ["new", "changed"]
    assert "location" in detail["events"][1]["changes"]
    assert detail["location"] == "Remote" and "Build things." in detail["description_text"]
    assert [p["name"] for p in detail["people"]] == ["Daniel Okafor", "Zed Adams"]
    assert detail["companies"] == [{"id": watch["company_id"], "name": "Acme"}]
    assert detail["match"] is None
    assert client.get("/api/v1/vacancies/2147483647").status_code == 404


def test_another_users_watches_and_vacancies_are_not_found(
    app: Flask, client: FlaskClient, board: GreenhouseBoard, make_user: Callable[..., User]
) -> None:
    watch = add(client, board)
    poll_source(watch["source_id"])
    vacancy = client.get("/api/v1/vacancies").get_json()["items"][0]
    eve = api(app, make_user("eve@example.com"))

    for path in (f"/api/v1/watches/{watch['id']}", f"/api/v1/vacancies/{vacancy['id']}"):
        assert eve.get(path).status_code == 404, path
    assert eve.post(f"/api/v1/watches/{watch['id']}/check-now").status_code == 404
    assert eve.delete(f"/api/v1/watches/{watch['id']}").status_code == 404
    assert eve.get("/api/v1/watches").get_json()["total"] == 0
    assert eve.get("/api/v1/vacancies").get_json()["total"] == 0
    foreign = eve.post(
        "/api/v1/watches",
        json={"url": board.url, "ats": "greenhouse", "company_id": watch["company_id"]},
    )
    assert foreign.status_code == 409
    assert foreign.get_json()["error"]["details"] == {"company_id": "unknown"}
    assert get_queue().count == 0
    assert client.get(f"/api/v1/watches/{watch['id']}").status_code == 200


def test_control_characters_in_filters_find_nothing_instead_of_failing(
    client: FlaskClient, board: GreenhouseBoard
) -> None:
    poll_source(add(client, board)["source_id"])
    for query in ("q=%00", "q=Backend%00", "company=Acme%00"):
        answer = client.get(f"/api/v1/vacancies?{query}")
        assert answer.status_code == 200, query
    assert client.get("/api/v1/vacancies?q=%00").get_json()["total"] == 3  # no word left


def test_a_failing_board_shows_its_error_on_the_watch(
    client: FlaskClient, board: GreenhouseBoard
) -> None:
    watch = add(client, board)
    poll_source(watch["source_id"])
    board.status = 404
    poll_source(watch["source_id"])

    shown = client.get(f"/api/v1/watches/{watch['id']}").get_json()
    assert shown["state"] in ("error", "failing") and "404" in shown["last_error"]
    assert shown["consecutive_failures"] == 1 and shown["open_postings"] == 3  # nothing closed
    assert shown["polls"][1]["outcome"] == "complete" and shown["polls"][0]["outcome"] != "complete"
    assert shown["polls"][0]["error"] and shown["polls"][0]["closed"] == 0
    listed = client.get("/api/v1/watches").get_json()["items"][0]
    assert listed["last_error"] == shown["last_error"] and "polls" not in listed
