"""UKG Pro Recruiting reader: the board's LoadSearchResults JSON, paged by Skip."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.collect import Outcome, collect
from service.boards.errors import HTTPStatusError
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import get_reader, ukg
from tests.boards.servers import Handler, LoopbackServer

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured" / "ukg"
SAMPLE = "baylorgenetics-loadsearchresults-trimmed.json"
GUID = "5dc4f3c1-3b9c-4b9c-9c48-34b0a6a3d1b4"
BOARD = f"https://recruiting2.ultipro.com/BAY1003BAYGE/JobBoard/{GUID}"
SEARCH = f"{BOARD}/JobBoardView/LoadSearchResults"


def saved() -> bytes:
    return (CAPTURED / SAMPLE).read_bytes()


def test_first_request_posts_the_search_of_the_board() -> None:
    request = ukg.first_request(f"BAY1003BAYGE/{GUID.upper()}")

    assert (request.url, request.method) == (SEARCH, "POST")
    assert request.json_body == {
        "opportunitySearch": {"Top": 50, "Skip": 0, "QueryString": "", "OrderBy": [], "Filters": []}
    }
    other = ukg.first_request(f"acme.rec.pro.ukg.net/ACM1001/{GUID}")
    assert other.url.startswith(f"https://acme.rec.pro.ukg.net/ACM1001/JobBoard/{GUID}/")


@pytest.mark.parametrize(
    "token", ["", "BAY1003BAYGE", f"BAY1003BAYGE/{GUID}/x/y", "BAY1003BAYGE/not-a-guid",
              f"evil.example/BAY1003BAYGE/{GUID}"]
)  # fmt: skip
def test_first_request_refuses_other_tokens(token: str) -> None:
    with pytest.raises(ValueError, match="CODE/JobBoard/GUID"):
        ukg.first_request(token)


def test_the_captured_baylor_genetics_results_read_exactly() -> None:
    page = ukg.read(saved(), url=SEARCH)

    assert page.next_request is None  # totalCount 3, all here
    assert [p.external_id for p in page.postings] == [
        "69d553eb-7b6b-4176-a082-58ecb897204b",
        "7c8b0de3-3ea7-4262-974b-4e4dcaf17d95",
        "13b5978c-3aee-44cd-8c13-bcb56ab16705",
    ]
    assert [p.title for p in page.postings] == [
        "Director, Compliance",
        "Regional Account Executive - KS, IA, NE",
        "Automation Engineer III",
    ]
    assert [p.location for p in page.postings] == [
        "Remote, United States",
        "Remote, United States",
        "Houston, TX, United States",
    ]
    assert [p.remote for p in page.postings] == [True, True, None]
    assert [p.department for p in page.postings] == ["Legal", "Sales", "Engineering"]
    assert [p.posted_at for p in page.postings] == [
        "2026-09-22T15:18:32.057000+00:00",
        "2026-09-21T18:39:53.217000+00:00",
        "2026-09-21T18:35:39.718000+00:00",
    ]
    engineer = page.postings[2]
    assert engineer.url == (
        f"{BOARD}/OpportunityDetail?opportunityId=13b5978c-3aee-44cd-8c13-bcb56ab16705"
    )
    assert (engineer.employment_type, engineer.ats) == ("Full-time", "ukg")
    assert engineer.description_text is not None
    assert engineer.description_text.startswith("JOB SUMMARY\nThe Automation Engineer III")
    assert engineer.description_text.endswith("guiding the team towards enhanced automati")


def test_a_page_under_the_total_names_the_next_skip() -> None:
    data = json.loads(saved())
    data["totalCount"] = 120

    page = ukg.read(json.dumps(data).encode(), url=f"{SEARCH}#skip=50")

    assert page.next_request is not None
    assert page.next_request.url == f"{SEARCH}#skip=53"
    assert page.next_request.method == "POST"
    assert page.next_request.json_body is not None
    assert page.next_request.json_body["opportunitySearch"]["Skip"] == 53


@pytest.mark.parametrize(
    "body", [b"[]", b'{"opportunities": 3}', b'{"opportunities": [1]}', b"<html>Error</html>"]
)
def test_other_payloads_raise_read_error(body: bytes) -> None:
    with pytest.raises(ReadError):
        ukg.read(body, url=SEARCH)


# --- through the safe fetcher, on loopback ------------------------------------------------

PATH = f"/BAY1003BAYGE/JobBoard/{GUID}/JobBoardView/LoadSearchResults"


def start(server: LoopbackServer):
    return replace(ukg.first_request(f"BAY1003BAYGE/{GUID}"), url=server.url(PATH))


@pytest.mark.usefixtures("connect_guard")
def test_the_board_is_paged_by_skip_in_the_posted_search(server: LoopbackServer) -> None:
    first = json.loads(saved())
    first["totalCount"] = 4
    second = {"opportunities": [dict(first["opportunities"][2], Id="a-fourth")], "totalCount": 4}

    def search(handler: Handler) -> None:
        skip = json.loads(server.received[-1].body)["opportunitySearch"]["Skip"]
        body = first if skip == 0 else second
        handler.reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

    server.routes[PATH] = search

    read = collect(get_reader("ukg"), start(server), Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.complete and read.pages == 2
    assert [p.external_id for p in read.postings][2:] == [
        "13b5978c-3aee-44cd-8c13-bcb56ab16705",
        "a-fourth",
    ]
    assert [json.loads(r.body)["opportunitySearch"]["Skip"] for r in server.received] == [0, 3]
    assert all(r.method == "POST" for r in server.received)


@pytest.mark.usefixtures("connect_guard")
def test_a_board_that_refuses_the_search_is_a_clear_error(server: LoopbackServer) -> None:
    server.routes[PATH] = lambda h: h.reply(403, b"Forbidden", {"Content-Type": "text/plain"})

    read = collect(get_reader("ukg"), start(server), Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, HTTPStatusError) and read.error.status == 403
