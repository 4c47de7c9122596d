"""Taleo boards read end to end through collect() and the safe fetcher, from loopback."""

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
from service.boards.readers import get_reader, taleo
from tests.boards.servers import Handler, LoopbackServer

pytestmark = pytest.mark.usefixtures("connect_guard")

BOARDS = Path(__file__).resolve().parents[1] / "data" / "boards"
SECTION_PAGE = "/careersection/2/jobsearch.ftl"
SEARCH = "/careersection/rest/jobboard/searchjobs"
TBE_LIST = "/phh04/ats/careers/v2/searchResults"
TBE_VIEW = "/phh04/ats/careers/v2/viewRequisition"
COOKIE = "JSESSIONID=tee-42"


def on(server: LoopbackServer, request: PageRequest) -> PageRequest:
    """``request`` sent to the loopback server (same path, query and fragment)."""
    parts = urlsplit(request.url)
    return replace(request, url=server.url(f"{parts.path}?{parts.query}#{parts.fragment}"))


def section_page(handler: Handler) -> None:
    body = (BOARDS / "taleo" / "acme-jobsearch.html").read_bytes()
    headers = {"Content-Type": "text/html", "Set-Cookie": f"{COOKIE}; Path=/; HttpOnly"}
    handler.reply(200, body, headers)


def search(handler: Handler) -> None:
    """The two saved searchjobs pages, only within the session and with Taleo's headers."""
    sent = handler.server.owner.received[-1]
    if sent.headers.get("cookie") != COOKIE or "tz" not in sent.headers:
        handler.reply(500, b"An Error Occurred in TEE", {"Content-Type": "text/html"})
        return
    page = json.loads(sent.body)["pageNo"]
    body = (BOARDS / "taleo" / f"acme-searchjobs-page{page}.json").read_bytes()
    handler.reply(200, body, {"Content-Type": "application/json"})


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(FetchPolicy(allow_loopback=True))


@pytest.fixture
def paused() -> list[float]:
    """The polite pauses a read asked for (recorded, not slept)."""
    return []


@pytest.fixture
def enterprise(server: LoopbackServer) -> PageRequest:
    server.routes[SECTION_PAGE] = section_page
    server.routes[SEARCH] = search
    return on(server, taleo.first_request("acme/2/101430233"))


def test_an_enterprise_section_is_read_end_to_end_in_its_session(
    server: LoopbackServer, enterprise: PageRequest, fetcher: Fetcher, paused: list[float]
) -> None:
    read = collect(get_reader("taleo"), enterprise, fetcher, pause=paused.append)

    assert read.complete, read.error
    assert [p.external_id for p in read.postings] == ["2600123", "26255-FT_LT_ROS", "2600140"]
    assert read.pages == 2 and read.details == 0
    sent = [(r.method, r.path.split("?")[0], r.headers.get("cookie")) for r in server.received]
    assert sent == [
        ("GET", "/robots.txt", None),  # the section page is a page: robots.txt first
        ("GET", SECTION_PAGE, None),
        ("POST", SEARCH, COOKIE),
        ("POST", SEARCH, COOKIE),
    ]
    posted = server.received[2]
    assert posted.headers["x-requested-with"] == "XMLHttpRequest"
    assert posted.headers["referer"].endswith("/careersection/2/jobsearch.ftl?lang=en")
    assert parse_qs(urlsplit(posted.path).query) == {"lang": ["en"], "portal": ["101430233"]}
    assert paused == [taleo.POLITE_DELAY_SECONDS] * 2  # before each search, after the session


def test_a_refused_session_is_a_clear_error(
    server: LoopbackServer, enterprise: PageRequest, fetcher: Fetcher, paused: list[float]
) -> None:
    server.routes[SECTION_PAGE] = lambda h: h.reply(403, b"bot wall", {"Content-Type": "text/html"})

    read = collect(get_reader("taleo"), enterprise, fetcher, pause=paused.append)

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, HTTPStatusError) and read.error.status == 403
    assert "does not let us read" in str(read.error)
    assert SEARCH not in [r.path.split("?")[0] for r in server.received]
    assert paused == []  # one request made: nothing to wait between


def test_a_section_page_without_a_cookie_is_a_clear_error(
    server: LoopbackServer, enterprise: PageRequest, fetcher: Fetcher, paused: list[float]
) -> None:
    page = (BOARDS / "taleo" / "acme-jobsearch.html").read_bytes()
    server.routes[SECTION_PAGE] = lambda h: h.reply(200, page, {"Content-Type": "text/html"})

    read = collect(get_reader("taleo"), enterprise, fetcher, pause=paused.append)

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, ReadError)
    assert "gave no session cookie" in str(read.error)


def test_a_business_edition_board_is_read_with_its_posting_pages(
    server: LoopbackServer, fetcher: Fetcher, paused: list[float]
) -> None:
    origin = server.url("/").rstrip("/")
    saved = BOARDS / "captured" / "taleo"
    listing = (saved / "tbe-careers-v2-results-reduced.html").read_bytes()
    listing = listing.replace(b"https://phh.tbe.taleo.net", origin.encode())
    detail = (saved / "tbe-detail-jsonld-excerpt.html").read_bytes()
    html = {"Content-Type": "text/html; charset=utf-8"}
    server.routes[TBE_LIST] = lambda h: h.reply(200, listing, html)
    server.routes[TBE_VIEW] = lambda h: h.reply(200, detail, html)

    request = on(server, taleo.first_request("phh/phh04/NFINDY/37"))
    read = collect(get_reader("taleo"), request, fetcher, pause=paused.append)

    assert read.complete, read.error
    assert [p.external_id for p in read.postings] == ["17", "389", "618"]
    first = read.postings[0]
    assert first.posted_at == "2017-01-15T00:00:00"  # from its posting page
    assert first.description_text is not None
    assert first.location == "IN - Lafayette"  # the list's own value wins
    assert read.postings[1].posted_at is None  # that page describes rid 17, not 389
    assert read.details == 3 and not read.detail_failures
    paths = [r.path.split("?")[0] for r in server.received]
    assert paths == ["/robots.txt", TBE_LIST, TBE_LIST, TBE_VIEW, TBE_VIEW, TBE_VIEW]
    assert paused == [3.0] * 4  # between the five requests of the board


def test_a_business_edition_bot_wall_fails_the_read(
    server: LoopbackServer, fetcher: Fetcher, paused: list[float]
) -> None:
    wall = b"<html><body><h1>Please verify you are human</h1></body></html>"
    server.routes[TBE_LIST] = lambda h: h.reply(200, wall, {"Content-Type": "text/html"})

    request = on(server, taleo.first_request("phh/phh04/NFINDY/37"))
    read = collect(get_reader("taleo"), request, fetcher, pause=paused.append)

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, ReadError) and "bot wall" in str(read.error)


def test_business_edition_pages_honour_robots_txt(
    server: LoopbackServer, fetcher: Fetcher, paused: list[float]
) -> None:
    origin = server.url("/").rstrip("/")
    saved = BOARDS / "captured" / "taleo"
    listing = (saved / "tbe-careers-v2-results-reduced.html").read_bytes()
    listing = listing.replace(b"https://phh.tbe.taleo.net", origin.encode())
    html = {"Content-Type": "text/html; charset=utf-8"}
    robots = f"User-agent: *\nDisallow: {TBE_VIEW}\n".encode()
    server.routes["/robots.txt"] = lambda h: h.reply(200, robots, {"Content-Type": "text/plain"})
    server.routes[TBE_LIST] = lambda h: h.reply(200, listing, html)

    request = on(server, taleo.first_request("phh/phh04/NFINDY/37"))
    read = collect(get_reader("taleo"), request, fetcher, pause=paused.append)

    assert read.complete
    assert [type(f.error).__name__ for f in read.detail_failures] == ["RobotsDisallowed"] * 3
    assert TBE_VIEW not in [r.path.split("?")[0] for r in server.received]
