"""The SmartRecruiters reader against our saved responses and the real captured ones."""

import json
from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.readers import smartrecruiters

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "smartrecruiters"
FIRST_URL = "https://api.smartrecruiters.com/v1/companies/AcmeGmbH/postings?limit=2&offset=0"


def lines(text):
    return [line for line in text.splitlines() if line.strip()]


def read_sample(board_samples, name, company):
    body = (board_samples / "smartrecruiters" / name).read_bytes()
    return smartrecruiters.read(body, url=smartrecruiters.first_request(company).url)


def test_first_request_asks_for_pages_of_100():
    assert smartrecruiters.first_request("WesternDigital").url == (
        "https://api.smartrecruiters.com/v1/companies/WesternDigital/postings?limit=100&offset=0"
    )
    with pytest.raises(ValueError, match="empty"):
        smartrecruiters.first_request("/")


def test_pages_by_offset_until_total_found():
    first = smartrecruiters.read((DATA / "acme-postings-offset-0.json").read_bytes(), url=FIRST_URL)
    assert [p.external_id for p in first.postings] == ["744000200000001", "744000200000002"]
    assert first.next_request is not None
    next_url = first.next_request.url
    assert next_url == (
        "https://api.smartrecruiters.com/v1/companies/AcmeGmbH/postings?limit=2&offset=2"
    )
    second = smartrecruiters.read((DATA / "acme-postings-offset-2.json").read_bytes(), url=next_url)
    assert [p.external_id for p in second.postings] == ["744000200000003"]
    assert second.next_request is None


def test_reads_list_fields_and_builds_public_links():
    page = smartrecruiters.read((DATA / "acme-postings-offset-0.json").read_bytes(), url=FIRST_URL)
    student, support = page.postings
    assert student.title == "Werkstudent (m/w/d) Data Engineering"
    assert student.url == "https://jobs.smartrecruiters.com/AcmeGmbH/744000200000001"
    assert student.location == "Zürich, ZH, Switzerland"
    assert student.remote is False  # hybrid
    assert student.department == "Data"
    assert student.employment_type == "Part-time"
    assert student.posted_at == "2026-06-10T08:30:00+00:00"
    assert student.description_text is None  # the list carries no description
    assert support.location == "東京, JP"  # no fullLocation
    assert support.remote is True
    assert support.department is None


def test_company_comes_from_the_url_when_the_posting_lacks_it():
    url = "https://api.smartrecruiters.com/v1/companies/AcmeGmbH/postings?limit=2&offset=2"
    [engineer] = smartrecruiters.read(
        (DATA / "acme-postings-offset-2.json").read_bytes(), url=url
    ).postings
    assert engineer.url == "https://jobs.smartrecruiters.com/AcmeGmbH/744000200000003"
    assert engineer.location is None
    assert engineer.remote is None
    assert engineer.employment_type is None


def test_posting_detail_reads_as_one_posting_with_its_sections():
    url = "https://api.smartrecruiters.com/v1/companies/AcmeGmbH/postings/744000200000001"
    page = smartrecruiters.read((DATA / "acme-posting-detail.json").read_bytes(), url=url)
    assert page.next_request is None
    [detail] = page.postings
    assert detail.url == (
        "https://jobs.smartrecruiters.com/AcmeGmbH/744000200000001-werkstudent-m-w-d-data-engineering"
    )
    assert detail.location == "Zürich, ZH, CH"
    assert lines(detail.description_text) == [
        "Company Description",
        "Acme builds pipelines.",
        "Job Description",
        "Write Spark jobs & dbt models.",
        "Additional Information",
        "• Flexible hours",
    ]


def test_an_inactive_posting_detail_gives_no_posting():
    detail = json.loads((DATA / "acme-posting-detail.json").read_bytes())
    detail["active"] = False
    assert smartrecruiters.read(json.dumps(detail).encode(), url=FIRST_URL).postings == []


def test_a_short_page_moves_on_by_what_it_got_and_an_empty_page_stops():
    body = json.dumps({"offset": 0, "limit": 100, "totalFound": 250, "content": [
        {"id": str(n), "name": f"Job {n}", "company": {"identifier": "c"}} for n in range(90)
    ]})  # fmt: skip
    page = smartrecruiters.read(body.encode(), url=smartrecruiters.first_request("c").url)
    assert page.next_request is not None
    assert page.next_request.url.endswith("limit=100&offset=90")
    empty = b'{"offset": 90, "limit": 100, "totalFound": 250, "content": []}'
    assert smartrecruiters.read(empty, url=page.next_request.url).next_request is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"content": {}}', "expected a postings page with a 'content' list"),
        (b'{"jobAd": {"sections": {}}}', "got an object with keys 'jobAd'"),
        (b"[]", "got a list"),
        (b'{"content": [[]]}', r"content\[0\] should be an object, got a list"),
        (b"{'content': []}", "not valid JSON"),
    ],
)
def test_malformed_payloads_raise_read_error(body, message):
    with pytest.raises(ReadError, match=message):
        smartrecruiters.read(body, url=FIRST_URL)


# --- the real captured responses, read in place -------------------------------------------


def test_westerndigital_list_with_unicode_title(board_samples):
    page = read_sample(board_samples, "westerndigital-postings-list.json", "WesternDigital")
    assert page.next_request is None
    assert [(p.external_id, p.location) for p in page.postings] == [
        ("744000141247940", "Fujisawa, Kanagawa, Japan"),
        ("744000141229015", "Bayan Lepas, Penang, Malaysia"),
        ("744000141229499", "Petaling Jaya, Selangor, Malaysia"),
    ]
    first = page.postings[0]
    assert first.title == "環境・安全衛生マネージャー (Environmental Health & Safety Manager)"
    assert first.url == "https://jobs.smartrecruiters.com/WesternDigital/744000141247940"
    assert first.employment_type == "Full-time"
    assert first.posted_at == "2026-08-03T12:14:04.401000+00:00"
    assert all(p.remote is False for p in page.postings)


def test_westerndigital_detail(board_samples):
    page = read_sample(board_samples, "westerndigital-posting-detail.json", "WesternDigital")
    [detail] = page.postings
    assert detail.external_id == "744000140949875"
    assert detail.title == "Summer 2027 Intern - Hardware Engineering"
    assert detail.url == (
        "https://jobs.smartrecruiters.com/WesternDigital/"
        "744000140949875-summer-2027-intern-hardware-engineering"
    )
    assert detail.location == "San Jose, CA, United States"
    assert detail.remote is False  # remote false, hybrid true
    assert detail.employment_type == "Intern"
    assert detail.description_text.startswith("Company Description\n\nWD is building")
    assert "Qualifications" in detail.description_text
    assert "<" not in detail.description_text


def test_automationanywhere_page_without_offset_asks_for_the_rest(board_samples):
    page = read_sample(
        board_samples, "automationanywhere-postings-page0.json", "AutomationAnywhere1"
    )
    assert len(page.postings) == 3  # totalFound says 4
    assert page.postings[0].title == "Pricing Analyst"
    assert page.postings[1].title == "Sr. Sales Executive (4418)"
    assert page.postings[0].url == (
        "https://jobs.smartrecruiters.com/AutomationAnywhere1/743999706414750"
    )
    assert page.next_request is not None
    assert page.next_request.url.endswith("/AutomationAnywhere1/postings?limit=100&offset=3")


def test_automationanywhere_trimmed_detail_without_id_is_refused(board_samples):
    body = board_samples / "smartrecruiters" / "automationanywhere-posting-detail-trimmed.json"
    with pytest.raises(ReadError, match="got an object with keys 'jobAd'"):
        smartrecruiters.read(body.read_bytes(), url=FIRST_URL)


def test_knight_single_result(board_samples):
    page = read_sample(board_samples, "knight-postings-trimmed.json", "knight")
    [posting] = page.postings
    assert posting.external_id == "743999671674844"
    assert posting.title == "CNA / LPN - Consistent Hours. Start Next Week."
    assert posting.url == "https://jobs.smartrecruiters.com/Knight/743999671674844"
    assert posting.location == "St. Louis, MO, United States"
    assert posting.employment_type == "Part-time"
    assert page.next_request is None


def test_an_unparseable_response_url_is_a_read_error():
    with pytest.raises(ReadError, match="not a valid URL"):
        smartrecruiters.read(b'{"content": []}', url="https://[oops/postings")
