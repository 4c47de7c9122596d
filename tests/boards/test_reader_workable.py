"""The Workable reader against our saved response and the real captured ones."""

from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.readers import workable

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "workable"
API_URL = "https://apply.workable.com/api/v1/widget/accounts/acme-robotics?details=true"


def lines(text):
    return [line for line in text.splitlines() if line.strip()]


def our_account():
    return workable.read((DATA / "acme-widget-details.json").read_bytes(), url=API_URL).postings


def read_sample(board_samples, name):
    body = (board_samples / "workable" / name).read_bytes()
    return workable.read(body, url=workable.first_request("x").url).postings


def test_first_request_is_the_widget_with_details():
    assert workable.first_request("huggingface").url == (
        "https://apply.workable.com/api/v1/widget/accounts/huggingface?details=true"
    )
    with pytest.raises(ValueError, match="empty"):
        workable.first_request("  ")


def test_rows_of_one_shortcode_merge_into_one_posting_with_every_location():
    postings = our_account()
    assert [p.external_id for p in postings] == ["A1B2C3D4E5", "F9E8D7C6B5", "0011223344"]
    robotics = postings[0]
    assert robotics.title == "Robotics Engineer"
    assert robotics.url == "https://apply.workable.com/j/A1B2C3D4E5"
    assert robotics.location == "München, Bayern, Germany | Zürich, Switzerland | 東京, Japan"
    assert robotics.remote is False
    assert robotics.department == "R&D"
    assert robotics.employment_type == "Full-time"
    assert robotics.posted_at == "2026-06-01T00:00:00"
    assert robotics.updated_at is None
    assert lines(robotics.description_text) == [
        "Design arms & grippers.",
        "• ROS 2",
        "• C++",
        "Bahncard 100",
    ]


def test_hidden_locations_missing_links_and_dates():
    _, technician, support = our_account()
    assert technician.location == "Eindhoven, Netherlands"  # only hidden entries: top level
    assert technician.url == "https://apply.workable.com/j/F9E8D7C6B5"  # the shortlink
    assert technician.posted_at == "2026-04-02T00:00:00"  # empty published_on: created_at
    assert technician.remote is None
    assert technician.description_text is None
    assert support.location is None
    assert support.url == "https://apply.workable.com/j/0011223344"  # built from the shortcode


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"name": "x"}', "expected an object with a 'jobs' list, got an object with keys 'name'"),
        (b'{"results": [], "nextPage": "abc"}', "keys 'results', 'nextPage'"),
        (b"[1, 2]", "got a list"),
        (b'{"jobs": ["A1"]}', r"jobs\[0\] should be an object, got a string"),
        (b"\x00\x01", "not valid JSON"),
    ],
)
def test_malformed_payloads_raise_read_error(body, message):
    with pytest.raises(ReadError, match=message):
        workable.read(body, url=API_URL)


# --- the real captured responses, read in place -------------------------------------------


def test_zaelab_shortcode_repeated_per_location_is_one_posting(board_samples):
    [posting] = read_sample(board_samples, "zaelab-widget-accounts-trimmed.json")
    assert posting.external_id == "DD136DD7E7"
    assert posting.title == "Business Analyst - Spanish Speaking"
    assert posting.url == "https://apply.workable.com/j/DD136DD7E7"
    assert posting.location == "Spain | Portugal"
    assert posting.remote is True
    assert posting.department == "Business Consulting"
    assert posting.posted_at == "2026-08-05T00:00:00"


def test_huggingface_account(board_samples):
    postings = read_sample(board_samples, "huggingface-widget-accounts-trimmed.json")
    assert [(p.external_id, p.location) for p in postings] == [
        ("F4C096B22E", "Paris, Île-de-France, France"),
        ("19A136F8E2", "New York, United States"),
        ("0BD8C06DB3", "United States"),
    ]
    assert postings[0].title == "Low-level Senior Software Engineer, Xet Storage - EMEA Remote"
    assert postings[1].url == "https://apply.workable.com/j/19A136F8E2"
    assert all(p.remote is True for p in postings)
    assert [p.department for p in postings] == ["Product", "Open Source", "Wild Card"]
    assert postings[2].posted_at == "2024-10-17T00:00:00"  # published_on, not created_at
