"""The BambooHR careers-list reader against our saved list and the real trimmed sample."""

from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.readers import bamboohr

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "bamboohr"
LIST_URL = "https://alpine.bamboohr.com/careers/list"


def read_saved() -> list:
    return bamboohr.read((DATA / "careers-list.json").read_bytes(), url=LIST_URL).postings


def test_first_request_is_the_careers_list():
    request = bamboohr.first_request("Alpine")
    assert request.url == "https://alpine.bamboohr.com/careers/list"
    assert request.method == "GET"


def test_first_request_refuses_a_host_in_the_token():
    with pytest.raises(ValueError, match="tenant name"):
        bamboohr.first_request("evil.example/x")


def test_reads_openings_with_id_and_title_once_each():
    postings = read_saved()
    assert [p.external_id for p in postings] == ["41", "42", "43", "45"]
    assert [p.title for p in postings] == [
        "Senior Accountant",
        "Customer Support Specialist",
        "Product Designer",
        "Warehouse Associate",
    ]
    assert [p.url for p in postings] == [
        "https://alpine.bamboohr.com/careers/41",
        "https://alpine.bamboohr.com/careers/42",
        "https://alpine.bamboohr.com/careers/43",
        "https://alpine.bamboohr.com/careers/45",
    ]
    assert {p.ats for p in postings} == {"bamboohr"}


def test_locations_fall_back_to_the_ats_location():
    locations = [p.location for p in read_saved()]
    assert locations == [
        "Zürich",
        "Utah, United States",
        "Toronto, Ontario",
        "Fort Lauderdale, Florida",
    ]


def test_remote_from_is_remote_then_location_type():
    assert [p.remote for p in read_saved()] == [False, True, False, None]


def test_department_and_employment_type():
    postings = read_saved()
    assert [p.department for p in postings] == ["Finance", "Support", None, "Operations"]
    assert [p.employment_type for p in postings] == [
        "Full-Time",
        "Part-Time",
        "Contract",
        "Full Time",
    ]
    assert all(p.posted_at is None and p.description_text is None for p in postings)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "not JSON"),
        (b"<!doctype html><title>Careers</title>", "not JSON"),
        (b"[]", "'result' list, got list"),
        (b'{"meta": {"totalCount": 0}}', "'result' list, got an object without it"),
        (b'{"result": "none"}', "'result' list"),
        (b'{"result": [1, 2]}', "each result to be an object"),
    ],
)
def test_malformed_payloads_raise_read_error(body, message):
    with pytest.raises(ReadError, match=message):
        bamboohr.read(body, url=LIST_URL)


def test_empty_board_is_an_empty_page():
    page = bamboohr.read(b'{"meta": {"totalCount": 0}, "result": []}', url=LIST_URL)
    assert page.postings == []
    assert page.next_request is None


def test_real_trimmed_list(board_samples):
    body = (board_samples / "bamboohr" / "careers-list-trimmed.json").read_bytes()
    page = bamboohr.read(body, url="https://example.bamboohr.com/careers/list")
    assert [p.external_id for p in page.postings] == ["86", "87"]
    paralegal, intern = page.postings
    assert paralegal.title == "Nurse Paralegal"
    assert paralegal.url == "https://example.bamboohr.com/careers/86"
    assert paralegal.location == "Fort Lauderdale, Florida"
    assert paralegal.department == "Legal"
    assert paralegal.employment_type == "Full Time"
    assert paralegal.remote is False  # locationType "0": on-site
    assert intern.title == "Marketing & Social Media Intern"
    assert intern.department == "Marketing"
    assert intern.employment_type == "Internship"
