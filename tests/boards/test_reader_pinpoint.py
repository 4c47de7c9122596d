"""The Pinpoint reader: a company's ``postings.json``, texts included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.boards.base import PageRequest, ReadError
from service.boards.collect import collect
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import get_reader, pinpoint
from tests.boards.servers import LoopbackServer

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured" / "pinpoint"
LIST = "https://trilongroup.pinpointhq.com/postings.json"
POSTINGS = "https://trilongroup.pinpointhq.com/en/postings/"


def saved() -> bytes:
    return (SAMPLE / "trilongroup-postings-trimmed.json").read_bytes()


def test_first_request_is_the_company_postings_json():
    assert pinpoint.first_request(" TrilonGroup ").url == LIST
    assert pinpoint.first_request("trilongroup.pinpointhq.com").url == LIST


@pytest.mark.parametrize("token", ["", "a/b", "acme jobs", "-acme"])
def test_first_request_refuses_other_tokens(token):
    with pytest.raises(ValueError, match="company subdomain"):
        pinpoint.first_request(token)


def test_the_captured_trilon_board_reads_exactly():
    page = pinpoint.read(saved(), url=LIST)

    assert page.next_request is None
    assert [p.external_id for p in page.postings] == ["547475", "471854", "492852"]
    assert [p.title for p in page.postings] == [
        "Civil Engineer (PE) - Aviation",
        "Electrical Engineer (PE)-Remote",
        "Party Chief",
    ]
    assert [p.url for p in page.postings] == [
        POSTINGS + "6547427b-f71c-4ab8-9023-8b519a110616",
        POSTINGS + "40573a01-60ba-4c43-86ac-693f92c921ea",
        POSTINGS + "9d6a2cb6-4945-4f7e-b5fd-6b1100d9f98f",
    ]
    assert [p.location for p in page.postings] == [
        "Wilmington, NC",
        "Remote- USA",  # the trailing space trimmed
        "Neptune, New Jersey",  # the name is only the city
    ]
    assert [p.remote for p in page.postings] == [False, True, False]
    assert [p.department for p in page.postings] == [
        "Engineering", "Electrical/Energy", "Survey/Geomatics"
    ]  # fmt: skip
    assert {p.employment_type for p in page.postings} == {"Full Time"}
    assert {(p.posted_at, p.updated_at) for p in page.postings} == {(None, None)}


def test_the_description_has_each_section_under_its_header():
    text = pinpoint.read(saved(), url=LIST).postings[0].description_text

    assert text is not None
    assert text.startswith("Talbert, Bright & Ellington, LLC. (TBE) is a full-service")
    assert "\n\nKey Responsibilities\n\n• Develop production work plans" in text
    assert "\n\nSkills, Knowledge and Expertise\n\n• Requires a Bachelor\u2019s Degree" in text
    assert text.endswith(
        "We Offer\n\n• Excellent compensation package\n\n"
        "• Outstanding holiday and paid-time-off programs\n\n• 401(k) Plan and Match\n\n"
        "• Career Path Development Program (Management & Technical Career Tracks)"
    )


def test_a_path_without_url_is_made_absolute_and_hybrid_is_not_remote():
    row = {"id": 7, "title": "Analyst", "path": "/en/postings/x", "workplace_type": "hybrid"}
    [posting] = pinpoint.read(json.dumps({"data": [row, row]}).encode(), url=LIST).postings
    assert (posting.external_id, posting.url, posting.remote) == ("7", POSTINGS + "x", False)


@pytest.mark.parametrize("body", [b"[]", b'{"data": {}}', b'{"data": [1]}', b"not json"])
def test_other_shapes_raise_read_error(body):
    with pytest.raises(ReadError):
        pinpoint.read(body, url=LIST)


@pytest.mark.usefixtures("connect_guard")
def test_the_board_is_read_in_one_request(server: LoopbackServer):
    server.routes["/postings.json"] = lambda h: h.reply(
        200, saved(), {"Content-Type": "application/json"}
    )

    read = collect(
        get_reader("pinpoint"),
        PageRequest(url=server.url("/postings.json")),
        Fetcher(FetchPolicy(allow_loopback=True)),
    )

    assert read.complete and read.pages == 1 and read.details == 0
    assert [p.external_id for p in read.postings] == ["547475", "471854", "492852"]
    assert len(server.received) == 1
