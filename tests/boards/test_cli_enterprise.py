"""``nextround boards read FILE --ats KIND`` for the enterprise boards' saved responses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from service.boards.cli import boards_cli

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured"

CASES = [
    (
        "successfactors",
        "successfactors/csb-search-results-reduced.html",
        ["755919802", "1372996357", "1370202757"],
    ),
    (
        "oracle",
        "oracle/ulsolutions-ce-requisitions-reduced.json",
        ["10139", "10947", "11068", "11129"],
    ),
    ("oracle", "oracle/amex-ce-requisition-detail.json", ["26011990"]),
    ("icims", "icims/fujifilm-search-page-reduced.html", ["38897", "38896", "38895"]),
    ("icims", "icims/wipfli-search-cards-trimmed.html", ["8214", "8212"]),
    ("icims", "icims/garmin-career-sites-api-jobs-redacted.json", ["19975", "19488", "18490"]),
]


def test_read_a_career_sites_api_page_with_its_url():
    result = FlaskCliRunner(Flask(__name__)).invoke(
        boards_cli,
        [
            "read",
            str(CAPTURED / "icims/garmin-career-sites-api-jobs-redacted.json"),
            "--ats",
            "icims",
            "--url",
            "https://careers.garmin.com/api/jobs?page=1&limit=100",
        ],
    )

    assert result.exit_code == 0, result.output
    assert [p["external_id"] for p in json.loads(result.stdout)] == ["19975", "19488", "18490"]


@pytest.mark.parametrize(("ats", "sample", "ids"), CASES)
def test_read_prints_the_postings_of_a_saved_response(ats: str, sample: str, ids: list[str]):
    result = FlaskCliRunner(Flask(__name__)).invoke(
        boards_cli, ["read", str(CAPTURED / sample), "--ats", ats]
    )

    assert result.exit_code == 0, result.output
    postings = json.loads(result.stdout)
    assert [p["external_id"] for p in postings] == ids
    assert {p["ats"] for p in postings} == {ats}


def test_read_with_the_board_url_resolves_links_against_it():
    result = FlaskCliRunner(Flask(__name__)).invoke(
        boards_cli,
        [
            "read",
            str(CAPTURED / "successfactors/csb-search-results-reduced.html"),
            "--ats",
            "successfactors",
            "--url",
            "https://jobs.acme.example/search/?q=",
        ],
    )

    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)[0]
    assert first["url"] == (
        "https://jobs.acme.example/job/Torun-Medical-Science-Liaisons-Manager/755919802/"
    )
