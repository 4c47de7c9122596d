"""Dayforce reader: the career site's jobposting/search JSON, read in its CSRF session."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from service.boards.base import ReadError, SessionResponse
from service.boards.collect import Outcome, collect
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import dayforce, get_reader
from tests.boards.servers import Handler, LoopbackServer

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured" / "dayforce"
SAMPLE = "aifire-jobposting-search-trimmed.json"
SEARCH = "https://jobs.dayforcehcm.com/api/geo/aifire/jobposting/search"
SITE = "https://jobs.dayforcehcm.com/en-US/aifire/CANDIDATEPORTAL"
COOKIE = "__Host-next-auth.csrf-token=tok123%7Cabc"


def saved() -> bytes:
    return (CAPTURED / SAMPLE).read_bytes()


def test_first_request_posts_the_search_of_the_site() -> None:
    request = dayforce.first_request("AIFIRE/CANDIDATEPORTAL")

    assert request.url == f"{SEARCH}#site=CANDIDATEPORTAL&culture=en-US&start=0"
    assert request.method == "POST"
    assert request.json_body == {
        "clientNamespace": "aifire",
        "jobBoardCode": "CANDIDATEPORTAL",
        "cultureCode": "en-US",
        "distanceUnit": 0,
        "paginationStart": 0,
    }
    french = dayforce.first_request("fr-CA/acme/carrieres")
    assert french.json_body is not None and french.json_body["cultureCode"] == "fr-CA"


@pytest.mark.parametrize("token", ["", "aifire", "a/b/c/d", "aifire/has space", "x y/aifire/s"])
def test_first_request_refuses_other_tokens(token: str) -> None:
    with pytest.raises(ValueError, match="a token like 'acme/candidateportal'"):
        dayforce.first_request(token)


def test_the_captured_aifire_search_reads_exactly() -> None:
    page = dayforce.read(saved(), url=dayforce.first_request("aifire/CANDIDATEPORTAL").url)

    assert [p.external_id for p in page.postings] == ["44800", "44791", "44786"]
    assert [p.title for p in page.postings] == [
        "Safety Specialist",
        "Fire Sprinkler Technician",
        "Fire Sprinkler Assistant Project Manager",
    ]
    assert [p.url for p in page.postings] == [
        f"{SITE}/jobs/44800",
        f"{SITE}/jobs/44791",
        f"{SITE}/jobs/44786",
    ]
    assert page.postings[0].location == (
        "Salt Lake City, UT, USA | Albuquerque, NM, USA | Phoenix, AZ, USA"
    )
    assert page.postings[2].location == "Massachusetts, USA | Southborough, MA, USA"
    assert page.postings[1].location is not None
    assert page.postings[1].location.count(" | ") == 6
    assert [p.remote for p in page.postings] == [False, False, False]
    assert {p.posted_at for p in page.postings} == {"2026-10-05T04:00:00+00:00"}
    safety = page.postings[0]
    assert safety.description_text is not None
    assert safety.description_text.startswith(
        "Safety Specialist\nAbout the Role\nWe are seeking a proactive and motivated Safety "
        "Specialist to join our Environmental Health & Safety (EHS) team."
    )
    assert page.next_request is not None  # maxCount 189
    assert page.next_request.url == f"{SEARCH}#site=CANDIDATEPORTAL&culture=en-US&start=3"
    assert page.next_request.json_body is not None
    assert page.next_request.json_body["paginationStart"] == 3


def test_the_last_page_names_no_next() -> None:
    data = json.loads(saved())
    data["maxCount"] = 28

    page = dayforce.read(json.dumps(data).encode(), url=f"{SEARCH}#site=s&culture=en-US&start=25")

    assert page.next_request is None


@pytest.mark.parametrize(
    "body", [b"[]", b'{"jobPostings": null}', b'{"jobPostings": ["x"]}', b"Forbidden"]
)
def test_other_payloads_raise_read_error(body: bytes) -> None:
    with pytest.raises(ReadError):
        dayforce.read(body, url=SEARCH)


def test_the_session_is_the_csrf_token_and_its_cookie() -> None:
    first = dayforce.first_request("aifire/CANDIDATEPORTAL")
    assert dayforce.session_request(first).url == "https://jobs.dayforcehcm.com/api/auth/csrf"
    given = SessionResponse(
        "https://jobs.dayforcehcm.com/api/auth/csrf",
        b'{"csrfToken": "tok123"}',
        {"__Host-next-auth.csrf-token": "tok123%7Cabc"},
    )

    assert dayforce.carry_session(given) == {"Cookie": COOKIE, "X-CSRF-TOKEN": "tok123"}
    with pytest.raises(ReadError, match="gave no CSRF token"):
        dayforce.carry_session(replace(given, body=b"<html>Just a moment</html>"))
    with pytest.raises(ReadError, match="gave no CSRF token"):
        dayforce.carry_session(replace(given, cookies={}))


# --- through the safe fetcher, on loopback ------------------------------------------------

PATH = "/api/geo/aifire/jobposting/search"


def csrf(handler: Handler) -> None:
    headers = {
        "Content-Type": "application/json",
        "Set-Cookie": f"{COOKIE}; Path=/; HttpOnly; SameSite=Lax",
    }
    handler.reply(200, b'{"csrfToken": "tok123"}', headers)


def start(server: LoopbackServer):
    request = dayforce.first_request("aifire/CANDIDATEPORTAL")
    return replace(request, url=server.url(PATH) + "#" + request.url.split("#")[1])


@pytest.mark.usefixtures("connect_guard")
def test_a_site_is_read_end_to_end_in_its_csrf_session(server: LoopbackServer) -> None:
    first = json.loads(saved())
    first["maxCount"] = 4
    second = {"jobPostings": [dict(first["jobPostings"][0], jobPostingId=44700)], "maxCount": 4}

    def search(handler: Handler) -> None:
        asked = server.received[-1]
        if asked.headers.get("x-csrf-token") != "tok123" or COOKIE not in asked.headers.get(
            "cookie", ""
        ):
            handler.reply(403, b"Forbidden", {"Content-Type": "text/plain"})
            return
        body = first if json.loads(asked.body)["paginationStart"] == 0 else second
        handler.reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

    server.routes["/api/auth/csrf"] = csrf
    server.routes[PATH] = search

    read = collect(get_reader("dayforce"), start(server), Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.complete and read.pages == 2
    assert [p.external_id for p in read.postings] == ["44800", "44791", "44786", "44700"]
    assert [r.path for r in server.received] == ["/api/auth/csrf", PATH, PATH]
    assert [json.loads(r.body)["paginationStart"] for r in server.received[1:]] == [0, 3]


@pytest.mark.usefixtures("connect_guard")
def test_a_refused_session_is_a_clear_error(server: LoopbackServer) -> None:
    server.routes["/api/auth/csrf"] = lambda h: h.reply(
        403, b"Forbidden", {"Content-Type": "text/plain"}
    )
    server.routes[PATH] = lambda h: h.reply(403, b"Forbidden", {"Content-Type": "text/plain"})

    read = collect(get_reader("dayforce"), start(server), Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.outcome is Outcome.FAILED
    assert read.error is not None
    assert [r.path for r in server.received] == ["/api/auth/csrf"]  # no search without a session


@pytest.mark.usefixtures("connect_guard")
def test_a_session_without_a_token_is_a_clear_error(server: LoopbackServer) -> None:
    server.routes["/api/auth/csrf"] = lambda h: h.reply(
        200, b"<html>Just a moment...</html>", {"Content-Type": "text/html"}
    )

    read = collect(get_reader("dayforce"), start(server), Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, ReadError) and "gave no CSRF token" in str(read.error)
