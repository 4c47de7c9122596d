"""The SuccessFactors reader: search pages, job microdata, RSS feeds, paging on loopback."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from service.boards.base import ReadError
from service.boards.collect import collect
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import get_reader, successfactors
from tests.boards.servers import Handler, LoopbackServer

DATA = Path(__file__).resolve().parents[1] / "data" / "boards"
SEARCH = (
    "https://careers.acme.example/search/?q=&sortColumn=referencedate&sortDirection=desc&startrow=0"
)
FEED = "https://careers.acme.example/sitemal.xml"
CARY = "https://careers.acme.example/job/Cary%2C-NC-Business-Systems-Analyst-NC/1372996357/"


def saved(path: str) -> bytes:
    return (DATA / path).read_bytes()


def captured_search() -> bytes:
    return saved("captured/successfactors/csb-search-results-reduced.html")


def test_first_request_is_the_feed_of_the_host():
    request = successfactors.first_request("Careers.Acme.example")
    assert request.url == FEED
    assert request.accept == "application/rss+xml"
    assert successfactors.first_request("careers.acme.example/sitemal.xml") == request


def test_a_search_token_asks_for_the_search_pages():
    request = successfactors.first_request("careers.acme.example/search")
    assert request.url == SEARCH
    assert request.accept.startswith("text/html")


def test_a_google_feed_token_asks_for_that_feed():
    request = successfactors.first_request("jobs.sap.com/googlefeed.xml")
    assert request.url == "https://jobs.sap.com/googlefeed.xml"


@pytest.mark.parametrize("token", ["", "acme", "jobs.sap.com/other.xml", "http://x.com", "a b.com"])
def test_first_request_refuses_other_tokens(token):
    with pytest.raises(ValueError, match="careers host"):
        successfactors.first_request(token)


def test_the_captured_search_page_reads_exactly():
    page = successfactors.read(captured_search(), url=SEARCH)

    assert [p.external_id for p in page.postings] == ["755919802", "1372996357", "1370202757"]
    assert [p.title for p in page.postings] == [
        "Medical Science Liaisons Manager",
        "Business Systems Analyst",
        "Clinical Project Manager, Global Rare Diseases",
    ]
    assert [p.url for p in page.postings] == [
        "https://careers.acme.example/job/Torun-Medical-Science-Liaisons-Manager/755919802/",
        CARY,
        "https://careers.acme.example/job/Europe%2C-remote-Clinical-Project-Manager%2C-Global-"
        "Rare-Diseases/1370202757/",
    ]
    assert [p.location for p in page.postings] == [
        "Torun, PL",
        "Cary, NC, US",
        "Europe, remote, IT",
    ]
    assert [p.posted_at for p in page.postings] == [
        "2026-09-23T00:00:00",
        "2026-09-23T00:00:00",
        "2026-09-22T00:00:00",
    ]
    assert [p.remote for p in page.postings] == [None, None, True]
    # The numeric facility column is no department; descriptions come from the job pages.
    assert all(p.department is None and p.description_text is None for p in page.postings)
    assert all(p.ats == "successfactors" for p in page.postings)
    assert page.next_request is None  # "Results 1 - 3 of 3" (an en dash on the page)


def test_a_page_short_of_the_total_names_the_next_startrow():
    body = captured_search().replace(b"of <b>3</b>", b"of <b>4</b>")
    page = successfactors.read(body, url=SEARCH)
    assert page.next_request is not None
    assert page.next_request.url == SEARCH.replace("startrow=0", "startrow=3")


def test_a_job_page_reads_its_microdata():
    page = successfactors.read(saved("successfactors/job-page.html"), url=CARY)

    [posting] = page.postings
    assert posting.external_id == "1372996357"
    assert posting.title == "Business Systems Analyst"
    assert posting.location == "Cary, NC, US"
    assert posting.posted_at == "2026-09-23T00:00:00"
    assert posting.description_text == (
        "About the role\n\nYou will own the reporting systems of our US sites.\n\n"
        "• Gather requirements\n\n• Write SQL"
    )  # the richest of the two description blocks


def test_an_rss_feed_reads_its_job_items():
    page = successfactors.read(saved("successfactors/sitemal.xml"), url=FEED)

    assert [(p.external_id, p.title) for p in page.postings] == [
        ("755919802", "Medical Science Liaisons Manager (Torun, PL)"),
        ("1370202757", "Clinical Project Manager, Global Rare Diseases"),  # "-en_GB" job path
    ]
    first, second = page.postings
    assert first.url == (
        "https://careers.acme.example/job/Torun-Medical-Science-Liaisons-Manager/755919802/"
    )
    assert (first.location, first.department) == ("Torun, PL", "Medical Affairs")
    assert first.posted_at == "2026-09-23T02:00:00+00:00"
    assert first.description_text == "Lead the MSL team in Poland."
    assert (second.location, second.remote) == ("Europe, remote, IT", True)
    assert second.posted_at is None and second.description_text is None  # feeds may lack them
    assert page.next_request is None


@pytest.mark.parametrize(
    "body", [b"<html><body><p>Welcome</p></body></html>", b"<rss><channel><item>", b"{}"]
)
def test_other_pages_raise_read_error(body):
    with pytest.raises(ReadError):
        successfactors.read(body, url=SEARCH)


# --- through the safe fetcher, on loopback ------------------------------------------------


def html(body: bytes):
    return lambda handler: handler.reply(200, body, {"Content-Type": "text/html"})


def search_route(handler: Handler) -> None:
    """The captured page (told there are 4 results) at startrow 0, the fourth row at 3."""
    startrow = parse_qs(urlsplit(handler.path).query)["startrow"][0]
    first = captured_search().replace(b"of <b>3</b>", b"of <b>4</b>")
    html(first if startrow == "0" else saved("successfactors/search-startrow-3.html"))(handler)


@pytest.mark.usefixtures("connect_guard")
def test_the_board_is_paged_and_its_job_pages_fill_in_descriptions(server: LoopbackServer):
    server.routes["/search/"] = search_route
    server.routes["/job/Cary%2C-NC-Business-Systems-Analyst-NC/1372996357/"] = html(
        saved("successfactors/job-page.html")
    )
    reader = get_reader("successfactors")
    assert reader.first_request is not None
    request = reader.first_request("careers.acme.example/search")
    request = replace(
        request, url=server.url(urlsplit(request.url).path + "?" + urlsplit(request.url).query)
    )

    read = collect(reader, request, Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.complete and read.pages == 2
    assert [p.external_id for p in read.postings] == [
        "755919802", "1372996357", "1370202757", "1380000001"
    ]  # fmt: skip
    assert read.postings[3].department == "Finance"
    assert read.details == 4
    cary = read.postings[1]
    assert cary.description_text is not None and "reporting systems" in cary.description_text
    assert cary.posted_at == "2026-09-23T00:00:00"  # the list's own value wins
    assert len(read.detail_failures) == 3  # the other job pages are not served
    searches = [r for r in server.received if r.path.startswith("/search/")]
    starts = [parse_qs(urlsplit(r.path).query).get("startrow") for r in searches]
    assert starts == [["0"], ["3"]]
    assert server.received[0].path == "/robots.txt"  # a page board: robots.txt is asked first


@pytest.mark.usefixtures("connect_guard")
def test_a_feed_is_one_request_and_only_items_without_text_get_a_job_page(
    server: LoopbackServer,
):
    origin = server.url("").rstrip("/").encode()
    feed = saved("successfactors/sitemal.xml").replace(b"https://careers.acme.example", origin)
    server.routes["/sitemal.xml"] = lambda h: h.reply(200, feed, {"Content-Type": "text/xml"})
    reader = get_reader("successfactors")

    read = collect(
        reader,
        replace(
            successfactors.first_request("careers.acme.example"), url=server.url("/sitemal.xml")
        ),
        Fetcher(FetchPolicy(allow_loopback=True)),
    )

    assert read.complete and read.pages == 1
    assert [p.external_id for p in read.postings] == ["755919802", "1370202757"]
    assert read.details == 1  # the item without a description; it is not served here
    # the job page is a page: robots.txt is asked before it
    assert [r.path.split("/")[1] for r in server.received] == ["sitemal.xml", "robots.txt", "job"]
