"""Paylocity reader: the board page's window.pageData, and each job page's JSON-LD."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from service.boards.base import Posting, ReadError
from service.boards.collect import Outcome, collect
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import get_reader, paylocity
from tests.boards.servers import LoopbackServer

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured" / "paylocity"
GUID = "add565e9-4cee-4334-8182-9de221ffb9e4"
BOARD = f"https://recruiting.paylocity.com/recruiting/jobs/All/{GUID}"
JOBS = "https://recruiting.paylocity.com/recruiting/jobs/Details"


def saved(name: str) -> bytes:
    return (CAPTURED / name).read_bytes()


def test_first_request_is_the_board_page_of_the_company_guid() -> None:
    request = paylocity.first_request(GUID.upper())

    assert (request.url, request.method) == (BOARD, "GET")
    assert request.accept.startswith("text/html")


@pytest.mark.parametrize("token", ["", "fermi", f"{GUID}/x", "add565e9-4cee-4334-8182"])
def test_first_request_refuses_other_tokens(token: str) -> None:
    with pytest.raises(ValueError, match="company GUID"):
        paylocity.first_request(token)


def test_the_captured_fermi_board_reads_exactly() -> None:
    page = paylocity.read(saved("fermi-board.html"), url=BOARD)

    assert page.next_request is None  # the whole board is one page
    assert len(page.postings) == 18
    assert [p.external_id for p in page.postings[:4]] == [
        "4248451",
        "4217200",
        "4177740",
        "4140027",
    ]
    assert [p.external_id for p in page.postings[-2:]] == ["3756700", "3756699"]
    assert page.postings[0] == Posting(
        external_id="4248451",
        title="Corporate Tax Director",
        url=f"{JOBS}/4248451/{GUID}",
        ats="paylocity",
        location="Dallas",
        remote=False,
        department="Finance",
        posted_at="2026-06-11T16:42:33-05:00",
    )
    marketing = page.postings[3]
    assert (marketing.title, marketing.location, marketing.remote) == (
        "Director of Marketing",
        "Dallas",
        True,
    )
    assert page.postings[8].title == (
        "Electrical Engineer \u2013 On-Site Engineering (Gas & Nuclear Power Plant Construction)"
    )
    assert page.postings[10].location == "Greater Texas, TX"
    assert page.postings[-1].location == "Dallas - Amarillo"
    assert page.postings[-1].posted_at == "2025-12-05T06:05:01-06:00"
    assert sum(p.remote is True for p in page.postings) == 1
    assert all(p.description_text is None for p in page.postings)


def test_a_location_named_for_a_way_of_working_gives_the_address() -> None:
    page = paylocity.read(saved("ncaec-board-pagedata-trimmed.html"), url=BOARD)

    assert [(p.external_id, p.title, p.location, p.remote, p.posted_at) for p in page.postings] == [
        (
            "4141169",
            "Engineer/Associate Engineer, Power Systems",
            "Raleigh, NC, USA",
            False,
            "2026-08-08T11:27:44-05:00",
        ),
        (
            "4401262",
            "Administrative Assistant (Hybrid)",
            "Raleigh, NC, USA",
            False,
            "2026-08-07T10:57:23-05:00",
        ),
    ]


def test_the_captured_job_page_reads_its_json_ld() -> None:
    url = f"{JOBS}/4248451/{GUID}"

    page = paylocity.read(saved("fermi-job-detail-4248451.html"), url=url)

    [job] = page.postings
    assert (job.external_id, job.title, job.url) == ("4248451", "Corporate Tax Director", url)
    assert (job.location, job.posted_at) == ("Dallas, TX, US", "2026-06-11T21:42:38-05:00")
    assert job.description_text is not None
    assert job.description_text.startswith(
        "Description\n\nWe\u2019re looking for a commercially sharp, technically elite"
    )
    assert len(job.description_text) == 8965


def test_a_board_url_without_its_guid_still_links_each_job() -> None:
    page = paylocity.read(saved("ncaec-board-pagedata-trimmed.html"), url="https://x.example/b")
    assert page.postings[0].url == "https://x.example/recruiting/jobs/Details/4141169"


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><h1>Access denied</h1></body></html>",
        b'<script>window.pageData = {"Jobs": 3};</script>',
        b'<script>window.pageData = {"Jobs": [1]};</script>',
        b'<script>window.pageData = {"Jobs": [</script>',
        b"<script>window.pageData = NaN;</script>",
    ],
)
def test_other_pages_raise_read_error(body: bytes) -> None:
    with pytest.raises(ReadError):
        paylocity.read(body, url=BOARD)


def test_only_a_posting_without_description_wants_its_job_page() -> None:
    listed = paylocity.read(saved("fermi-board.html"), url=BOARD).postings[0]

    request = paylocity.detail_request(listed, BOARD)

    assert request is not None and request.url == f"{JOBS}/4248451/{GUID}"
    described = replace(listed, description_text="Already here")
    assert paylocity.detail_request(described, BOARD) is None


# --- through the safe fetcher, on loopback ------------------------------------------------


def html(body: bytes):
    return lambda handler: handler.reply(200, body, {"Content-Type": "text/html"})


@pytest.mark.usefixtures("connect_guard")
def test_the_board_is_read_with_its_job_pages_at_a_polite_pace(server: LoopbackServer) -> None:
    server.routes[f"/recruiting/jobs/All/{GUID}"] = html(saved("fermi-board.html"))
    server.routes[f"/recruiting/jobs/Details/4248451/{GUID}"] = html(
        saved("fermi-job-detail-4248451.html")
    )
    request = replace(paylocity.first_request(GUID), url=server.url(f"/recruiting/jobs/All/{GUID}"))
    pauses: list[float] = []

    read = collect(
        get_reader("paylocity"),
        request,
        Fetcher(FetchPolicy(allow_loopback=True)),
        pause=pauses.append,
        wants_detail=lambda posting: posting.external_id in ("4248451", "4217200"),
    )

    assert read.complete and read.pages == 1 and len(read.postings) == 18
    tax = read.postings[0]
    assert tax.url == server.url(f"/recruiting/jobs/Details/4248451/{GUID}")
    assert tax.description_text is not None and len(tax.description_text) == 8965
    assert (tax.location, tax.posted_at) == ("Dallas", "2026-06-11T16:42:33-05:00")  # list wins
    assert read.details == 2 and len(read.detail_failures) == 1  # 4217200's page is not served
    assert read.postings[1].description_text is None
    assert pauses == [1.0, 1.0]


@pytest.mark.usefixtures("connect_guard")
def test_a_bot_wall_instead_of_the_board_is_a_clear_error(server: LoopbackServer) -> None:
    server.routes[f"/recruiting/jobs/All/{GUID}"] = html(b"<html><p>Checking your browser</p>")
    request = replace(paylocity.first_request(GUID), url=server.url(f"/recruiting/jobs/All/{GUID}"))

    read = collect(get_reader("paylocity"), request, Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, ReadError) and "window.pageData" in str(read.error)
