"""The Teamtailor reader: RSS feed and JSON Feed, told apart by content; real samples."""

from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.readers import teamtailor

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "teamtailor"
RSS_URL = "https://nordlicht.teamtailor.com/jobs.rss"


def saved(name: str, url: str = RSS_URL):
    return teamtailor.read((DATA / name).read_bytes(), url=url)


def test_first_request_is_the_rss_feed():
    request = teamtailor.first_request("nordlicht")
    assert request.url == "https://nordlicht.teamtailor.com/jobs.rss"
    assert request.method == "GET"


def test_rss_items_with_guid_title_and_link():
    page = saved("nordlicht-jobs.rss")
    assert [p.external_id for p in page.postings] == [
        "0b6c1f0e-4a56-4d61-9a57-2f3d1c2b9e11",
        "5a1e9d33-0f0c-4d6e-8b1c-6f0e2c7d4a22",
        "9c7b2e44-1d2f-4e3a-8b5c-0a9e8f7d6c33",
        "d4e5f6a7-2b3c-4d5e-9f60-718293a4b555",
    ]
    assert [p.url for p in page.postings] == [
        "https://nordlicht.teamtailor.com/jobs/5512301-senior-gameplay-programmer",
        "https://nordlicht.teamtailor.com/jobs/5512302-community-manager-japan",
        "https://nordlicht.teamtailor.com/jobs/5512303-qa-tester",
        "https://nordlicht.teamtailor.com/jobs/5512305-producer",
    ]
    assert page.next_request is None


def test_rss_fields():
    programmer, community, tester, producer = saved("nordlicht-jobs.rss").postings
    assert programmer.title == "Senior Gameplay Programmer"
    assert programmer.location == "Zürich HQ | Berlin, Germany"
    assert programmer.remote is False
    assert programmer.department == "Engineering"
    assert programmer.posted_at == "2026-03-02T10:00:00+01:00"
    assert programmer.description_text == (
        "Join our Zürich studio & ship worlds.\n\n• C++20\n\n• Unreal Engine"
    )
    assert community.location == "東京"
    assert community.remote is True  # remoteStatus "temporary"
    assert community.description_text == "東京のコミュニティを育てる"
    assert tester.posted_at is None
    assert tester.location is None
    assert tester.remote is None
    assert tester.description_text is None
    assert producer.remote is True
    assert producer.location is None
    assert producer.department == "Production"


def test_json_feed_items():
    page = saved("nordlicht-jobs.json", url="https://nordlicht.teamtailor.com/jobs.json")
    assert [p.external_id for p in page.postings] == [
        "0b6c1f0e-4a56-4d61-9a57-2f3d1c2b9e11",
        "d4e5f6a7-2b3c-4d5e-9f60-718293a4b555",
        "7e8f9a0b-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
    ]
    programmer, producer, designer = page.postings
    assert programmer.ats == "teamtailor"
    assert programmer.location == "Zürich, CH | Berlin, DE"
    assert programmer.employment_type == "FULL_TIME"
    assert programmer.posted_at == "2026-03-02T10:00:00+01:00"
    assert programmer.updated_at == "2026-03-05T16:45:00+01:00"
    assert programmer.description_text == "Join our Zürich studio & ship worlds."
    assert producer.remote is True
    assert producer.location == "Remote (Germany, Switzerland)"
    assert producer.description_text == "Produce our next title from anywhere in DACH."
    assert designer.url == "https://nordlicht.teamtailor.com/jobs/5512306-level-designer"
    assert designer.description_text == "Design levels."
    assert designer.location is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "neither JSON nor well-formed XML"),
        (b"<rss><channel><item>", "well-formed XML"),
        (b"<html><body>404</body></html>", "expected an RSS feed"),
        (b"<rss version='2.0'></rss>", "expected an RSS feed"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "'items' list, got list"),
        (b'{"version": "https://jsonfeed.org/version/1.1"}', "'items' list"),
        (b'{"items": ["x"]}', "each JSON Feed item"),
    ],
)
def test_malformed_payloads_raise_read_error(body, message):
    with pytest.raises(ReadError, match=message):
        teamtailor.read(body, url=RSS_URL)


def test_entity_declarations_are_refused():
    body = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&e;</title></item></channel></rss>"
    )
    with pytest.raises(ReadError, match="entity declarations"):
        teamtailor.read(body, url=RSS_URL)


def test_real_upcloud_rss(board_samples):
    body = (board_samples / "teamtailor" / "upcloud-jobs-rss-trimmed.xml").read_bytes()
    page = teamtailor.read(body, url="https://upcloud.teamtailor.com/jobs.rss")
    assert [p.external_id for p in page.postings] == [
        "d8938509-ff5a-4755-a5f7-5f89a0ac791e",
        "2a4eb6a0-7aa9-4acf-bcce-4d8b37287035",
    ]
    analyst, developer = page.postings
    assert analyst.title == "Business Intelligence Analyst"
    assert (
        analyst.url == "https://upcloud.teamtailor.com/jobs/8323453-business-intelligence-analyst"
    )
    assert analyst.location == "Helsinki"
    assert analyst.remote is False  # hybrid
    assert analyst.department == "Finance"
    assert analyst.posted_at == "2026-09-04T14:50:13+03:00"
    assert analyst.description_text is not None
    assert analyst.description_text.startswith("We are looking for a Business Intelligence Analyst")
    assert developer.title == "Full Stack Developer"
    assert developer.location == "EU"
    assert developer.remote is True  # fully
    assert developer.department == "Product Engineering"


def test_real_json_feed(board_samples):
    body = (board_samples / "teamtailor" / "teamtailor-jobs-jsonfeed-trimmed.json").read_bytes()
    page = teamtailor.read(body, url="https://career.teamtailor.com/jobs.json")
    assert [p.external_id for p in page.postings] == [
        "20fafb7d-f013-4061-b6de-2894b3e0838b",
        "a52c9a45-1132-44c9-9696-76974817ae6e",
    ]
    madrid, copenhagen = page.postings
    assert madrid.title == "Account Executive - Italy (Madrid based)"
    assert madrid.url == (
        "https://career.teamtailor.com/jobs/7167985-account-executive-italy-madrid-based"
    )
    assert madrid.location == "Madrid, Europe, ES"
    assert madrid.posted_at == "2026-02-04T09:26:20+01:00"
    assert copenhagen.location == "Stockholm, Sweden, SE | København, Europe, DK"
    assert copenhagen.remote is None
