"""The watch pages: a company's watches, the careers-page preview, check now, stop watching,
the watch page with its polls, and other users' ids answering 404."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from service.companies.services import create_company
from service.extensions import db
from service.models import Company, User, Watch
from service.queue import get_queue
from service.watch.poll import poll_source
from tests.helpers import login
from tests.watch.boards import GreenhouseBoard

pytestmark = pytest.mark.usefixtures("connect_guard")


def company(user: User, name: str = "Acme", relation: str = "other") -> Company:
    return create_company(user, {"name": name, "relation": relation})


def watches() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Watch)) or 0


def test_a_careers_url_is_previewed_before_it_is_saved_then_watched(
    auth_client: FlaskClient, user: User, board: GreenhouseBoard
) -> None:
    acme = company(user)
    form = {"url": board.url, "ats": "greenhouse"}

    preview = auth_client.post(f"/companies/{acme.id}/watches/preview", data=form)

    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Watch it" in html
    assert "greenhouse" in html and board.url.split("?")[0] in html
    assert watches() == 0  # nothing saved before "Watch it"
    saved = auth_client.post(f"/companies/{acme.id}/watches", data=form)
    assert saved.status_code == 302 and watches() == 1
    page = auth_client.get(f"/companies/{acme.id}").get_data(as_text=True)
    assert "Job boards watched" in page and "Not checked yet" in page and "Check now" in page


def test_a_board_kind_and_token_are_enough(auth_client: FlaskClient, user: User) -> None:
    acme = company(user)
    form = {"url": "acme", "ats": "lever"}

    preview = auth_client.post(f"/companies/{acme.id}/watches/preview", data=form)

    assert preview.status_code == 200
    assert "api.lever.co/v0/postings/acme" in preview.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "not a url", "gopher://x"],
)
def test_a_hostile_or_bad_url_gets_a_clear_error_and_saves_nothing(
    auth_client: FlaskClient, user: User, url: str
) -> None:
    acme = company(user)

    for path in ("watches/preview", "watches"):
        answer = auth_client.post(f"/companies/{acme.id}/{path}", data={"url": url, "ats": ""})
        assert answer.status_code == 422
        assert 'class="error" role="alert"' in answer.get_data(as_text=True)
    assert watches() == 0


def test_the_company_page_shows_each_watch_state_in_plain_words(
    auth_client: FlaskClient, user: User, watch: Watch, board: GreenhouseBoard
) -> None:
    poll_source(watch.source_id)
    page = auth_client.get(f"/companies/{watch.company_id}").get_data(as_text=True)
    assert ">2</a>" in page and "OK" in page  # two open postings
    assert "<title>Acme · Next Round</title>" in page
    assert page.count('id="watches"') == 1

    board.status = 404
    for _ in range(3):
        poll_source(watch.source_id)
    page = auth_client.get(f"/companies/{watch.company_id}").get_data(as_text=True)
    assert "Failing" in page
    assert "the board answered 404: the company may have moved boards" in page


def test_check_now_is_queued_once_however_often_it_is_pressed(
    auth_client: FlaskClient, watch: Watch
) -> None:
    for _ in range(3):
        answer = auth_client.post(
            f"/watches/{watch.id}/check", data={"next": f"/companies/{watch.company_id}"}
        )
        assert answer.status_code == 302
        assert answer.headers["Location"] == f"/companies/{watch.company_id}"
    assert get_queue().count == 1


def test_check_now_never_redirects_off_site(auth_client: FlaskClient, watch: Watch) -> None:
    for target in ("//evil.example/", "/\\evil.example/", "https://evil.example/"):
        answer = auth_client.post(f"/watches/{watch.id}/check", data={"next": target})
        assert answer.headers["Location"] == f"/watches/{watch.id}"


def test_check_now_with_redis_down_says_so_and_the_pages_still_work(
    app_factory: Callable[..., Flask], board: GreenhouseBoard
) -> None:
    down = app_factory(REDIS_URL="redis://127.0.0.1:1/0")
    with down.app_context():
        from service.auth.services import create_user
        from service.watch.services import add_watch

        alice = create_user("down@example.com", "correct horse battery")
        watch = add_watch(alice, board.url, "Acme", ats="greenhouse")
        client = login(down.test_client(), alice)

        answer = client.post(f"/watches/{watch.id}/check", follow_redirects=True)

        assert answer.status_code == 200
        assert "job queue is not reachable" in answer.get_data(as_text=True)
        assert client.get(f"/companies/{watch.company_id}").status_code == 200
        assert client.get(f"/watches/{watch.id}").status_code == 200


def test_stop_watching_asks_first(auth_client: FlaskClient, watch: Watch) -> None:
    confirm = auth_client.get(f"/watches/{watch.id}/delete")
    assert confirm.status_code == 200 and "Stop watching" in confirm.get_data(as_text=True)
    assert watches() == 1

    done = auth_client.post(f"/watches/{watch.id}/delete")

    assert done.headers["Location"] == f"/companies/{watch.company_id}"
    assert watches() == 0


def test_the_watch_page_shows_its_state_and_poll_history(
    auth_client: FlaskClient, watch: Watch, board: GreenhouseBoard, run_worker: Callable[[], int]
) -> None:
    assert "Not checked yet" in auth_client.get(f"/watches/{watch.id}").get_data(as_text=True)
    auth_client.post(f"/watches/{watch.id}/check")
    assert run_worker() == 1
    board.status = 500
    poll_source(watch.source_id)

    page = auth_client.get(f"/watches/{watch.id}").get_data(as_text=True)

    assert "Recent checks" in page and page.count("<tr>") == 3  # a header and two polls
    assert "complete" in page and "failed" in page
    assert "the board answered 500: the board is failing" in page


def test_another_users_watch_is_not_found(
    client: FlaskClient, make_user: Callable[..., User], watch: Watch
) -> None:
    mallory = login(client, make_user("mallory@example.com"))
    acme = watch.company_id
    assert mallory.get(f"/watches/{watch.id}").status_code == 404
    assert mallory.post(f"/watches/{watch.id}/check").status_code == 404
    assert mallory.get(f"/watches/{watch.id}/delete").status_code == 404
    assert mallory.post(f"/watches/{watch.id}/delete").status_code == 404
    assert mallory.post(f"/companies/{acme}/watches/preview", data={"url": "x"}).status_code == 404
    assert mallory.post(f"/companies/{acme}/watches", data={"url": "x"}).status_code == 404
    assert watches() == 1 and get_queue().count == 0


@pytest.mark.sqlite_only
def test_the_preview_holds_no_write_lock_while_it_fetches(
    app: Flask, auth_client: FlaskClient, user: User, server
) -> None:
    acme = company(user)
    writes: list[str] = []

    def careers(handler) -> None:  # another process writes while the page is being fetched
        path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
        with sqlite3.connect(path, timeout=0) as other:
            try:
                other.execute("UPDATE companies SET notes = 'written meanwhile'")
                writes.append("ok")
            except sqlite3.OperationalError as exc:
                writes.append(str(exc))
        handler.reply(
            200, b"<html><body><h1>Jobs</h1></body></html>", {"Content-Type": "text/html"}
        )

    server.routes["/careers"] = careers
    answer = auth_client.post(
        f"/companies/{acme.id}/watches/preview", data={"url": server.url("/careers")}
    )

    assert answer.status_code == 200 and writes == ["ok"]
