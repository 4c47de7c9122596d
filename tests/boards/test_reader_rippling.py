"""The Rippling reader: v1 board lists (one row per location), v1 and v2 job details."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.boards.base import PageRequest, ReadError
from service.boards.collect import Outcome, collect
from service.boards.errors import HTTPStatusError
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import get_reader, rippling
from tests.boards.servers import Handler, LoopbackServer

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured" / "rippling"
BOARD = "https://api.rippling.com/platform/api/ats/v1/board/blackrockneurotech/jobs"
FIRST, SECOND, THIRD = (
    "25f3fc2a-b77e-430b-9144-8cc3bb1531c9",
    "c3ca660d-7890-4dea-b7ba-e6d1b387ac73",
    "955c62ae-f68c-4644-9060-3fe0f8c24ae5",
)


def saved(name: str) -> bytes:
    return (CAPTURED / name).read_bytes()


def test_first_request_is_the_v1_board_list():
    assert rippling.first_request(" blackrockneurotech/ ").url == BOARD


@pytest.mark.parametrize("token", ["", "a/b", "acme jobs", "-acme"])
def test_first_request_refuses_other_tokens(token):
    with pytest.raises(ValueError, match="board slug"):
        rippling.first_request(token)


def test_the_captured_blackrock_board_reads_exactly():
    page = rippling.read(saved("blackrockneurotech-board-jobs.json"), url=BOARD)

    assert page.next_request is None
    assert [p.external_id for p in page.postings] == [FIRST, SECOND, THIRD]
    assert [p.title for p in page.postings] == [
        "AI/ML Training Performance Engineer",  # the board's trailing space trimmed
        "Director, Clinical Affairs",
        "Director, Software Engineering",
    ]
    assert [p.url for p in page.postings] == [
        f"https://ats.rippling.com/blackrockneurotech/jobs/{u}" for u in (FIRST, SECOND, THIRD)
    ]
    assert {p.location for p in page.postings} == {"Salt Lake City, UT"}
    assert [p.department for p in page.postings] == ["BCI Neuralace", "Central Services", "BCI"]
    assert {(p.remote, p.posted_at, p.description_text) for p in page.postings} == {
        (None, None, None)
    }
    assert {p.ats for p in page.postings} == {"rippling"}


def test_one_job_at_two_locations_is_one_posting():
    url = "https://api.rippling.com/platform/api/ats/v1/board/acme/jobs"
    page = rippling.read(saved("board-jobs-sanitized.json"), url=url)

    assert len(page.postings) == 1
    posting = page.postings[0]
    assert posting.external_id == "2f0674e6-f01f-4ecd-b459-e947241c211f"
    assert posting.title == "Account Executive - Accountants Channel (East Coast)"
    assert posting.url == "https://ats.acme.com/acme/jobs/2f0674e6-f01f-4ecd-b459-e947241c211f"
    assert posting.location == "Remote (New Jersey, US) | New York, NY"
    assert (posting.remote, posting.department) == (True, "Sales")


def test_the_captured_v1_detail_reads_its_description():
    page = rippling.read(
        saved("blackrockneurotech-job-detail-trimmed.json"), url=f"{BOARD}/{FIRST}"
    )

    [posting] = page.postings
    assert (posting.external_id, posting.title) == (FIRST, "AI/ML Training Performance Engineer")
    assert posting.url == f"https://ats.rippling.com/blackrockneurotech/jobs/{FIRST}"
    assert (posting.location, posting.department) == ("Salt Lake City, UT", "BCI Data Science")
    assert posting.description_text == (
        "Build the systems that expand human capability\n\nThe Role"
    )


def test_a_v2_detail_gives_date_type_and_workplace():
    detail = {
        "uuid": "u-1",
        "name": "Nurse ",
        "createdOn": "2026-10-01T09:30:00-07:00",
        "employmentType": {"label": "SALARIED_FT"},
        "department": {"name": "Care"},
        "workLocations": [{"label": "Denver, CO", "workplaceType": "REMOTE"}],
        "description": {"role": "<p>Care for <b>people</b>.</p>"},
    }
    url = "https://ats.rippling.com/api/v2/board/acme/jobs/u-1"

    [posting] = rippling.read(json.dumps(detail).encode(), url=url).postings

    assert posting.url == "https://ats.rippling.com/acme/jobs/u-1"
    assert (posting.title, posting.location, posting.remote) == ("Nurse", "Denver, CO", True)
    assert posting.posted_at == "2026-10-01T09:30:00-07:00"
    assert (posting.employment_type, posting.department) == ("SALARIED_FT", "Care")
    assert posting.description_text == "Care for people."


def test_on_site_and_hybrid_are_not_remote():
    rows = [
        {"uuid": "a", "name": "A", "workLocation": {"label": "X", "workplaceType": "ON_SITE"}},
        {"uuid": "a", "name": "A", "workLocation": {"label": "Y", "workplaceType": "HYBRID"}},
    ]
    [posting] = rippling.read(json.dumps(rows).encode(), url=BOARD).postings
    assert (posting.location, posting.remote) == ("X | Y", False)


@pytest.mark.parametrize(
    "body", [b"{}", b'{"jobs": []}', b"[1]", b"not json", b'"x"', b'{"uuid": 1, "name": []}']
)
def test_other_shapes_raise_read_error_or_read_nothing(body):
    try:
        page = rippling.read(body, url=BOARD)
    except ReadError:
        return
    assert page.postings == []


def test_rows_without_uuid_or_name_are_skipped():
    rows = [{"name": "No id"}, {"uuid": "b"}, {"uuid": "c", "name": "Kept"}]
    page = rippling.read(json.dumps(rows).encode(), url=BOARD)
    assert [p.external_id for p in page.postings] == ["c"]


def reply_json(handler: Handler, body: bytes) -> None:
    handler.reply(200, body, {"Content-Type": "application/json"})


@pytest.mark.usefixtures("connect_guard")
def test_the_board_is_read_and_each_job_detailed(server: LoopbackServer):
    list_path = "/platform/api/ats/v1/board/blackrockneurotech/jobs"
    server.routes[list_path] = lambda h: reply_json(h, saved("blackrockneurotech-board-jobs.json"))
    server.routes[f"{list_path}/{FIRST}"] = lambda h: reply_json(
        h, saved("blackrockneurotech-job-detail-trimmed.json")
    )

    read = collect(
        get_reader("rippling"),
        PageRequest(url=server.url(list_path)),
        Fetcher(FetchPolicy(allow_loopback=True)),
    )

    assert read.complete and read.pages == 1
    assert [p.external_id for p in read.postings] == [FIRST, SECOND, THIRD]
    first = read.postings[0]
    assert first.department == "BCI Neuralace"  # the list's value stays
    assert first.description_text == "Build the systems that expand human capability\n\nThe Role"
    assert read.details == 3 and len(read.detail_failures) == 2
    assert [r.path for r in server.received[1:]] == [
        f"{list_path}/{u}" for u in (FIRST, SECOND, THIRD)
    ]


@pytest.mark.usefixtures("connect_guard")
def test_an_unknown_board_is_a_clear_error(server: LoopbackServer):
    list_path = "/platform/api/ats/v1/board/nobody/jobs"
    server.routes[list_path] = lambda h: h.reply(404, b"{}", {"Content-Type": "application/json"})

    read = collect(
        get_reader("rippling"),
        PageRequest(url=server.url(list_path)),
        Fetcher(FetchPolicy(allow_loopback=True)),
    )

    assert read.outcome is Outcome.FAILED and not read.postings
    assert isinstance(read.error, HTTPStatusError) and read.error.status == 404
