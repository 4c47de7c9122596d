"""The iCIMS reader: portal search cards, job-page JSON-LD, Career Sites API, paging on loopback."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from service.boards.base import ReadError
from service.boards.collect import Outcome, collect
from service.boards.errors import HTTPStatusError
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import get_reader, icims
from tests.boards.servers import Handler, LoopbackServer

DATA = Path(__file__).resolve().parents[1] / "data" / "boards"
WIPFLI = "careers-wipfli.icims.com"


def saved(path: str) -> bytes:
    return (DATA / path).read_bytes()


def test_first_request_of_a_portal_is_its_search_page():
    request = icims.first_request("Careers-Wipfli.icims.com")
    assert request.url == f"https://{WIPFLI}/jobs/search?ss=1&in_iframe=1&pr=0"
    assert request.accept.startswith("text/html")


def test_first_request_of_a_career_sites_domain_is_its_api():
    request = icims.first_request("careers.garmin.com")
    assert request.url == "https://careers.garmin.com/api/jobs?page=1&limit=100"


@pytest.mark.parametrize("token", ["", "acme", "https://x.icims.com", "a b.com"])
def test_first_request_refuses_other_tokens(token):
    with pytest.raises(ValueError, match="careers-acme"):
        icims.first_request(token)


def test_the_captured_wipfli_cards_read_exactly():
    url = icims.first_request(WIPFLI).url
    page = icims.read(saved("captured/icims/wipfli-search-cards-trimmed.html"), url=url)

    assert [(p.external_id, p.title) for p in page.postings] == [
        ("8214", "Payroll Tax Specialist"),
        ("8212", "Payroll Support Specialist"),
    ]
    assert [p.url for p in page.postings] == [
        f"https://{WIPFLI}/jobs/8214/payroll-tax-specialist/job",
        f"https://{WIPFLI}/jobs/8212/payroll-support-specialist/job",
    ]
    assert [p.location for p in page.postings] == ["US", "US"]
    assert all(p.posted_at is None and p.description_text is None for p in page.postings)
    assert page.next_request is None  # two cards, no "Page X of N"


def test_the_captured_fujifilm_rows_read_exactly():
    url = icims.first_request("uscareers-fujifilm.icims.com").url
    page = icims.read(saved("captured/icims/fujifilm-search-page-reduced.html"), url=url)

    assert [p.external_id for p in page.postings] == ["38897", "38896", "38895"]
    assert [p.title for p in page.postings] == [
        "Endoscopy Repair Technician Associate Trainer (onsite Wayne, NJ)",
        "National Security Manager",
        "Field Service Technician II",
    ]
    assert page.postings[0].url == (
        "https://uscareers-fujifilm.icims.com/jobs/38897/endoscopy-repair-technician-associate-"
        "trainer-%28onsite-wayne%2c-nj%29/job"
    )
    assert [p.posted_at for p in page.postings] == [
        "2026-09-23T19:11:00",
        "2026-09-23T17:52:00",
        "2026-09-23T16:19:00",
    ]
    assert [p.remote for p in page.postings] == [False, True, False]  # Work Arrangement
    assert {p.employment_type for p in page.postings} == {"Full-time"}
    assert all(p.location is None for p in page.postings)  # this template has no location


def test_the_captured_job_page_reads_its_json_ld():
    url = "https://careers-sig.icims.com/jobs/11169/x/job?in_iframe=1"
    page = icims.read(saved("captured/icims/icims-sig-internship.html"), url=url)

    [posting] = page.postings
    assert posting.external_id == "11169"
    assert posting.title == "Trading System Engineering Internship: Summer 2027"
    assert posting.url == (
        "https://careers-sig.icims.com/jobs/11169/trading-system-engineering-internship%3a-"
        "summer-2027/job"
    )
    assert posting.location == "Hong Kong, HK"  # "UNAVAILABLE" parts dropped
    assert posting.posted_at == "2026-07-06T00:00:00+00:00"
    assert (posting.description_text or "").startswith("Overview\n\nSusquehanna is looking")


def test_the_captured_career_sites_api_reads_exactly():
    url = icims.first_request("careers.garmin.com").url
    page = icims.read(saved("captured/icims/garmin-career-sites-api-jobs-redacted.json"), url=url)

    assert [p.external_id for p in page.postings] == ["19975", "19488", "18490"]
    assert [p.title for p in page.postings] == [
        "International Trade Compliance Intern",
        "Senior Software Engineer (Telematics)",
        "Product Manager (Dive Applications)",
    ]
    assert page.postings[0].url == "https://careers.garmin.com/jobs/19975?lang=en-us"
    assert [p.location for p in page.postings] == [
        "Olathe, Kansas",
        "Cary, North Carolina",
        "Olathe, Kansas | Cary, North Carolina",
    ]
    assert page.postings[1].posted_at == "2026-08-04T22:28:00+00:00"
    assert page.postings[1].updated_at == "2026-09-23T16:30:36+00:00"
    assert page.postings[1].department == "Engineering"
    assert page.postings[0].description_text == (
        "Description [redacted for the fixture]\n\nResponsibilities [redacted for the fixture]"
        "\n\nQualifications [redacted for the fixture]"
    )
    assert page.next_request is None  # totalCount 5 is under one page of 100


def test_a_career_sites_page_under_the_total_names_the_next_page():
    url = "https://careers.garmin.com/api/jobs?page=1&limit=3"
    page = icims.read(saved("captured/icims/garmin-career-sites-api-jobs-redacted.json"), url=url)
    assert page.next_request is not None
    assert page.next_request.url == "https://careers.garmin.com/api/jobs?page=2&limit=3"


def test_a_challenge_page_says_the_portal_would_not_show_its_jobs():
    with pytest.raises(ReadError, match="would not show its jobs"):
        icims.read(saved("icims/challenge.html"), url=icims.first_request(WIPFLI).url)


@pytest.mark.parametrize("body", [b"{}", b'{"jobs": {}}', b'{"jobs": [1]}', b"\x00\x01"])
def test_other_api_payloads_raise_read_error(body):
    with pytest.raises(ReadError):
        icims.read(body, url="https://careers.garmin.com/api/jobs?page=1&limit=100")


# --- through the safe fetcher, on loopback ------------------------------------------------


def html(body: bytes):
    return lambda handler: handler.reply(200, body, {"Content-Type": "text/html"})


def portal(server: LoopbackServer) -> None:
    """Wipfli's portal on loopback: the captured cards as page 1 of 2, a second page, a job."""
    origin = server.url("").rstrip("/").encode()

    def search(handler: Handler) -> None:
        number = parse_qs(urlsplit(handler.path).query)["pr"][0]
        body = saved("captured/icims/wipfli-search-cards-trimmed.html")
        body = body.replace(b"<ul>", b"<p>Page 1 of 2</p><ul>")
        if number != "0":
            body = saved("icims/search-pr-1.html")
        html(body.replace(f"https://{WIPFLI}".encode(), origin))(handler)

    server.routes["/jobs/search"] = search
    server.routes["/jobs/8214/payroll-tax-specialist/job"] = html(saved("icims/job-8214.html"))


def start(server: LoopbackServer):
    request = icims.first_request(WIPFLI)
    parts = urlsplit(request.url)
    return replace(request, url=server.url(f"{parts.path}?{parts.query}"))


@pytest.mark.usefixtures("connect_guard")
def test_the_portal_is_paged_and_its_job_pages_fill_in_descriptions(server: LoopbackServer):
    portal(server)

    read = collect(get_reader("icims"), start(server), Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.complete and read.pages == 2
    assert [p.external_id for p in read.postings] == ["8214", "8212", "8190"]
    assert read.postings[2].department == "Tax"
    assert read.postings[2].location == "US-WI-Milwaukee"
    tax = read.postings[0]
    assert tax.description_text == "Overview\n\nOwn payroll tax filings for our clients."
    assert (tax.employment_type, tax.posted_at) == ("FULL_TIME", "2026-09-18T05:00:00+00:00")
    assert tax.location == "US"  # the card's own value wins
    assert read.details == 3 and len(read.detail_failures) == 2
    detail = next(r for r in server.received if r.path.startswith("/jobs/8214/"))
    assert detail.path == "/jobs/8214/payroll-tax-specialist/job?in_iframe=1"


@pytest.mark.usefixtures("connect_guard")
def test_a_portal_behind_a_challenge_page_is_a_clear_error(server: LoopbackServer):
    server.routes["/jobs/search"] = html(saved("icims/challenge.html"))

    read = collect(get_reader("icims"), start(server), Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, ReadError)
    assert "would not show its jobs" in str(read.error)


@pytest.mark.usefixtures("connect_guard")
def test_a_portal_whose_waf_refuses_the_request_is_a_clear_error(server: LoopbackServer):
    server.routes["/jobs/search"] = lambda h: h.reply(405, b"", {"Content-Type": "text/plain"})

    read = collect(get_reader("icims"), start(server), Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, HTTPStatusError) and read.error.status == 405
    assert "does not let us read this page" in str(read.error)


@pytest.mark.usefixtures("connect_guard")
def test_a_career_sites_board_is_paged_by_its_total(server: LoopbackServer):
    def jobs(handler: Handler) -> None:
        number = parse_qs(urlsplit(handler.path).query)["page"][0]
        name = "captured/icims/garmin-career-sites-api-jobs-redacted.json"
        body = saved(name if number == "1" else "icims/api-jobs-page-2.json")
        handler.reply(200, body, {"Content-Type": "application/json"})

    server.routes["/api/jobs"] = jobs
    request = replace(
        icims.first_request("careers.garmin.com"), url=server.url("/api/jobs?page=1&limit=3")
    )

    read = collect(get_reader("icims"), request, Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.complete and read.pages == 2 and read.details == 0
    assert [p.external_id for p in read.postings] == ["19975", "19488", "18490", "20001", "20002"]
    assert read.postings[3].remote is True
