"""The Taleo reader: captured Business Edition pages, our own Enterprise searchjobs pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.boards.base import ReadError, SessionResponse
from service.boards.readers import taleo

BOARDS = Path(__file__).resolve().parents[1] / "data" / "boards"
CAPTURED = BOARDS / "captured" / "taleo"
OURS = BOARDS / "taleo"
TBE_URL = "https://phh.tbe.taleo.net/phh04/ats/careers/v2/searchResults?org=NFINDY&cws=37"
SEARCH_URL = (
    "https://acme.taleo.net/careersection/rest/jobboard/searchjobs?lang=en&portal=101430233"
    "#section=2"
)
JOB = "https://acme.taleo.net/careersection/2/jobdetail.ftl?lang=en&job="


def view(rid: str) -> str:
    return (
        "https://phh.tbe.taleo.net/phh04/ats/careers/v2/viewRequisition"
        f"?org=NFINDY&cws=37&rid={rid}"
    )


def test_first_request_of_each_token_form():
    enterprise = taleo.first_request("acme/2/101430233")
    assert enterprise.url == SEARCH_URL
    assert enterprise.method == "POST"
    assert enterprise.json_body is not None and enterprise.json_body["pageNo"] == 1
    sent = dict(enterprise.headers)
    assert sent["tz"] and sent["tzname"] and sent["X-Requested-With"] == "XMLHttpRequest"
    assert sent["Referer"] == "https://acme.taleo.net/careersection/2/jobsearch.ftl?lang=en"
    business = taleo.first_request("phh/phh04/NFINDY/37")
    assert business.url == TBE_URL
    assert business.method == "GET" and "text/html" in business.accept
    for bad in ("acme", "acme/2", "acme/2/portal", "a/b/c/d/e"):
        with pytest.raises(ValueError, match="tenant/section/portal"):
            taleo.first_request(bad)


def test_reads_the_captured_business_edition_list_exactly():
    page = taleo.read((CAPTURED / "tbe-careers-v2-results-reduced.html").read_bytes(), url=TBE_URL)
    assert [p.external_id for p in page.postings] == ["17", "389", "618"]
    assert [p.title for p in page.postings] == [
        "Certified Nursing Assistant (CNA)",
        "Certified Nursing Assistant (CNA)",  # two rows share one title
        "CNA / PCA",
    ]
    assert [p.url for p in page.postings] == [view("17"), view("389"), view("618")]
    assert [p.location for p in page.postings] == [
        "IN - Lafayette",
        "IN - Indianapolis",
        "NC - Charlotte",
    ]
    assert [p.department for p in page.postings] == ["Staffing", "Staffing", "Homecare"]
    assert {p.employment_type for p in page.postings} == {"Per Diem"}
    assert {p.posted_at for p in page.postings} == {None}  # the list has no dates
    assert {p.ats for p in page.postings} == {"taleo"}
    assert page.next_request is None


def test_reads_the_captured_business_edition_posting_page():
    body = (CAPTURED / "tbe-detail-jsonld-excerpt.html").read_bytes()
    [posting] = taleo.read(body, url=view("17")).postings
    assert posting.external_id == "17"  # identifier.value is the rid
    assert posting.title == "Certified Nursing Assistant (CNA)"
    assert posting.url == view("17")
    assert posting.location == "IN - Lafayette, Indiana"
    assert posting.employment_type == "Per Diem"
    assert posting.posted_at == "2017-01-15T00:00:00"  # "2017-01-15 00:00:00.0"
    assert posting.description_text is not None
    assert posting.description_text.startswith("Certified Nursing Assistant (CNA) NEEDED!")


def test_business_edition_postings_get_their_page_as_detail():
    page = taleo.read((CAPTURED / "tbe-careers-v2-results-reduced.html").read_bytes(), url=TBE_URL)
    request = taleo.detail_request(page.postings[0], TBE_URL)
    assert request is not None and request.url == view("17") and "text/html" in request.accept


def test_reads_enterprise_search_pages_and_pages_on():
    first = taleo.read((OURS / "acme-searchjobs-page1.json").read_bytes(), url=SEARCH_URL)
    engineer, officer = first.postings
    assert engineer.external_id == "2600123"
    assert engineer.title == "Senior Process Engineer"
    assert engineer.url == JOB + "2600123"
    assert engineer.location == "US-TX-Houston | US-LA-Baton Rouge"
    assert engineer.posted_at == "2026-09-18T00:00:00"
    assert officer.external_id == "26255-FT_LT_ROS"  # letters, "-" and "_" in contest numbers
    assert officer.url == JOB + "26255-FT_LT_ROS"
    assert taleo.detail_request(engineer, SEARCH_URL) is None
    following = first.next_request
    assert following is not None
    assert following.url == SEARCH_URL and following.method == "POST"
    assert following.json_body is not None and following.json_body["pageNo"] == 2
    assert dict(following.headers)["tzname"] == "UTC"
    last = taleo.read((OURS / "acme-searchjobs-page2.json").read_bytes(), url=following.url)
    [technician] = last.postings
    assert technician.location == "US-Remote"
    assert technician.remote is True
    assert last.next_request is None


def test_a_search_page_needs_its_request_url():
    body = (OURS / "acme-searchjobs-page1.json").read_bytes()
    with pytest.raises(ReadError, match="section"):
        taleo.read(body, url=SEARCH_URL.split("#")[0])


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><h1>Access denied</h1><p>Please verify you are a human.</p></body></html>",
        b'{"error": "An Error Occurred in TEE"}',
        b"[]",
        b"",
    ],
)
def test_a_bot_wall_or_error_is_a_read_error_not_an_empty_board(body):
    with pytest.raises(ReadError, match="taleo"):
        taleo.read(body, url=TBE_URL if body.startswith(b"<") else SEARCH_URL)


def test_an_empty_list_page_reads_as_no_postings():
    body = b'<html><body><div class="oracletaleocwsv2-results">No jobs</div></body></html>'
    assert taleo.read(body, url=TBE_URL).postings == []


def test_an_enterprise_session_is_its_section_page_and_its_cookie():
    first = taleo.first_request("acme/2/101430233")
    step = taleo.session_request(first)
    assert step.url == "https://acme.taleo.net/careersection/2/jobsearch.ftl?lang=en"
    assert step.method == "GET"
    page = step.url
    given = SessionResponse(page, b"", {"JSESSIONID": "abc", "locale": "en"})
    assert taleo.carry_session(given) == {"Cookie": "JSESSIONID=abc; locale=en"}
    with pytest.raises(ReadError, match="gave no session cookie"):
        taleo.carry_session(SessionResponse(page, b"", {}))
    assert taleo.session_request(taleo.first_request("phh/phh04/NFINDY/37")).url == TBE_URL
    assert taleo.carry_session(SessionResponse(TBE_URL, b"", {})) == {}


def test_locations_column_may_be_one_index_and_plain_text():
    data = {
        "requisitionList": [{"contestNo": "9", "column": ["Nurse", "Lyon", "soon"]}],
        "locationsColumns": 1,
    }
    [posting] = taleo.read(json.dumps(data).encode(), url=SEARCH_URL).postings
    assert posting.location == "Lyon"
    assert posting.posted_at is None
