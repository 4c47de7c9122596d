"""The Phenom reader against the real captured search page, and its paging through collect()."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from service.boards.base import PageRequest, ReadError
from service.boards.collect import Outcome, collect
from service.boards.errors import HTTPStatusError
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import get_reader, phenom
from tests.boards.servers import Handler, LoopbackServer

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured" / "phenom"
SAMPLE = CAPTURED / "phenom-search-results-ddo-trimmed.html"
FIRST_URL = "https://careers.phenom.com/global/en/search-results?from=0&s=1"
SEARCH = "/global/en/search-results"


def test_first_request_asks_for_the_search_page():
    assert phenom.first_request("careers.phenom.com").url == FIRST_URL
    request = phenom.first_request("Careers.Acme.com/us/en/")
    assert request.url == "https://careers.acme.com/us/en/search-results?from=0&s=1"
    assert "text/html" in request.accept  # a page: robots.txt is honoured
    for bad in ("", "acme", "careers.acme.com/us", "careers.acme.com/us/en/x", "a b.com"):
        with pytest.raises(ValueError, match="phenom"):
            phenom.first_request(bad)


def test_reads_the_captured_search_page_exactly():
    page = phenom.read(SAMPLE.read_bytes(), url=FIRST_URL)
    manager, representative = page.postings
    assert manager.external_id == "P-104461"
    assert manager.title == "Senior Project Manager(German Speaker)"
    assert (
        manager.url == "https://careers.phenom.com/global/en/job/PHENA0059P104461EXTERNALENGLOBAL"
    )
    assert manager.location == "Rotterdam, South Holland, Netherlands"
    assert manager.remote is None
    assert manager.department == "OGD"  # department is "": the category stands in
    assert manager.employment_type == "Full-Time"
    assert manager.posted_at == "2026-04-09T09:54:06.573000+00:00"
    assert manager.updated_at is None
    assert manager.description_text == (
        "We are looking for a Senior Project Manager who is fluent in German and English to "
        "lead complex transformation programs for our enterprise customers."
    )
    assert manager.ats == "phenom"
    assert representative.external_id == "P-104504"
    assert representative.title == "Revenue Development Representative"
    assert representative.url == (
        "https://careers.phenom.com/global/en/job/PHENA0059P104504EXTERNALENGLOBAL"
    )
    assert representative.location == "Sydney, New South Wales, Australia"
    assert representative.department == "Sales"
    assert representative.posted_at == "2026-04-08T13:14:37.744000+00:00"
    # totalHits 52: the page after the two jobs received
    assert page.next_request is not None
    assert page.next_request.url == (
        "https://careers.phenom.com/global/en/search-results?from=2&s=1"
    )


def test_a_job_in_another_locale_links_to_its_locale():
    job = {"jobId": "7", "jobSeqNo": "ACME7", "title": "Nurse", "locale": "de_DE", "city": "Köln"}
    ddo = {"refineSearch": {"totalHits": 1, "data": {"jobs": [job]}}}  # the /widgets answer
    [posting] = phenom.read(json.dumps(ddo).encode(), url=FIRST_URL).postings
    assert posting.url == "https://careers.phenom.com/de/de/job/ACME7"
    assert posting.location == "Köln"


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><h1>Access denied</h1></body></html>",
        b"<script>phApp.ddo = {};</script>",
        b'<script>phApp.ddo = {"eagerLoadRefineSearch": {"data": {"jobs": {}}}};</script>',
        b"<script>phApp.ddo = {broken</script>",
        b"[]",
    ],
)
def test_a_page_without_search_data_is_a_read_error(body):
    with pytest.raises(ReadError, match="phenom"):
        phenom.read(body, url=FIRST_URL)


# --- paging through collect() against a loopback server -------------------------------------


def search_pages(handler: Handler) -> None:
    """The captured page (as a three-job board) at from=0, one more job at from=2."""
    start = parse_qs(urlsplit(handler.path).query)["from"][0]
    if start == "0":
        body = SAMPLE.read_bytes().replace(b'"totalHits":52', b'"totalHits":3')
    else:
        job = {"jobId": "P-104999", "jobSeqNo": "PHENA0059P104999EXTERNALENGLOBAL", "title": "SRE"}
        ddo = {"eagerLoadRefineSearch": {"hits": 10, "totalHits": 3, "data": {"jobs": [job]}}}
        body = f"<html><script>phApp.ddo = {json.dumps(ddo)};</script></html>".encode()
    handler.reply(200, body, {"Content-Type": "text/html; charset=utf-8"})


def on(server: LoopbackServer, request: PageRequest) -> PageRequest:
    parts = urlsplit(request.url)
    return replace(request, url=server.url(f"{parts.path}?{parts.query}"))


@pytest.mark.usefixtures("connect_guard")
def test_collect_reads_every_search_page(server: LoopbackServer) -> None:
    server.routes[SEARCH] = search_pages
    request = on(server, phenom.first_request("careers.phenom.com"))

    read = collect(get_reader("phenom"), request, Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.complete, read.error
    assert [p.external_id for p in read.postings] == ["P-104461", "P-104504", "P-104999"]
    assert read.pages == 2
    assert server.paths() == ["/robots.txt", f"{SEARCH}?from=0&s=1", f"{SEARCH}?from=2&s=1"]


@pytest.mark.usefixtures("connect_guard")
def test_a_site_that_refuses_us_is_a_clear_error(server: LoopbackServer) -> None:
    server.routes[SEARCH] = lambda h: h.reply(
        429, b"slow down", {"Content-Type": "text/plain", "Retry-After": "120"}
    )
    request = on(server, phenom.first_request("careers.phenom.com"))

    read = collect(get_reader("phenom"), request, Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, HTTPStatusError) and read.error.status == 429
    assert read.error.retry_after == 120
    assert "busy or failing; try again later" in str(read.error)


@pytest.mark.usefixtures("connect_guard")
def test_a_bot_wall_page_fails_the_read_instead_of_emptying_the_board(
    server: LoopbackServer,
) -> None:
    wall = b"<html><body>Please enable JavaScript and cookies to continue</body></html>"
    server.routes[SEARCH] = lambda h: h.reply(200, wall, {"Content-Type": "text/html"})
    request = on(server, phenom.first_request("careers.phenom.com"))

    read = collect(get_reader("phenom"), request, Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, ReadError) and "bot wall" in str(read.error)
