"""A board whose requests must carry a session from a first request, read through the fetcher."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.boards.base import (
    PageRequest,
    Paging,
    Reader,
    ReadError,
    SessionResponse,
    SessionStep,
)
from service.boards.collect import Outcome, collect
from service.boards.errors import HTTPStatusError
from service.boards.fetch import HTML_ACCEPT, Fetcher, FetchPolicy
from service.boards.readers import smartrecruiters
from tests.boards.servers import Handler, LoopbackServer, Route

pytestmark = pytest.mark.usefixtures("connect_guard")

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "smartrecruiters"
SESSION_PAGE = "/careers/jobsearch.ftl"
LIST = "/v1/companies/AcmeGmbH/postings"
COOKIE = "JSESSIONID=s3cret"


def session_request(first: PageRequest) -> PageRequest:
    """The careers page on the board's host, which hands out the session cookie."""
    origin = first.url.split("/v1/", 1)[0]
    return PageRequest(f"{origin}{SESSION_PAGE}", accept=HTML_ACCEPT)


def carry_cookie(response: SessionResponse) -> dict[str, str]:
    """The session cookie as the header the board's requests carry."""
    session = response.cookies.get("JSESSIONID")
    if not session:
        raise ReadError("sessioned: the careers page gave no session; the board refused us")
    return {"Cookie": f"JSESSIONID={session}"}


# SmartRecruiters' own reader (paged, with detail requests), behind a session as Taleo's is.
SESSIONED = Reader(
    "smartrecruiters",
    smartrecruiters.read,
    smartrecruiters.first_request,
    Paging.NEXT_REQUEST,
    smartrecruiters.detail_request,
    SessionStep(session_request, carry_cookie),
)


def with_session(answer: Route) -> Route:
    """``answer`` for requests carrying the session cookie, 401 for any other."""

    def route(handler: Handler) -> None:
        if handler.headers.get("Cookie") != COOKIE:
            handler.reply(401, b"no session", {"Content-Type": "text/plain"})
        else:
            answer(handler)

    return route


def saved(name: str) -> Route:
    body = (DATA / name).read_bytes()
    return lambda handler: handler.reply(200, body, {"Content-Type": "application/json"})


def list_pages(handler: Handler) -> None:
    second = "offset=2" in handler.path
    saved(f"acme-postings-offset-{2 if second else 0}.json")(handler)


def give_cookie(handler: Handler) -> None:
    headers = {"Content-Type": "text/html", "Set-Cookie": f"{COOKIE}; Path=/; HttpOnly"}
    handler.reply(200, b"<html><body>Jobs</body></html>", headers)


@pytest.fixture
def board(server: LoopbackServer) -> LoopbackServer:
    """The two-page saved board and its saved detail, answering only within a session."""
    server.routes[SESSION_PAGE] = give_cookie
    server.routes[LIST] = with_session(list_pages)
    server.routes[f"{LIST}/744000200000001"] = with_session(saved("acme-posting-detail.json"))
    return server


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(FetchPolicy(allow_loopback=True))


def first_request(server: LoopbackServer) -> PageRequest:
    return PageRequest(server.url(f"{LIST}?limit=2&offset=0"))


def test_a_board_needing_a_session_is_read_end_to_end(
    board: LoopbackServer, fetcher: Fetcher
) -> None:
    read = collect(SESSIONED, first_request(board), fetcher)

    assert read.complete, read.error
    assert [p.external_id for p in read.postings] == [
        "744000200000001",
        "744000200000002",
        "744000200000003",
    ]
    assert read.postings[0].description_text is not None  # the detail carried the session too
    assert read.pages == 2 and read.details == 3
    sent = [(r.path, r.headers.get("cookie")) for r in board.received]
    assert sent[:2] == [("/robots.txt", None), (SESSION_PAGE, None)]
    assert all(cookie == COOKIE for _, cookie in sent[2:])
    assert len(sent) == 2 + 2 + 3  # robots and session, two pages, three details


def test_a_refused_session_fails_the_read_with_the_boards_answer(
    board: LoopbackServer, fetcher: Fetcher
) -> None:
    board.routes[SESSION_PAGE] = lambda h: h.reply(403, b"bot wall", {"Content-Type": "text/html"})

    read = collect(SESSIONED, first_request(board), fetcher)

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, HTTPStatusError) and read.error.status == 403
    assert "does not let us read" in str(read.error)
    assert read.pages == 0
    assert LIST not in [r.path.split("?")[0] for r in board.received]


def test_a_session_page_without_a_session_fails_the_read_clearly(
    board: LoopbackServer, fetcher: Fetcher
) -> None:
    page = b"<p>Jobs</p>"
    board.routes[SESSION_PAGE] = lambda h: h.reply(200, page, {"Content-Type": "text/html"})

    read = collect(SESSIONED, first_request(board), fetcher)

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, ReadError)
    assert "gave no session" in str(read.error)


@pytest.fixture
def elsewhere() -> Iterator[LoopbackServer]:
    """A second loopback server: another origin (another port)."""
    other = LoopbackServer().start()
    try:
        yield other
    finally:
        other.stop()


def test_a_sessions_headers_go_to_its_origin_only(
    server: LoopbackServer, elsewhere: LoopbackServer, fetcher: Fetcher
) -> None:
    away = elsewhere.url("/jobs")
    server.routes["/jobs"] = lambda h: h.reply(302, headers={"Location": away})
    elsewhere.routes["/jobs"] = lambda h: h.reply(200, b"[]", {"Content-Type": "application/json"})
    carried = (("Cookie", COOKIE), ("user-agent", "NotUs/1.0"))

    fetcher.fetch(PageRequest(server.url("/jobs"), headers=carried))

    [here] = server.received
    [there] = elsewhere.received
    assert here.headers["cookie"] == COOKIE
    assert here.headers["user-agent"].startswith("NextRound/")  # never replaced by a carried one
    assert "cookie" not in there.headers
