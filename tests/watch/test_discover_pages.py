""" "Watch my past employers": which companies are searched, the job and its page, one-click
"Watch it", and `nextround watches discover`, against boards served on loopback."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from service.boards.discover import KINDS
from service.clock import utcnow
from service.companies.services import create_company
from service.contacts.services import create_contact
from service.extensions import db
from service.models import CompanyRelation, DiscoveryRun, User, Watch
from service.queue import get_queue
from service.watch.discovery import STALE_AFTER, candidates, discover_for_user
from tests.boards.servers import ConnectGuard, LoopbackServer
from tests.helpers import login
from tests.watch.boards import GreenhouseBoard

pytestmark = pytest.mark.usefixtures("connect_guard")

HOST_TOKEN_KINDS = {"personio", "recruitee", "teamtailor", "bamboohr"}


@pytest.fixture
def boards(app: Flask, server: LoopbackServer, board: GreenhouseBoard) -> LoopbackServer:
    """Every discovery kind sent to one loopback server: Greenhouse knows "acme", all else 404."""
    app.config["BOARD_BASE_URLS"] = {
        k.name: server.url("/{host}" if k.name in HOST_TOKEN_KINDS else "").rstrip("/")
        for k in KINDS
    }
    return server


def add(user: User, name: str, relation: str = "past_employer") -> int:
    return create_company(user, {"name": name, "relation": relation}).id


def test_past_employers_rejecters_and_deciders_without_a_watch_are_searched(
    user: User, watch: Watch
) -> None:
    add(user, "Globex")
    add(user, "Initech", "rejected_me")
    add(user, "Target", "target")
    add(user, "Umbrella", "other")
    create_contact(user, {"first_name": "Dana", "company": "Umbrella", "role": "decision_maker"})
    create_contact(user, {"first_name": "Peer", "company": "Target", "role": "peer"})
    watch.company.relation = CompanyRelation.PAST_EMPLOYER
    db.session.commit()

    names = [c.name for c in candidates(user)]

    assert names == ["Globex", "Initech", "Umbrella"]  # Acme is watched already


def test_the_button_runs_the_search_as_a_job_and_offers_what_answered(
    auth_client: FlaskClient,
    user: User,
    boards: LoopbackServer,
    run_worker: Callable[[], int],
    connect_guard: ConnectGuard,
) -> None:
    acme = add(user, "Acme")
    add(user, "Nothing Here Corp")

    for _ in range(2):
        started = auth_client.post("/watches/discover")
        assert started.headers["Location"] == "/watches/discover"
    assert get_queue().count == 1  # one job per user however often pressed
    waiting = auth_client.get("/watches/discover").get_data(as_text=True)
    assert "Searching since" in waiting
    assert run_worker() == 1

    page = auth_client.get("/watches/discover").get_data(as_text=True)
    assert "greenhouse: acme" in page and "Watch it" in page
    assert "no known board answered" in page  # Nothing Here Corp
    run = db.session.get(DiscoveryRun, user.id, populate_existing=True)
    assert run is not None and run.status == "done"

    watched = auth_client.post(
        "/watches/discover/watch", data={"company_id": acme, "kind": "greenhouse", "token": "acme"}
    )
    assert watched.status_code == 302
    [made] = db.session.scalars(sa.select(Watch)).all()
    assert made.company_id == acme and made.source.identity == "greenhouse:acme"
    after = auth_client.get("/watches/discover").get_data(as_text=True)
    assert "Watched<span" in after and "Watch it" not in after


def test_a_run_whose_worker_died_is_searched_again(
    auth_client: FlaskClient, user: User, boards: LoopbackServer, run_worker: Callable[[], int]
) -> None:
    add(user, "Acme")
    long_ago = utcnow() - STALE_AFTER - timedelta(minutes=1)
    db.session.add(
        DiscoveryRun(user_id=user.id, status="running", requested_at=long_ago, results=[])
    )
    db.session.commit()

    auth_client.post("/watches/discover")
    assert run_worker() == 1

    run = db.session.get(DiscoveryRun, user.id, populate_existing=True)
    assert run is not None and run.status == "done" and run.results[0]["found"]


def test_only_a_board_the_search_found_can_be_watched_from_it(
    auth_client: FlaskClient, user: User, make_user: Callable[..., User], client: FlaskClient
) -> None:
    acme = add(user, "Acme")
    db.session.add(
        DiscoveryRun(
            user_id=user.id,
            status="done",
            requested_at=db.func.now(),
            results=[
                {
                    "company_id": acme,
                    "name": "Acme",
                    "found": [
                        {"kind": "greenhouse", "token": "acme", "api_url": "x", "postings": 1}
                    ],
                    "error": None,
                }
            ],
        )
    )
    db.session.commit()

    forged = {"company_id": acme, "kind": "lever", "token": "evil"}
    answer = auth_client.post("/watches/discover/watch", data=forged, follow_redirects=True)
    assert "was not among the boards found" in answer.get_data(as_text=True)
    mallory = login(client, make_user("mallory@example.com"))
    mine = {"company_id": acme, "kind": "greenhouse", "token": "acme"}
    mallory.post("/watches/discover/watch", data=mine)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Watch)) == 0


def test_the_search_function_finds_the_board_for_a_past_employer(
    user: User, boards: LoopbackServer
) -> None:
    add(user, "Acme")

    [result] = discover_for_user(user)

    assert [(f["kind"], f["token"]) for f in result.found] == [("greenhouse", "acme")]
    assert any(p.startswith("/v1/boards/acme/jobs") for p in boards.paths())  # on loopback


def test_the_cli_prints_a_table_or_json(runner: Any, user: User, boards: LoopbackServer) -> None:
    add(user, "Acme")

    table = runner.invoke(args=["watches", "discover", "--user", user.email])
    as_json = runner.invoke(
        args=["watches", "discover", "--user", user.email, "--company", "acme", "--json"]
    )

    assert table.exit_code == 0, table.output
    assert "greenhouse" in table.output and "1 board(s) found for 1 company(ies)" in table.output
    assert as_json.exit_code == 0, as_json.output
    [row] = json.loads(as_json.output)
    assert row["name"] == "Acme" and row["found"][0]["token"] == "acme"


def test_the_cli_reports_an_unknown_company_on_stderr(runner: Any, user: User) -> None:
    result = runner.invoke(args=["watches", "discover", "--user", user.email, "--company", "Nope"])

    assert result.exit_code == 1 and "No company called" in result.stderr
    assert result.stdout == ""
