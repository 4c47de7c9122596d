"""The Lever reader against our saved responses and the real captured ones."""

import json
from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.readers import lever

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "lever"
EU_URL = "https://api.eu.lever.co/v0/postings/acme-eu?mode=json&skip=0&limit=2"


def lines(text):
    return [line for line in text.splitlines() if line.strip()]


def read_sample(board_samples, name, site):
    body = (board_samples / "lever" / name).read_bytes()
    return lever.read(body, url=lever.first_request(site).url)


def test_first_request_us_and_eu_hosts():
    assert lever.first_request("palantir").url == (
        "https://api.lever.co/v0/postings/palantir?mode=json&skip=0&limit=100"
    )
    assert lever.first_request("eu:acme-eu").url == (
        "https://api.eu.lever.co/v0/postings/acme-eu?mode=json&skip=0&limit=100"
    )
    with pytest.raises(ValueError, match="empty"):
        lever.first_request("eu:")


def test_pages_through_the_eu_board_until_a_short_page():
    first = lever.read((DATA / "eu-postings-page-1.json").read_bytes(), url=EU_URL)
    assert first.next_request is not None
    second_url = first.next_request.url
    assert second_url == "https://api.eu.lever.co/v0/postings/acme-eu?mode=json&skip=2&limit=2"
    second = lever.read((DATA / "eu-postings-page-2.json").read_bytes(), url=second_url)
    assert [p.external_id for p in second.postings] == ["0c8f6a7e-1111-4a3b-9c2d-000000000003"]
    assert second.next_request is not None  # a full page (one posting skipped): ask once more
    third_url = second.next_request.url
    assert third_url.endswith("skip=4&limit=2")
    last = lever.read(b"[]", url=third_url)
    assert last.postings == []
    assert last.next_request is None


def test_reads_fields_lists_and_closing_text():
    page = lever.read((DATA / "eu-postings-page-1.json").read_bytes(), url=EU_URL)
    platform, support = page.postings
    assert platform.external_id == "0c8f6a7e-1111-4a3b-9c2d-000000000001"
    assert platform.title == "Platform Engineer"
    assert platform.url == "https://jobs.eu.lever.co/acme-eu/0c8f6a7e-1111-4a3b-9c2d-000000000001"
    assert platform.location == "München | Zürich"
    assert platform.remote is False  # hybrid
    assert platform.department == "Engineering"
    assert platform.employment_type == "Full-time"
    assert platform.posted_at == "2026-01-01T00:00:00+00:00"
    assert platform.updated_at is None
    assert lines(platform.description_text) == [
        "Help us build the platform.",
        "What you will do",
        "• Own services",
        "• Review code & mentor",
        "We offer a home-office budget.",
    ]
    assert "cookie" not in platform.description_text
    assert support.location is None
    assert support.remote is None  # "unspecified" and no location wording
    assert support.department == "Support"  # no department: the team
    assert support.description_text == "Answer customers from anywhere in Europe."


def test_remote_posting_without_link_gets_the_hosted_page():
    url = "https://api.eu.lever.co/v0/postings/acme-eu?mode=json&skip=2&limit=2"
    page = lever.read((DATA / "eu-postings-page-2.json").read_bytes(), url=url)
    [designer] = page.postings
    assert designer.url == "https://jobs.eu.lever.co/acme-eu/0c8f6a7e-1111-4a3b-9c2d-000000000003"
    assert designer.remote is True
    assert designer.location == "Remote - Europe"
    assert designer.description_text == "Design for <everyone>."


def test_without_limit_in_the_url_there_is_no_paging():
    body = json.dumps([{"id": "a", "text": "T", "hostedUrl": "https://jobs.lever.co/x/a"}])
    page = lever.read(body.encode(), url="https://api.lever.co/v0/postings/x?mode=json")
    assert len(page.postings) == 1
    assert page.next_request is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"ok": false, "error": "Document not found"}', "answered with an error"),
        (b'{"jobs": []}', "expected a list of postings, got an object with keys 'jobs'"),
        (b"", "not valid JSON"),
        (b"<html>", "not valid JSON"),
        (b'["x"]', r"posting \[0\] should be an object, got a string"),
        (b"3", "got a number"),
    ],
)
def test_malformed_payloads_raise_read_error(body, message):
    with pytest.raises(ReadError, match=message):
        lever.read(body, url=EU_URL)


def test_a_bad_limit_in_the_url_stops_paging_instead_of_failing():
    body = json.dumps([{"id": "a", "text": "T", "hostedUrl": "https://jobs.lever.co/x/a"}])
    page = lever.read(body.encode(), url="https://api.lever.co/v0/postings/x?limit=%C2%B2")
    assert page.next_request is None


# --- the real captured responses, read in place -------------------------------------------


def test_leverdemo_board(board_samples):
    page = read_sample(board_samples, "leverdemo-postings.json", "leverdemo")
    assert page.next_request is None
    postings = page.postings
    assert len(postings) == 6
    first = postings[0]
    assert (first.external_id, first.title) == (
        "33538a2f-d27d-4a96-8f05-fa4b0e4d940e",
        "AbelsonTaylor Writer",
    )
    assert first.url == "https://jobs.lever.co/leverdemo/33538a2f-d27d-4a96-8f05-fa4b0e4d940e"
    assert first.location == "Arlington, TX"
    assert first.department == "Customer Success"
    assert first.employment_type == "Regular Full Time (Salary)"
    assert first.posted_at == "2019-03-21T16:33:55.299000+00:00"
    assert [p.remote for p in postings] == [False, False, None, None, True, False]
    no_location = postings[3]
    assert no_location.external_id == "79eda854-d6ba-4e73-9eb0-524daefed2d8"
    assert no_location.location is None
    assert "link text" in first.description_text
    assert "<" not in first.description_text


def test_palantir_list_and_single_posting_agree(board_samples):
    listed = read_sample(board_samples, "palantir-postings-trimmed.json", "palantir").postings
    assert [(p.external_id, p.title, p.location) for p in listed] == [
        ("ac978161-6f46-4f6b-ad9e-a258e642751c", "Administrative Business Partner",
         "London, United Kingdom"),
        ("0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3", "Administrative Business Partner - Security",
         "Palo Alto, CA"),
    ]  # fmt: skip
    single = read_sample(board_samples, "palantir-single-posting.json", "palantir")
    assert single.next_request is None
    assert single.postings == listed[:1]
    assert "What We Require" in single.postings[0].description_text
    assert single.postings[0].remote is False  # hybrid


def test_idealist_and_veeva_remote_postings(board_samples):
    idealist = read_sample(board_samples, "idealistconsulting-postings-trimmed.json", "x").postings
    assert [p.location for p in idealist] == ["Chicago, IL", "Washington, D.C."]
    assert all(p.remote is True and p.employment_type == "Contract" for p in idealist)
    assert idealist[0].url == (
        "https://jobs.lever.co/idealistconsulting/a24ec4e5-5caa-473d-abd4-b71f09a8167b"
    )
    veeva = read_sample(board_samples, "veeva-postings-redacted.json", "veeva").postings
    assert [(p.external_id, p.location) for p in veeva] == [
        ("466ed4a1-2c00-400e-8b9b-77b0c63d64d2", "Portugal - Lisbon"),
        ("7465bdb3-4f75-43bc-b5d9-c23c77fd3a29", "Spain - Barcelona"),
    ]
    assert {p.title for p in veeva} == {"(Associate) Team Lead - Data Operations"}
    assert all(p.remote is True for p in veeva)


def test_lone_surrogate_escapes_become_replacement_characters():
    body = rb'[{"id": "a\ud800", "text": "Caf\u00e9 \udfff", "hostedUrl": "https://jobs.lever.co/x/a"}]'
    [posting] = lever.read(body, url=EU_URL).postings
    assert posting.external_id == "a\ufffd"
    assert posting.title == "Café \ufffd"
    assert lever.read("[]".encode("utf-16"), url=EU_URL).postings == []
