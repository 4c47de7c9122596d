"""The Ashby reader against our saved response and the real captured ones."""

import json
from collections import Counter
from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.readers import ashby

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "ashby"
API_URL = "https://api.ashbyhq.com/posting-api/job-board/Scale%20AI?includeCompensation=true"


def lines(text):
    return [line for line in text.splitlines() if line.strip()]


def read_sample(board_samples, name, board):
    body = (board_samples / "ashby" / name).read_bytes()
    return ashby.read(body, url=ashby.first_request(board).url).postings


def our_board():
    return ashby.read((DATA / "scale-ai-job-board.json").read_bytes(), url=API_URL).postings


def test_first_request_quotes_the_board_name_once():
    assert ashby.first_request("cursor").url == (
        "https://api.ashbyhq.com/posting-api/job-board/cursor?includeCompensation=true"
    )
    assert ashby.first_request("Scale AI").url == API_URL
    assert ashby.first_request("Scale%20AI").url == API_URL
    assert "/HighlightTA?" in ashby.first_request("HighlightTA").url
    with pytest.raises(ValueError, match="empty"):
        ashby.first_request("")


def test_reads_listed_jobs_only():
    postings = our_board()
    assert [p.external_id[-1] for p in postings] == ["1", "3", "4", "5"]
    assert {p.ats for p in postings} == {"ashby"}


def test_reads_fields_locations_and_description():
    ml = our_board()[0]
    assert ml.title == "Machine Learning Engineer"
    assert ml.url == "https://jobs.ashbyhq.com/Scale%20AI/5b1e7c0a-0000-4000-8000-000000000001"
    assert ml.location == "San Francisco, CA | Zürich | 東京"
    assert ml.remote is False
    assert ml.department == "Engineering"
    assert ml.employment_type == "FullTime"
    assert ml.posted_at == "2026-03-02T17:04:11.120000+00:00"
    assert ml.updated_at is None
    assert lines(ml.description_text) == ["About us", "We build data engines & models."]


def test_remote_falls_back_from_is_remote_to_workplace_type_to_wording():
    _, architect, labeling, office = our_board()
    assert architect.remote is True  # both null: "Remote - Europe"
    assert architect.department == "Go To Market"  # no department: the team
    assert architect.description_text == "Work with customers across Europe."
    assert architect.url == (  # no jobUrl: the hosted board page
        "https://jobs.ashbyhq.com/Scale%20AI/5b1e7c0a-0000-4000-8000-000000000003"
    )
    assert labeling.remote is True  # workplaceType Remote
    assert labeling.posted_at is None  # unparseable date
    assert labeling.location == "Manila"
    assert office.remote is False  # workplaceType Hybrid


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"jobPostings": []}', "expected an object with a 'jobs' list, got an object with keys"),
        (b"[]", "got a list"),
        (b"{]", "not valid JSON"),
        (b'{"jobs": [null]}', r"jobs\[0\] should be an object, got null"),
        (b'{"jobs": [true]}', "got a boolean"),
    ],
)
def test_malformed_payloads_raise_read_error(body, message):
    with pytest.raises(ReadError, match=message):
        ashby.read(body, url=API_URL)


def test_an_unknown_board_is_an_empty_list_not_an_error():
    assert ashby.read(b'{"apiVersion": "1", "jobs": []}', url=API_URL).postings == []


def test_wrong_types_in_optional_fields_read_as_missing():
    job = {"id": "x", "title": "T", "jobUrl": "https://jobs.ashbyhq.com/b/x", "location": ["a"],
           "isRemote": "yes", "secondaryLocations": [{"location": 3}, "Paris"]}  # fmt: skip
    [posting] = ashby.read(json.dumps({"jobs": [job]}).encode(), url=API_URL).postings
    assert posting.location == "3"
    assert posting.remote is None


# --- the real captured responses, read in place -------------------------------------------


def test_cursor_whole_board_with_null_workplace_types(board_samples):
    postings = read_sample(board_samples, "cursor-job-board-full.json", "cursor")
    assert len(postings) == 54
    raw = json.loads((board_samples / "ashby" / "cursor-job-board-full.json").read_bytes())
    assert sum(1 for job in raw["jobs"] if job["workplaceType"] is None) == 24
    assert Counter(p.remote for p in postings) == {True: 17, False: 13, None: 24}
    first = postings[0]
    assert first.external_id == "0ec39ed7-a5dc-4551-bb26-b7f4f9fb4a74"
    assert first.title == "Software Engineer, Growth"  # trailing space cleaned
    assert first.url == "https://jobs.ashbyhq.com/cursor/0ec39ed7-a5dc-4551-bb26-b7f4f9fb4a74"
    assert first.location == "SF / NY"
    assert first.remote is None
    assert first.description_text.startswith("Our mission is to automate coding.")
    recruiting = next(p for p in postings if p.title == "Recruiting Coordinator")
    assert recruiting.location == "San Francisco | New York"
    assert sum(1 for p in postings if p.location == "Remote") == 7


def test_ramp_hybrid_jobs_with_secondary_locations(board_samples):
    postings = read_sample(board_samples, "ramp-job-board.json", "ramp")
    assert len(postings) == 6
    first = postings[0]
    assert first.title == "Security Engineer, Cloud"  # leading space cleaned
    assert first.location == "New York, NY (HQ) | Remote (Canada) | Remote (US) | Miami, FL"
    assert first.department == "Engineering"
    assert all(p.remote is True for p in postings)  # Ashby's isRemote is true on these hybrids


def test_openevidence_and_highlightta(board_samples):
    evidence = read_sample(board_samples, "openevidence-job-board-trimmed.json", "openevidence")
    assert [(p.title, p.location, p.remote) for p in evidence] == [
        ("Member of Technical Staff", "San Francisco | Miami", False),
        ("Software Engineer, Data Platform", "San Francisco | Miami", False),
    ]
    highlight = read_sample(board_samples, "highlightta-job-board-trimmed.json", "HighlightTA")
    assert [(p.external_id, p.title, p.location) for p in highlight] == [
        ("90fb3621-899e-4b59-925d-25080ec91e18", "Senior Technical Recruiter", "Canada"),
        ("fc2f1f85-46a0-4a31-b165-683e39c07c04", "Senior Site Reliability Engineer",
         "Toronto, Ontario"),
    ]  # fmt: skip
    assert highlight[0].url.startswith("https://jobs.ashbyhq.com/HighlightTA/")
