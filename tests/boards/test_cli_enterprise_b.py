"""``nextround boards read FILE --ats KIND`` for Eightfold, Taleo and Phenom saved responses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner

from service.boards.cli import boards_cli
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.locate import locate
from tests.boards.servers import LoopbackServer

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured"


@pytest.fixture
def runner() -> FlaskCliRunner:
    app = Flask(__name__)
    app.config["NEXTROUND_FETCH_POLICY"] = FetchPolicy(allow_loopback=True)
    app.cli.add_command(boards_cli)
    return app.test_cli_runner()


def read(runner: FlaskCliRunner, *args: str) -> list[dict[str, Any]]:
    result: Result = runner.invoke(args=["boards", "read", *args])
    assert result.exit_code == 0, result.output
    postings: list[dict[str, Any]] = json.loads(result.stdout)
    return postings


def test_read_an_eightfold_response(runner: FlaskCliRunner) -> None:
    saved = CAPTURED / "eightfold" / "albemarle-apply-v2-jobs-b.json"

    postings = read(runner, str(saved), "--ats", "eightfold")

    assert [p["external_id"] for p in postings] == ["1099556324897", "1099556190478"]
    assert postings[0]["url"] == "https://albemarle.eightfold.ai/careers/job/1099556324897"
    assert postings[0]["ats"] == "eightfold"
    assert postings[1]["department"] == "Manufacturing"


def test_read_a_taleo_business_edition_page(runner: FlaskCliRunner) -> None:
    saved = CAPTURED / "taleo" / "tbe-careers-v2-results-reduced.html"

    postings = read(runner, str(saved), "--ats", "taleo")

    assert [p["external_id"] for p in postings] == ["17", "389", "618"]
    assert postings[2]["title"] == "CNA / PCA"
    assert postings[2]["department"] == "Homecare"


def test_read_a_taleo_enterprise_search_page(runner: FlaskCliRunner) -> None:
    saved = CAPTURED.parent / "taleo" / "acme-searchjobs-page2.json"
    url = "https://acme.taleo.net/careersection/rest/jobboard/searchjobs?lang=en&portal=1#section=2"

    postings = read(runner, str(saved), "--ats", "taleo", "--url", url)

    assert [p["external_id"] for p in postings] == ["2600140"]
    assert postings[0]["url"] == (
        "https://acme.taleo.net/careersection/2/jobdetail.ftl?lang=en&job=2600140"
    )


def test_read_a_phenom_search_page(runner: FlaskCliRunner) -> None:
    saved = CAPTURED / "phenom" / "phenom-search-results-ddo-trimmed.html"
    url = "https://careers.phenom.com/global/en/search-results?from=0&s=1"

    postings = read(runner, str(saved), "--ats", "phenom", "--url", url)

    assert [p["external_id"] for p in postings] == ["P-104461", "P-104504"]
    assert postings[1]["url"] == (
        "https://careers.phenom.com/global/en/job/PHENA0059P104504EXTERNALENGLOBAL"
    )
    assert postings[1]["employment_type"] == "Full-Time"


# --- boards fetch URL --ats KIND, from loopback ------------------------------------------------


@pytest.mark.usefixtures("connect_guard")
def test_fetch_a_phenom_search_page_with_its_pages(
    runner: FlaskCliRunner, server: LoopbackServer
) -> None:
    page = (CAPTURED / "phenom" / "phenom-search-results-ddo-trimmed.html").read_bytes()
    html = {"Content-Type": "text/html; charset=utf-8"}
    server.routes["/global/en/search-results"] = lambda h: h.reply(200, page, html)
    url = server.url("/global/en/search-results?from=0&s=1")

    postings = read_fetched(runner, url, "phenom")

    assert [p["external_id"] for p in postings] == ["P-104461", "P-104504"]
    # totalHits 52 asks for the next page; it repeats the first, which ends the paging
    assert server.paths()[1:] == [
        "/global/en/search-results?from=0&s=1",
        "/global/en/search-results?from=2&s=1",
    ]


def test_a_taleo_url_forced_on_the_reader_is_read_as_given() -> None:
    url = "https://phh.tbe.taleo.net/phh04/ats/careers/v2/searchResults?org=NFINDY&cws=37"

    located = locate(Fetcher(FetchPolicy()), url, ats="taleo")  # no fetch: the URL is given

    assert located.reader.name == "taleo"
    assert located.request.url == url
    assert located.request.method == "GET"


def read_fetched(runner: FlaskCliRunner, url: str, ats: str) -> list[dict[str, Any]]:
    result = runner.invoke(args=["boards", "fetch", url, "--ats", ats])
    assert result.exit_code == 0, result.output
    postings: list[dict[str, Any]] = json.loads(result.stdout)
    return postings
