"""`nextround boards read FILE --ats KIND` for the HR-suite boards (Paylocity, …)."""

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

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured"
GUID = "add565e9-4cee-4334-8182-9de221ffb9e4"


@pytest.fixture
def runner() -> FlaskCliRunner:
    app = Flask(__name__)
    app.cli.add_command(boards_cli)
    return app.test_cli_runner()


def read(runner: FlaskCliRunner, *args: str) -> list[dict[str, Any]]:
    result: Result = runner.invoke(args=["boards", "read", *args])
    assert result.exit_code == 0, result.output
    postings: list[dict[str, Any]] = json.loads(result.stdout)
    return postings


def test_read_a_paylocity_board_page(runner: FlaskCliRunner) -> None:
    saved = CAPTURED / "paylocity" / "fermi-board.html"
    url = f"https://recruiting.paylocity.com/recruiting/jobs/All/{GUID}"

    postings = read(runner, str(saved), "--ats", "paylocity", "--url", url)

    assert len(postings) == 18
    assert postings[0]["external_id"] == "4248451"
    assert postings[0]["title"] == "Corporate Tax Director"
    assert postings[0]["url"] == (
        f"https://recruiting.paylocity.com/recruiting/jobs/Details/4248451/{GUID}"
    )
    assert (postings[0]["department"], postings[0]["ats"]) == ("Finance", "paylocity")


def test_read_a_paylocity_page_without_its_url(runner: FlaskCliRunner) -> None:
    saved = CAPTURED / "paylocity" / "ncaec-board-pagedata-trimmed.html"

    postings = read(runner, str(saved), "--ats", "paylocity")

    assert [p["external_id"] for p in postings] == ["4141169", "4401262"]
    assert postings[1]["location"] == "Raleigh, NC, USA"


def test_a_url_forced_on_the_paylocity_reader_is_read_as_given() -> None:
    url = "https://jobs.acme.example/openings"

    located = locate(Fetcher(FetchPolicy()), url, ats="paylocity")  # no fetch: the URL is given

    assert (located.reader.name, located.request.url) == ("paylocity", url)
    assert located.request.accept.startswith("text/html")


def test_read_a_ukg_search_answer(runner: FlaskCliRunner) -> None:
    saved = CAPTURED / "ukg" / "baylorgenetics-loadsearchresults-trimmed.json"

    postings = read(runner, str(saved), "--ats", "ukg")

    assert [p["title"] for p in postings] == [
        "Director, Compliance",
        "Regional Account Executive - KS, IA, NE",
        "Automation Engineer III",
    ]
    assert postings[2]["location"] == "Houston, TX, United States"
    assert postings[2]["url"].endswith(
        "/OpportunityDetail?opportunityId=13b5978c-3aee-44cd-8c13-bcb56ab16705"
    )


def test_read_an_adp_requisitions_page(runner: FlaskCliRunner) -> None:
    saved = CAPTURED / "adp" / "job-requisitions-trimmed.json"

    postings = read(runner, str(saved), "--ats", "adp")

    assert [p["external_id"] for p in postings] == [
        "9205234334470_1",
        "9205231141781_1",
        "9205230421275_1",
    ]
    assert (postings[0]["title"], postings[0]["location"]) == ("Sr. Director, FP&A", "US")


def test_read_a_dayforce_search_answer(runner: FlaskCliRunner) -> None:
    saved = CAPTURED / "dayforce" / "aifire-jobposting-search-trimmed.json"
    url = "https://jobs.dayforcehcm.com/api/geo/aifire/jobposting/search#site=CANDIDATEPORTAL"

    result: Result = runner.invoke(
        args=["boards", "read", str(saved), "--ats", "dayforce", "--url", url]
    )

    assert result.exit_code == 0, result.output
    postings = json.loads(result.stdout)
    assert [p["external_id"] for p in postings] == ["44800", "44791", "44786"]
    assert postings[0]["url"] == (
        "https://jobs.dayforcehcm.com/en-US/aifire/CANDIDATEPORTAL/jobs/44800"
    )
    assert "the board has more pages" in result.stderr
