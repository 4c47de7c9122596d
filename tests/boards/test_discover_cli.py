"""``nextround boards discover`` and the NEXTROUND_BOARD_BASE_URLS setting."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask

from config import ConfigError, load_settings
from service.boards.cli import boards_cli
from service.boards.discover import KINDS
from service.boards.fetch import FetchPolicy
from tests.boards.servers import LoopbackServer

pytestmark = pytest.mark.usefixtures("connect_guard")

BOARD = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured" / "greenhouse"


@pytest.fixture
def greenhouse() -> Iterator[LoopbackServer]:
    """Greenhouse's API host on loopback: the board "acmecorp" answers, any other token 404s."""
    server = LoopbackServer().start()
    body = (BOARD / "smarterdx-jobs-content-trimmed.json").read_bytes()
    server.routes["/v1/boards/acmecorp/jobs"] = lambda h: h.reply(
        200, body, {"Content-Type": "application/json"}
    )
    try:
        yield server
    finally:
        server.stop()


def make_app(base_urls: object, *, allow_loopback: bool = True) -> Flask:
    app = Flask(__name__)
    app.config["NEXTROUND_FETCH_POLICY"] = FetchPolicy(allow_loopback=allow_loopback)
    app.config["BOARD_BASE_URLS"] = base_urls
    app.cli.add_command(boards_cli)
    return app


def discover(app: Flask, *args: str) -> Result:
    """Run ``boards discover ARGS``."""
    return app.test_cli_runner().invoke(args=["boards", "discover", *args])


def greenhouse_only(server: LoopbackServer) -> dict[str, str]:
    """Greenhouse on its server; every other kind on a loopback port nothing listens on."""
    closed = {kind.name: "http://127.0.0.1:9" for kind in KINDS}
    return {**closed, "greenhouse": server.url("").rstrip("/")}


def test_discover_prints_a_table_of_the_boards_found(greenhouse: LoopbackServer) -> None:
    app = make_app(greenhouse_only(greenhouse))

    result = discover(app, "--name", "Acme Corp GmbH", "--website", "acme.example")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["greenhouse", "acmecorp", "2"]
    assert lines[0].endswith(greenhouse.url("/v1/boards/acmecorp/jobs?content=true"))
    assert lines[-1].startswith("1 board(s) found for Acme Corp GmbH (18 request(s)")


def test_discover_json_has_the_boards_and_every_attempt(greenhouse: LoopbackServer) -> None:
    app = make_app(greenhouse_only(greenhouse))

    result = discover(app, "--name", "Acme Corp GmbH", "--json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(f["kind"], f["token"], f["postings"]) for f in data["found"]] == [
        ("greenhouse", "acmecorp", 2)
    ]
    assert data["tokens"] == ["acme", "acmecorp", "acme-corp"]
    assert {a["outcome"] for a in data["attempts"]} == {"found", "missing", "failed"}
    assert data["requests"] == len(data["attempts"]) == 18


def test_discover_says_when_nothing_answered(greenhouse: LoopbackServer) -> None:
    app = make_app(greenhouse_only(greenhouse))

    result = discover(app, "--name", "Initech LLC")

    assert result.exit_code == 0
    assert "No board found for Initech LLC (9 request(s), tokens tried: initech)" in result.output


@pytest.mark.parametrize(
    ("base_urls", "args", "message"),
    [
        ({"greenhose": "http://127.0.0.1:9"}, ["--name", "Acme"], "unknown board kind"),
        ({}, ["--name", "!!!"], "no board name can be derived from '!!!'"),
    ],
)
def test_discover_errors_go_to_stderr(
    base_urls: dict[str, str], args: list[str], message: str
) -> None:
    result = discover(make_app(base_urls), *args)

    assert result.exit_code == 1
    assert message in result.stderr and result.stdout == ""


def test_the_setting_is_read_as_a_json_object(tmp_path: Path) -> None:
    env = {"NEXTROUND_BOARD_BASE_URLS": '{"greenhouse": "http://127.0.0.1:8001"}'}

    assert load_settings(tmp_path, env=env, name="testing")["BOARD_BASE_URLS"] == {
        "greenhouse": "http://127.0.0.1:8001"
    }
    assert load_settings(tmp_path, env={}, name="testing")["BOARD_BASE_URLS"] == {}


@pytest.mark.parametrize("raw", ["{not json", '["http://127.0.0.1"]', '{"lever": 8001}'])
def test_a_bad_setting_stops_the_start(tmp_path: Path, raw: str) -> None:
    with pytest.raises(ConfigError, match="NEXTROUND_BOARD_BASE_URLS"):
        load_settings(tmp_path, env={"NEXTROUND_BOARD_BASE_URLS": raw}, name="testing")
