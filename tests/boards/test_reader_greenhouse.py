"""The Greenhouse reader against our saved responses and the real captured ones."""

import json
from collections import Counter
from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.readers import greenhouse

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "greenhouse"
API_URL = "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"


def read_file(path: Path, url: str = API_URL):
    return greenhouse.read(path.read_bytes(), url=url).postings


def lines(text):
    return [line for line in text.splitlines() if line.strip()]


def by_id(postings):
    return {p.external_id: p for p in postings}


def test_first_request_asks_for_the_whole_board_with_content():
    request = greenhouse.first_request("acme")
    assert request.url == "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"
    assert request.method == "GET"
    assert greenhouse.first_request(" a b/ ").url.endswith("/boards/a%20b/jobs?content=true")


def test_first_request_refuses_an_empty_token():
    with pytest.raises(ValueError, match="empty"):
        greenhouse.first_request(" / ")


def test_reads_our_board_skipping_untitled_and_repeated_posts():
    page = greenhouse.read((DATA / "acme-jobs-content.json").read_bytes(), url=API_URL)
    assert page.next_request is None
    assert [p.external_id for p in page.postings] == [
        "4012345001",
        "4012345002",
        "4012345003",
        "4012345004",
        "4012345005",
    ]
    assert {p.ats for p in page.postings} == {"greenhouse"}


def test_reads_fields_and_plain_text_from_escaped_html():
    first = by_id(read_file(DATA / "acme-jobs-content.json"))["4012345001"]
    assert first.title == "Senior Backend Engineer"
    assert first.url == "https://job-boards.greenhouse.io/acme/jobs/4012345001"
    assert first.location == "Zürich, Switzerland"
    assert first.remote is False  # "Hybrid" location type
    assert first.department == "Engineering"
    assert first.employment_type == "Full-time"
    assert first.posted_at == "2026-04-28T09:00:00-04:00"
    assert first.updated_at == "2026-05-04T10:15:00-04:00"
    assert lines(first.description_text) == [
        "About the role",
        "Build payment rails in Zürich & beyond.",
        "• Python",
        "• PostgreSQL",
    ]
    assert "alert" not in first.description_text


def test_remote_location_offices_and_links():
    postings = by_id(read_file(DATA / "acme-jobs-content.json"))
    assert postings["4012345002"].remote is True  # metadata says Remote
    tokyo = postings["4012345003"]
    assert tokyo.location == "東京"  # no location.name: the office names
    assert tokyo.remote is None
    assert tokyo.posted_at is None
    assert tokyo.updated_at == "2026-05-01T00:00:00+00:00"
    assert tokyo.department is None
    assert tokyo.description_text is None
    support = postings["4012345004"]
    assert support.remote is True  # no metadata value: from "Remote (US)"
    assert support.url == "https://job-boards.greenhouse.io/acme/jobs/4012345004"  # built
    assert postings["4012345005"].url == "https://boards-api.greenhouse.io/acme/jobs/4012345005"


def test_single_post_reads_as_one_posting():
    body = json.dumps({"id": 7, "title": "Analyst", "absolute_url": "https://x.test/j/7"})
    [posting] = greenhouse.read(body.encode(), url=API_URL).postings
    assert (posting.external_id, posting.title, posting.url) == (
        "7",
        "Analyst",
        "https://x.test/j/7",
    )


def test_a_link_that_is_not_http_is_replaced_by_the_board_page():
    body = json.dumps({"jobs": [{"id": 9, "title": "T", "absolute_url": "javascript:alert(1)"}]})
    [posting] = greenhouse.read(body.encode(), url=API_URL).postings
    assert posting.url == "https://job-boards.greenhouse.io/acme/jobs/9"


def test_a_post_without_any_link_is_skipped():
    body = json.dumps({"jobs": [{"id": 9, "title": "T"}]}).encode()
    assert greenhouse.read(body, url="https://example.test/feed.json").postings == []


def test_optional_fields_of_the_wrong_type_read_as_missing():
    job = {"id": 1, "title": "T", "absolute_url": "https://x.test/1", "location": "Paris",
           "metadata": {"a": 1}, "departments": "Eng", "content": 5, "updated_at": [1]}  # fmt: skip
    [posting] = greenhouse.read(json.dumps({"jobs": [job]}).encode(), url=API_URL).postings
    assert posting.location is None
    assert posting.department is None
    assert posting.description_text is None
    assert posting.updated_at is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"[]", "expected an object with a 'jobs' list, got a list"),
        (b'"jobs"', "got a string"),
        (b"null", "got null"),
        (b'{"jobs": {"id": 1}}', "got an object with keys 'jobs'"),
        (b'{"jobs": [1]}', r"jobs\[0\] should be an object, got a number"),
        (b"[" * 100_000, "not valid JSON|nested too deeply"),
    ],
)
def test_malformed_payloads_raise_read_error(body, message):
    with pytest.raises(ReadError, match=message):
        greenhouse.read(body, url=API_URL)


# --- the real captured responses, read in place -------------------------------------------


def test_anthropic_whole_board_keeps_every_post_though_jobs_repeat(board_samples):
    path = board_samples / "greenhouse" / "anthropic-jobs-list.json"
    postings = read_file(path, "https://boards-api.greenhouse.io/v1/boards/anthropic/jobs")
    assert len(postings) == 449
    assert len({p.external_id for p in postings}) == 449
    raw = json.loads(path.read_bytes())["jobs"]
    shared = Counter(j["internal_job_id"] for j in raw)
    assert sum(1 for count in shared.values() if count > 1) == 14
    first = postings[0]
    assert (first.external_id, first.title) == ("5074975008", "Account Coordinator")
    assert first.url == "https://job-boards.greenhouse.io/anthropic/jobs/5074975008"
    assert first.location == "New York City, NY; San Francisco, CA"
    assert first.posted_at == "2026-02-12T21:06:57-05:00"
    assert all(p.description_text is None for p in postings)  # listed without content=true
    remote = Counter(p.remote for p in postings)
    assert remote == {False: 263, None: 158, True: 28}  # On-Site/Hybrid, unknown, Remote


def test_stripe_links_point_at_stripe_com(board_samples):
    postings = read_file(board_samples / "greenhouse" / "stripe-jobs-list.json")
    assert len(postings) == 6
    assert all(p.url.startswith("https://stripe.com/jobs/search?gh_jid=") for p in postings)
    assert postings[0].url == "https://stripe.com/jobs/search?gh_jid=8023928"
    assert postings[0].title == "Account Executive, Bridge"
    assert postings[1].title == "Account Executive, Bridge"  # trailing space cleaned
    last = postings[-1]
    assert last.external_id == "7993151"
    assert last.location.startswith("US-Remote, US-San Francisco")
    assert last.remote is True


def test_stripe_single_post(board_samples):
    [posting] = read_file(board_samples / "greenhouse" / "stripe-single-job.json")
    assert posting.external_id == "8026689"
    assert posting.title == "Internal Audit Data Analytics Lead"
    assert posting.url == "https://stripe.com/jobs/search?gh_jid=8026689"
    assert posting.location == "Toronto, New York, San Francisco"
    assert posting.department == "6480 Internal Audit"
    assert posting.description_text.startswith("Who we are\n\nAbout Stripe\n\n")
    assert "&lt;" not in posting.description_text
    assert "<" not in posting.description_text


def test_content_boards_smarterdx_and_amplitude(board_samples):
    smarterdx = read_file(board_samples / "greenhouse" / "smarterdx-jobs-content-trimmed.json")
    assert [(p.external_id, p.title, p.location, p.remote) for p in smarterdx] == [
        ("5193736007", "Client Support Analyst I", "Remote (United States)", True),
        ("5099964007", "Clinical Coding Specialist", "Remote (United States)", True),
    ]
    assert smarterdx[0].department == "Customer Success"
    amplitude = read_file(board_samples / "greenhouse" / "amplitude-jobs-content-trimmed.json")
    assert [(p.external_id, p.location) for p in amplitude] == [
        ("8636903002", "London, UK"),
        ("8651132002", "Bangalore, India"),
    ]
    assert amplitude[0].url == "https://job-boards.greenhouse.io/amplitude/jobs/8636903002"
    assert amplitude[0].employment_type == "Regular"
    assert amplitude[0].description_text.startswith("Amplitude is the leading AI analytics")


def test_departments_listing_is_refused_with_a_pointer_to_jobs(board_samples):
    body = (board_samples / "greenhouse" / "stripe-departments.json").read_bytes()
    with pytest.raises(ReadError, match="departments/offices listing, not job posts"):
        greenhouse.read(body, url="https://boards-api.greenhouse.io/v1/boards/stripe/departments")


def test_an_unparseable_response_url_is_a_read_error():
    with pytest.raises(ReadError, match="not a valid URL"):
        greenhouse.read(b'{"jobs": []}', url="http://[::1")
