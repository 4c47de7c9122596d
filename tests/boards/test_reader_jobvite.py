"""The Jobvite reader: a tenant's search pages (two markup variants) and its job pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.collect import Outcome, collect
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import get_reader, jobvite
from tests.boards.servers import Handler, LoopbackServer

DATA = Path(__file__).resolve().parents[1] / "data" / "boards"
NEO = "https://jobs.jobvite.com/neogenomics/search?p=0"


def saved(path: str) -> bytes:
    return (DATA / path).read_bytes()


def test_first_request_is_the_first_search_page():
    request = jobvite.first_request(" neogenomics/ ")
    assert request.url == NEO
    assert request.accept.startswith("text/html")


@pytest.mark.parametrize("token", ["", "a/b", "acme jobs", "-acme"])
def test_first_request_refuses_other_tokens(token):
    with pytest.raises(ValueError, match="tenant"):
        jobvite.first_request(token)


def test_the_captured_list_layout_reads_exactly():
    page = jobvite.read(saved("captured/jobvite/neogenomics-search-reduced.html"), url=NEO)

    assert page.next_request is None  # not a full page
    assert [p.external_id for p in page.postings] == ["oiiRyfwJ", "oaIyAfwK", "oWcLAfwd"]
    assert [p.title for p in page.postings] == [
        "Accessioning Technician I (Temp), Evenings",
        "Accessioning Technician I (Temp), Overnights",
        "Accessioning Technician I (Temp), Part-time Mornings",
    ]
    assert [p.url for p in page.postings] == [
        "https://jobs.jobvite.com/neogenomics/job/oiiRyfwJ",
        "https://jobs.jobvite.com/neogenomics/job/oaIyAfwK",
        "https://jobs.jobvite.com/neogenomics/job/oWcLAfwd",
    ]
    assert [p.location for p in page.postings] == [
        "Ft Myers, Florida", "Aliso Viejo, California", "Aliso Viejo, California"
    ]  # fmt: skip
    assert {(p.remote, p.posted_at, p.description_text) for p in page.postings} == {
        (None, None, None)
    }


def test_the_captured_table_layout_reads_exactly():
    url = "https://jobs.jobvite.com/feedingamerica/search?p=0"
    page = jobvite.read(saved("captured/jobvite/feedingamerica-search-trimmed.html"), url=url)

    assert [p.external_id for p in page.postings] == ["octxAfww", "ohAzAfwK"]
    assert [p.title for p in page.postings] == [
        "Manager, Development (Chicago/Hybrid)",
        "Manager, Technology Vendor Management (Chicago/Hybrid)",
    ]
    assert [p.url for p in page.postings] == [
        "https://jobs.jobvite.com/feedingamerica/job/octxAfww",
        "https://jobs.jobvite.com/feedingamerica/job/ohAzAfwK",
    ]
    assert {p.location for p in page.postings} == {"Chicago, Illinois"}


def full_page(start: int, count: int) -> bytes:
    rows = "".join(
        f'<li class="job"><a class="jv-job-list-name" href="/acme/job/j{n}">Job {n}</a>'
        f'<p class="jv-job-list-location">City {n}</p></li>'
        for n in range(start, start + count)
    )
    return f"<html><body><ul class='jv-job-list'>{rows}</ul></body></html>".encode()


def test_a_full_page_names_the_next_one():
    page = jobvite.read(full_page(0, 50), url="https://jobs.jobvite.com/acme/search?p=0")
    assert page.next_request is not None
    assert page.next_request.url == "https://jobs.jobvite.com/acme/search?p=1"


def test_an_empty_jobvite_list_is_an_empty_board():
    body = (
        b"<html><body><ul class='jv-job-list'></ul><p class='jv-no-results'>None</p></body></html>"
    )
    assert jobvite.read(body, url=NEO).postings == []


@pytest.mark.parametrize(
    "body", [b"", b"<html><body><h1>Checking your browser</h1></body></html>", b"\x00\x01bin"]
)
def test_a_page_without_a_jobvite_list_raises_read_error(body):
    with pytest.raises(ReadError):
        jobvite.read(body, url=NEO)


def test_a_job_page_reads_its_json_ld():
    url = "https://jobs.jobvite.com/neogenomics/job/oiiRyfwJ"

    [posting] = jobvite.read(saved("jobvite/job-page-oiiRyfwJ.html"), url=url).postings

    assert (posting.external_id, posting.url, posting.ats) == ("oiiRyfwJ", url, "jobvite")
    assert (posting.posted_at, posting.employment_type) == ("2026-10-02T00:00:00", "TEMPORARY")
    assert posting.description_text == "Receive and log specimens.\n\n• Evening shift"


def reply_html(handler: Handler, body: bytes) -> None:
    handler.reply(200, body, {"Content-Type": "text/html; charset=utf-8"})


def search_route(handler: Handler) -> None:
    """50 jobs on page 0, then the captured neogenomics rows on page 1."""
    if handler.path.endswith("p=0"):
        reply_html(handler, full_page(0, 50).replace(b"/acme/", b"/neogenomics/"))
    else:
        reply_html(handler, saved("captured/jobvite/neogenomics-search-reduced.html"))


@pytest.mark.usefixtures("connect_guard")
def test_the_search_is_paged_and_each_job_detailed(server: LoopbackServer):
    server.routes["/neogenomics/search"] = search_route
    server.routes["/neogenomics/job/oiiRyfwJ"] = lambda h: reply_html(
        h, saved("jobvite/job-page-oiiRyfwJ.html")
    )
    request = jobvite.first_request("neogenomics")
    request = type(request)(url=server.url("/neogenomics/search?p=0"), accept=request.accept)

    fetcher = Fetcher(FetchPolicy(allow_loopback=True))
    read = collect(get_reader("jobvite"), request, fetcher, max_details=60)

    assert read.complete and read.pages == 2
    assert read.details == 53 and len(read.detail_failures) == 52
    assert len(read.postings) == 53 and read.postings[50].external_id == "oiiRyfwJ"
    detailed = read.postings[50]
    assert detailed.location == "Ft Myers, Florida"  # the list's value stays
    assert detailed.description_text == "Receive and log specimens.\n\n• Evening shift"
    searches = [r.path for r in server.received if "/search" in r.path]
    assert searches == ["/neogenomics/search?p=0", "/neogenomics/search?p=1"]


@pytest.mark.usefixtures("connect_guard")
def test_a_bot_wall_is_a_clear_error(server: LoopbackServer):
    server.routes["/acme/search"] = lambda h: reply_html(h, b"<html><h1>Access denied</h1></html>")

    read = collect(
        get_reader("jobvite"),
        type(jobvite.first_request("acme"))(
            url=server.url("/acme/search?p=0"), accept=jobvite.first_request("acme").accept
        ),
        Fetcher(FetchPolicy(allow_loopback=True)),
    )

    assert read.outcome is Outcome.FAILED and not read.postings
    assert "no Jobvite job list" in str(read.error)
