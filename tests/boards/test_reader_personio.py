"""The Personio XML feed reader against our saved feed and the real sanitized sample."""

from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.readers import personio

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "personio"
FEED_URL = "https://acme.jobs.personio.de/xml?language=en"


def read_saved(name: str, url: str = FEED_URL):
    return personio.read((DATA / name).read_bytes(), url=url)


def test_first_request_is_the_english_xml_feed():
    request = personio.first_request("acme")
    assert request.url == "https://acme.jobs.personio.de/xml?language=en"
    assert request.method == "GET"


def test_first_request_refuses_a_token_that_is_not_a_company_name():
    with pytest.raises(ValueError, match="company name"):
        personio.first_request("acme/../evil")


def test_reads_every_position_with_an_id_and_a_name():
    page = read_saved("acme-feed.xml")
    assert [p.external_id for p in page.postings] == ["1204871", "1204872", "1204875"]
    assert page.next_request is None
    assert {p.ats for p in page.postings} == {"personio"}


def test_builds_posting_links_on_the_feed_host():
    page = read_saved("acme-feed.xml")
    assert page.postings[0].url == "https://acme.jobs.personio.de/job/1204871"
    on_com = read_saved("acme-feed.xml", url="https://acme.jobs.personio.com/xml")
    assert on_com.postings[0].url == "https://acme.jobs.personio.com/job/1204871"


def test_first_position_fields():
    backend = read_saved("acme-feed.xml").postings[0]
    assert backend.title == "Senior Backend Engineer (Python)"
    assert backend.location == "Zürich | Berlin | München"
    assert backend.remote is None
    assert backend.department == "Engineering"
    assert backend.employment_type == "permanent, full-time"
    assert backend.posted_at == "2026-03-02T09:15:00+01:00"


def test_description_is_plain_text_with_section_headings_and_no_script():
    text = read_saved("acme-feed.xml").postings[0].description_text
    assert text is not None
    assert text.startswith("Your mission\n\nBuild the fleet API for Tom & Jerry's robots.")
    assert "• Python 3.12" in text
    assert "Your profile\n\n5+ years > backend experience" in text
    assert "alert" not in text
    assert "<" not in text.replace("> backend", "")


def test_remote_office_and_recruiting_category_fallback():
    manager = read_saved("acme-feed.xml").postings[1]
    assert manager.location == "Remote"
    assert manager.remote is True
    assert manager.department == "Customer Success"
    assert manager.employment_type == "permanent, part-time"
    assert manager.description_text is None


def test_unicode_position_without_dates_or_descriptions():
    tokyo = read_saved("acme-feed.xml").postings[2]
    assert tokyo.title == "データエンジニア"
    assert tokyo.location == "東京"
    assert tokyo.posted_at is None
    assert tokyo.department is None


def test_repeated_id_keeps_the_first_position():
    page = read_saved("acme-feed.xml")
    titles = [p.title for p in page.postings if p.external_id == "1204871"]
    assert titles == ["Senior Backend Engineer (Python)"]


def test_empty_feed_is_an_empty_page():
    page = personio.read(b"<workzag-jobs></workzag-jobs>", url=FEED_URL)
    assert page.postings == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "well-formed"),
        (b"<workzag-jobs><position>", "well-formed"),
        (b'{"jobs": []}', "well-formed"),
        (b"<rss><channel/></rss>", "expected a <workzag-jobs> feed, got <rss>"),
        (b"<html><body>Not found</body></html>", "got <html>"),
    ],
)
def test_malformed_payloads_raise_read_error(body, message):
    with pytest.raises(ReadError, match=message):
        personio.read(body, url=FEED_URL)


def test_a_feed_url_is_needed_to_build_links():
    with pytest.raises(ReadError, match="feed URL"):
        read_saved("acme-feed.xml", url="acme.xml")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<workzag-jobs><position><id>1</id><name>&lol9;</name></position></workzag-jobs>"""


def test_billion_laughs_is_refused():
    with pytest.raises(ReadError):
        personio.read(BILLION_LAUGHS, url=FEED_URL)


def test_external_entities_are_never_resolved():
    body = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<workzag-jobs><position><id>1</id><name>&e;</name></position></workzag-jobs>"
    )
    with pytest.raises(ReadError, match="entity declarations"):
        personio.read(body, url=FEED_URL)


def test_real_sanitized_feed(board_samples):
    body = (board_samples / "personio" / "xml-feed-sanitized.xml").read_bytes()
    page = personio.read(body, url="https://personio.jobs.personio.com/xml?language=en")
    # The sample repeats one position twice; it reads as one posting.
    assert len(page.postings) == 1
    posting = page.postings[0]
    assert posting.external_id == "1834171"
    assert posting.title == "Staff Software Engineer, Data Platform"
    assert posting.url == "https://personio.jobs.personio.com/job/1834171"
    assert posting.location == "Munich | Berlin"
    assert posting.department == "Product and Tech"
    assert posting.employment_type == "permanent, full-time"
    assert posting.posted_at == "2024-11-13T14:10:41+00:00"
    assert posting.description_text is None
    assert posting.remote is None
