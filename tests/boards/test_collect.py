"""Collecting a whole board through the safe fetcher, from saved responses served on loopback."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from service.boards.base import Page, PageRequest, Reader, ReadError
from service.boards.collect import (
    BoardRead,
    Outcome,
    PageLimitReached,
    collect,
    collect_board,
)
from service.boards.detect import Board
from service.boards.errors import HTTPStatusError
from service.boards.fetch import Fetcher, FetchPolicy, Validators
from service.boards.readers import get_reader
from tests.boards.servers import Handler, LoopbackServer, Route

pytestmark = pytest.mark.usefixtures("connect_guard")

DATA = Path(__file__).resolve().parents[1] / "data" / "boards"
SR_LIST = "/v1/companies/AcmeGmbH/postings"
WD_JOBS = "/wday/cxs/acme/External/jobs"
ETAG = '"board-v1"'


def saved(path: str) -> bytes:
    return (DATA / path).read_bytes()


def json_reply(body: bytes, headers: dict[str, str] | None = None) -> Route:
    """A route answering ``body`` as JSON (304 when the client sends the ETag it was given)."""

    def route(handler: Handler) -> None:
        sent = dict(headers or {})
        if "ETag" in sent and handler.headers.get("If-None-Match") == sent["ETag"]:
            handler.reply(304, headers=sent)
            return
        handler.reply(200, body, {"Content-Type": "application/json", **sent})

    return route


def status(code: int) -> Route:
    return lambda handler: handler.reply(code, b"failing", {"Content-Type": "text/plain"})


def by_offset(pages: dict[str, Route]) -> Route:
    """A route choosing its answer by the ``offset`` in the query string."""

    def route(handler: Handler) -> None:
        offset = parse_qs(urlsplit(handler.path).query).get("offset", ["0"])[0]
        pages[offset](handler)

    return route


def smartrecruiters_board(server: LoopbackServer, second: Route | None = None) -> PageRequest:
    """SmartRecruiters' saved two-page list (offsets 0 and 2) and its one saved detail."""
    pages = {
        "0": json_reply(saved("smartrecruiters/acme-postings-offset-0.json")),
        "2": second or json_reply(saved("smartrecruiters/acme-postings-offset-2.json")),
    }
    server.routes[SR_LIST] = by_offset(pages)
    server.routes[f"{SR_LIST}/744000200000001"] = json_reply(
        saved("smartrecruiters/acme-posting-detail.json")
    )
    return PageRequest(server.url(f"{SR_LIST}?limit=2&offset=0"))


def workday_second_page() -> bytes:
    """Offset 20 of the saved 23-job Workday board: the three jobs after the first page."""
    jobs = [
        {"title": title, "externalPath": f"/job/Austin/{title.replace(' ', '-')}_JR1002{n}"}
        for n, title in enumerate(("Recruiter", "Designer", "Controller"))
    ]
    return json.dumps({"total": 23, "jobPostings": jobs}).encode()


def workday_route(handler: Handler) -> None:
    """Workday's POST search: the saved page at offset 0, the rest at offset 20."""
    offset = json.loads(handler.server.owner.received[-1].body)["offset"]
    body = saved("workday/acme-jobs-page0.json") if offset == 0 else workday_second_page()
    handler.reply(200, body, {"Content-Type": "application/json"})


def workday_board(server: LoopbackServer) -> PageRequest:
    server.routes[WD_JOBS] = workday_route
    server.routes["/wday/cxs/acme/External/job/Toronto/Machine-Learning-Engineer_JR100111"] = (
        json_reply(saved("workday/acme-job-detail.json"))
    )
    first = get_reader("workday").first_request
    assert first is not None
    return replace(first("acme/wd3/External"), url=server.url(WD_JOBS))


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(FetchPolicy(allow_loopback=True))


def ids(read: BoardRead) -> list[str]:
    return [p.external_id for p in read.postings]


# --- complete reads -----------------------------------------------------------------------


def test_a_one_page_board_is_read_complete(server: LoopbackServer, fetcher: Fetcher) -> None:
    body = saved("greenhouse/acme-jobs-content.json")
    server.routes["/v1/boards/acme/jobs"] = json_reply(body, {"ETag": ETAG})
    reader = get_reader("greenhouse")
    url = server.url("/v1/boards/acme/jobs?content=true")

    read = collect(reader, PageRequest(url), fetcher)

    assert read.outcome is Outcome.COMPLETE and read.complete
    assert read.postings == reader.read(body, url=url).postings
    assert read.pages == 1 and read.error is None
    assert read.validators.etag == ETAG
    assert read.validators.content_hash == hashlib.sha256(body).hexdigest()


def test_a_board_paged_by_offset_is_read_to_its_last_page(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    request = smartrecruiters_board(server)

    read = collect(get_reader("smartrecruiters"), request, fetcher, max_details=0)

    assert read.complete
    assert ids(read) == ["744000200000001", "744000200000002", "744000200000003"]
    assert read.pages == 2
    assert server.paths() == [f"{SR_LIST}?limit=2&offset=0", f"{SR_LIST}?limit=2&offset=2"]


def test_a_board_paged_by_post_body_is_read_to_its_last_page(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    read = collect(get_reader("workday"), workday_board(server), fetcher, max_details=0)

    assert read.complete and read.pages == 2
    assert len(read.postings) == 21  # 18 read from the saved page, 3 after it
    assert read.postings[-1].external_id == "JR10022"
    searches = [(r.method, json.loads(r.body)["offset"]) for r in server.received]
    assert searches == [("POST", 0), ("POST", 20)]


def test_a_page_board_is_fetched_as_html_and_read_at_its_final_url(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    page = saved("jsonld/careers-graph.html")
    server.routes["/careers"] = lambda h: h.reply(200, page, {"Content-Type": "text/html"})
    url = server.url("/careers")

    read = collect_board(Board("jsonld", url, url), fetcher)

    assert read.complete
    assert read.postings == get_reader("jsonld").read(page, url=url).postings
    assert read.postings and all(p.ats == "jsonld" for p in read.postings)
    assert server.paths() == ["/robots.txt", "/careers"]


# --- detail requests ----------------------------------------------------------------------


def test_detail_requests_fill_in_what_the_list_lacks(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    request = smartrecruiters_board(server)

    read = collect(get_reader("smartrecruiters"), request, fetcher)

    assert read.complete and read.details == 3
    student = read.postings[0]
    assert student.description_text is not None
    assert "Acme builds pipelines." in student.description_text
    assert student.url == "https://jobs.smartrecruiters.com/AcmeGmbH/744000200000001"  # the list's
    # The other two have no detail on the server: they keep what the list said, and say why.
    assert [f.external_id for f in read.detail_failures] == ["744000200000002", "744000200000003"]
    assert all(isinstance(f.error, HTTPStatusError) for f in read.detail_failures)
    assert read.postings[1].description_text is None


def test_only_the_postings_that_want_a_detail_get_one_and_at_most_max_details(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    reader = get_reader("workday")

    read = collect(
        reader,
        workday_board(server),
        fetcher,
        max_details=1,
        wants_detail=lambda p: p.external_id in {"JR100111", "JR10022"},
    )

    assert read.complete and read.details == 1 and read.details_skipped == 1
    assert read.detail_failures == ()
    learning = next(p for p in read.postings if p.external_id == "JR100111")
    assert learning.description_text is not None and "Train & ship models." in (
        learning.description_text
    )
    assert learning.posted_at == "2026-03-01T00:00:00"
    assert learning.location == "Toronto"  # the list's location wins over the detail's
    details = [r.path for r in server.received if r.method == "GET"]
    assert details == ["/wday/cxs/acme/External/job/Toronto/Machine-Learning-Engineer_JR100111"]


# --- unchanged boards ---------------------------------------------------------------------


def test_an_unchanged_board_answers_304_and_is_not_read(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    body = saved("greenhouse/acme-jobs-content.json")
    server.routes["/v1/boards/acme/jobs"] = json_reply(body, {"ETag": ETAG})
    request = PageRequest(server.url("/v1/boards/acme/jobs"))
    reader = get_reader("greenhouse")
    first = collect(reader, request, fetcher)

    again = collect(reader, request, fetcher, validators=first.validators)

    assert again.outcome is Outcome.UNCHANGED and not again.complete
    assert again.postings == [] and again.pages == 1
    assert server.received[-1].headers["if-none-match"] == ETAG
    assert again.validators == first.validators


def test_the_same_bytes_without_validators_are_unchanged_by_their_hash(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    server.routes["/v1/boards/acme/jobs"] = json_reply(saved("greenhouse/acme-jobs-content.json"))
    request = PageRequest(server.url("/v1/boards/acme/jobs"))
    first = collect(get_reader("greenhouse"), request, fetcher)

    again = collect(get_reader("greenhouse"), request, fetcher, validators=first.validators)

    assert first.validators.etag is None
    assert again.outcome is Outcome.UNCHANGED


def test_a_paged_board_is_unchanged_only_when_every_page_is(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    reader = get_reader("smartrecruiters")
    request = smartrecruiters_board(server)
    first = collect(reader, request, fetcher, max_details=0)

    again = collect(reader, request, fetcher, validators=first.validators, max_details=0)
    changed_second = saved("smartrecruiters/acme-postings-offset-2.json").replace(
        b"Field Engineer", b"Field Engineer II"
    )
    smartrecruiters_board(server, second=json_reply(changed_second))
    changed = collect(reader, request, fetcher, validators=first.validators, max_details=0)

    assert again.outcome is Outcome.UNCHANGED and again.pages == 2
    assert changed.complete
    assert changed.postings[-1].title == "Field Engineer II"
    assert changed.validators != first.validators
    assert all("if-none-match" not in r.headers for r in server.received)


# --- partial and failed reads -------------------------------------------------------------


def test_a_failed_second_page_makes_the_read_partial(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    request = smartrecruiters_board(server, second=status(500))
    before = Validators(content_hash="earlier")

    read = collect(get_reader("smartrecruiters"), request, fetcher, validators=before)

    assert read.outcome is Outcome.PARTIAL and not read.complete
    assert isinstance(read.error, HTTPStatusError) and read.error.status == 500
    assert "500" in str(read.error)
    assert read.stopped_at is not None and read.stopped_at.url.endswith("offset=2")
    assert ids(read) == ["744000200000001", "744000200000002"]
    assert read.pages == 2 and read.details == 0  # no detail requests for a partial read
    assert read.validators == before  # so the next read fetches the board in full


def test_a_second_page_the_reader_cannot_read_makes_the_read_partial(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    request = smartrecruiters_board(server, second=json_reply(b'{"content": '))

    read = collect(get_reader("smartrecruiters"), request, fetcher)

    assert read.outcome is Outcome.PARTIAL
    assert isinstance(read.error, ReadError)
    assert str(read.error).startswith("smartrecruiters:")


def test_a_first_page_the_reader_cannot_read_fails_the_read(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    server.routes["/v1/boards/acme/jobs"] = json_reply(saved("workday/acme-jobs-page0.json"))

    read = collect(
        get_reader("greenhouse"), PageRequest(server.url("/v1/boards/acme/jobs")), fetcher
    )

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, ReadError)
    assert read.postings == [] and read.pages == 1


def test_a_board_that_is_gone_fails_the_read(server: LoopbackServer, fetcher: Fetcher) -> None:
    read = collect(
        get_reader("greenhouse"), PageRequest(server.url("/v1/boards/gone/jobs")), fetcher
    )

    assert read.outcome is Outcome.FAILED and read.pages == 1
    assert isinstance(read.error, HTTPStatusError) and read.error.status == 404


def test_the_page_limit_makes_the_read_partial(server: LoopbackServer, fetcher: Fetcher) -> None:
    request = smartrecruiters_board(server)

    read = collect(get_reader("smartrecruiters"), request, fetcher, max_pages=1)

    assert read.outcome is Outcome.PARTIAL
    assert isinstance(read.error, PageLimitReached)
    assert "the board has more" in str(read.error)
    assert read.stopped_at is not None and read.stopped_at.url.endswith("offset=2")
    assert len(server.received) == 1 and len(read.postings) == 2


def test_a_page_repeating_itself_ends_the_paging_complete(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    page0 = saved("smartrecruiters/acme-postings-offset-0.json")
    request = smartrecruiters_board(server, second=json_reply(page0))

    read = collect(get_reader("smartrecruiters"), request, fetcher, max_details=0)

    assert read.complete and read.pages == 2 and len(read.postings) == 2


def test_a_reader_failing_with_anything_but_read_error_is_a_bug_and_propagates(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    def crash(body: bytes, *, url: str) -> Page:
        raise KeyError("jobs")

    server.routes["/jobs"] = json_reply(b"[]")
    broken = Reader("broken", crash, lambda token: PageRequest(token))

    with pytest.raises(KeyError):  # so the poll job fails and RQ retries it
        collect(broken, PageRequest(server.url("/jobs")), fetcher)
