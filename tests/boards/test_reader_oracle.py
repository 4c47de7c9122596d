"""The Oracle Recruiting Cloud reader: requisition lists, details, paging by the inner total."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from service.boards.base import Posting, ReadError
from service.boards.collect import Outcome, collect
from service.boards.errors import HTTPStatusError
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import get_reader, oracle
from tests.boards.servers import Handler, LoopbackServer

DATA = Path(__file__).resolve().parents[1] / "data" / "boards"
UL = "fa-eups-saasfaprod1.fa.ocs.oraclecloud.com"
UL_LIST = oracle.first_request(f"{UL}/ULSolutionsCareers").url
LIST_PATH = "/hcmRestApi/resources/latest/recruitingCEJobRequisitions"
DETAIL_PATH = "/hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails"


def saved(path: str) -> bytes:
    return (DATA / path).read_bytes()


def test_first_request_asks_for_the_expanded_list_of_the_site():
    request = oracle.first_request("EJOV.fa.ca2.oraclecloud.com/CX")
    assert request.url == (
        "https://ejov.fa.ca2.oraclecloud.com/hcmRestApi/resources/latest/"
        "recruitingCEJobRequisitions?onlyData=true&expand=requisitionList.secondaryLocations"
        "&finder=findReqs;siteNumber=CX,limit=100,offset=0,sortBy=POSTING_DATES_DESC"
    )


@pytest.mark.parametrize(
    "token", ["", "ejov.fa.ca2.oraclecloud.com", "/CX", "a.com/C X", "a.com/CX/1"]
)
def test_first_request_refuses_other_tokens(token):
    with pytest.raises(ValueError, match=r"oraclecloud\.com/CX_1"):
        oracle.first_request(token)


def test_the_captured_ul_solutions_list_reads_exactly():
    page = oracle.read(
        saved("captured/oracle/ulsolutions-ce-requisitions-reduced.json"), url=UL_LIST
    )

    assert [p.external_id for p in page.postings] == ["10139", "10947", "11068", "11129"]
    assert [p.title for p in page.postings] == [
        "Engineer - Electrical Distribution",
        "Senior Project Engineer - Heat Pumps",
        "Engineer - Wiring Devices",
        "Project Engineer - Electrical Distribution",
    ]
    assert page.postings[0].url == (
        f"https://{UL}/hcmUI/CandidateExperience/en/sites/ULSolutionsCareers/job/10139"
    )
    assert [p.location for p in page.postings] == [
        "Raleigh, NC, United States",
        "Spain | Italy",
        "Northbrook, IL, United States | Raleigh, NC, United States | Melville, NY, United States",
        "Raleigh, NC, United States",
    ]
    assert {p.posted_at for p in page.postings} == {"2026-10-05T00:00:00"}
    # The list's teaser is left to the detail request, which has the whole text.
    assert all(p.description_text is None and p.remote is None for p in page.postings)
    assert page.next_request is None  # TotalJobsCount 4, not the wrapper's count


def test_the_captured_ejov_list_without_a_total_reads_exactly():
    url = oracle.first_request("ejov.fa.ca2.oraclecloud.com/CX").url
    page = oracle.read(saved("captured/oracle/ejov-ce-requisitions-trimmed.json"), url=url)

    assert [(p.external_id, p.title) for p in page.postings] == [
        ("25587", "Bridge Inspector"),
        ("26876", "Technology and Communications Sector Leader"),
    ]
    assert page.postings[1].location == (
        "SAN FRANCISCO, CA, United States | HOUSTON, TX, United States | "
        "ATLANTA, GA, United States | MIAMI, FL, United States | IRVINE, CA, United States"
    )
    assert page.postings[0].posted_at == "2026-08-07T00:00:00"
    assert page.postings[0].url == (
        "https://ejov.fa.ca2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX/job/25587"
    )
    assert page.next_request is None  # a short page and no total


def test_the_captured_detail_reads_its_description():
    listed = Posting("26011990", "x", "https://x", "oracle")
    list_url = oracle.first_request("egug.fa.us2.oraclecloud.com/CX_1").url
    request = oracle.detail_request(listed, list_url)
    assert request is not None
    assert unquote(request.url) == (
        "https://egug.fa.us2.oraclecloud.com/hcmRestApi/resources/latest/"
        'recruitingCEJobRequisitionDetails?expand=all&onlyData=true&finder=ById;Id="26011990",'
        "siteNumber=CX_1"
    )

    page = oracle.read(saved("captured/oracle/amex-ce-requisition-detail.json"), url=request.url)

    [posting] = page.postings
    assert posting.external_id == "26011990"
    assert posting.title.startswith("Campus Undergraduate Summer Internship Program - 2027")
    assert posting.location == "Phoenix, AZ, United States"
    assert posting.url.endswith("/hcmUI/CandidateExperience/en/sites/CX_1/job/26011990")
    text = posting.description_text or ""
    assert text.startswith("Business Unit/Role Specific Info\n\nCredit and Fraud Risk (CFR)")
    assert "How will you make an impact in this role?" in text  # responsibilities
    assert "Minimum Qualifications" in text  # qualifications
    assert "175-year history" not in text  # the corporate boilerplate is left out


def test_a_full_page_under_the_total_names_the_next_offset():
    body = saved("captured/oracle/ulsolutions-ce-requisitions-reduced.json")
    body = body.replace(b'"TotalJobsCount": 4', b'"TotalJobsCount": 450')
    page = oracle.read(body, url=UL_LIST)
    assert page.next_request is not None
    assert page.next_request.url == UL_LIST.replace("offset=0", "offset=100")


@pytest.mark.parametrize(
    "body", [b"[]", b'{"items": {}}', b'{"items": [1]}', b'{"count": 1}', b"<html></html>"]
)
def test_other_shapes_raise_read_error(body):
    with pytest.raises(ReadError):
        oracle.read(body, url=UL_LIST)


def test_a_url_without_a_site_number_raises_read_error():
    with pytest.raises(ReadError, match="siteNumber"):
        oracle.read(saved("captured/oracle/ejov-ce-requisitions-trimmed.json"), url="https://a.b/")


# --- through the safe fetcher, on loopback ------------------------------------------------


def reply_json(handler: Handler, body: bytes) -> None:
    handler.reply(200, body, {"Content-Type": "application/json"})


def list_route(handler: Handler) -> None:
    """The captured list (told the site has 6 jobs) at offset 0, the last two at offset 4."""
    query = unquote(urlsplit(handler.path).query)
    if "offset=0" in query:
        body = saved("captured/oracle/ulsolutions-ce-requisitions-reduced.json")
        reply_json(handler, body.replace(b'"TotalJobsCount": 4', b'"TotalJobsCount": 6'))
    else:
        reply_json(handler, saved("oracle/requisitions-offset-4.json"))


def detail_route(handler: Handler) -> None:
    if 'Id="10139"' in unquote(handler.path):
        reply_json(handler, saved("oracle/requisition-detail-10139.json"))
    else:
        handler.reply(404, b"{}", {"Content-Type": "application/json"})


def ul_request(server: LoopbackServer, limit: int = 4):
    request = oracle.first_request(f"{UL}/ULSolutionsCareers")
    parts = urlsplit(request.url)
    query = parts.query.replace("limit=100", f"limit={limit}")
    return replace(request, url=server.url(f"{parts.path}?{query}"))


@pytest.mark.usefixtures("connect_guard")
def test_the_board_is_paged_by_its_total_and_detailed(server: LoopbackServer):
    server.routes[LIST_PATH] = list_route
    server.routes[DETAIL_PATH] = detail_route

    read = collect(
        get_reader("oracle"), ul_request(server), Fetcher(FetchPolicy(allow_loopback=True))
    )

    assert read.complete and read.pages == 2
    assert [p.external_id for p in read.postings] == [
        "10139", "10947", "11068", "11129", "11201", "11202"
    ]  # fmt: skip
    assert [p.remote for p in read.postings[4:]] == [True, False]
    first = read.postings[0]
    assert first.description_text == (
        "Test and certify switchgear.\n\n• Run the lab tests\n\nBS in Electrical Engineering."
    )
    assert (first.employment_type, first.department) == ("Full time", "Engineering")
    assert first.posted_at == "2026-10-05T00:00:00"  # the list's date wins
    assert read.details == 6 and len(read.detail_failures) == 5
    offsets = [unquote(r.path).split("offset=")[1].split(",")[0] for r in server.received[:2]]
    assert offsets == ["0", "4"]


@pytest.mark.usefixtures("connect_guard")
def test_a_tenant_that_refuses_is_a_clear_error(server: LoopbackServer):
    server.routes[LIST_PATH] = lambda h: h.reply(403, b"Forbidden", {"Content-Type": "text/plain"})

    read = collect(
        get_reader("oracle"), ul_request(server), Fetcher(FetchPolicy(allow_loopback=True))
    )

    assert read.outcome is Outcome.FAILED and not read.postings
    assert isinstance(read.error, HTTPStatusError) and read.error.status == 403
    assert "403" in str(read.error) and "does not let us read" in str(read.error)


def test_saved_detail_is_valid_json():
    assert json.loads(saved("oracle/requisition-detail-10139.json"))["items"][0]["Id"] == "10139"
