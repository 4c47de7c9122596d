"""``nextround boards read FILE --ats KIND`` for Rippling, Breezy, Pinpoint, Jobvite and JazzHR."""

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
        "rippling",
        "rippling/blackrockneurotech-board-jobs.json",
        [
            "25f3fc2a-b77e-430b-9144-8cc3bb1531c9",
            "c3ca660d-7890-4dea-b7ba-e6d1b387ac73",
            "955c62ae-f68c-4644-9060-3fe0f8c24ae5",
        ],
    ),
    ("rippling", "rippling/board-jobs-sanitized.json", ["2f0674e6-f01f-4ecd-b459-e947241c211f"]),
    (
        "breezy",
        "breezy/two-boards-json-trimmed.json",
        ["9b5dbab30b78", "4e5454ff973b", "2f4ac922e106", "703f893febaa"],
    ),
    ("pinpoint", "pinpoint/trilongroup-postings-trimmed.json", ["547475", "471854", "492852"]),
    ("jobvite", "jobvite/neogenomics-search-reduced.html", ["oiiRyfwJ", "oaIyAfwK", "oWcLAfwd"]),
    ("jobvite", "jobvite/feedingamerica-search-trimmed.html", ["octxAfww", "ohAzAfwK"]),
    ("jazzhr", "jazzhr/paradromics-apply-index-reduced.html", ["ujxQN2lhPz"]),
]


@pytest.mark.parametrize(("ats", "sample", "ids"), CASES)
def test_read_prints_the_postings_of_a_saved_response(ats: str, sample: str, ids: list[str]):
    result = FlaskCliRunner(Flask(__name__)).invoke(
        boards_cli, ["read", str(CAPTURED / sample), "--ats", ats]
    )

    assert result.exit_code == 0, result.output
    postings = json.loads(result.stdout)
    assert [p["external_id"] for p in postings] == ids
    assert {p["ats"] for p in postings} == {ats}
