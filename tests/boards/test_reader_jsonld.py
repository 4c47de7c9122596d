"""The schema.org JobPosting JSON-LD reader: every block shape, tolerance, real pages."""

from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.readers import jsonld

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "jsonld"
PAGE_URL = "https://careers.helvetia-labs.example/jobs?page=1"


def graph_postings() -> list:
    body = (DATA / "careers-graph.html").read_bytes()
    return jsonld.read(body, url=PAGE_URL).postings


def test_finds_postings_in_graph_arrays_item_lists_and_wrapped_blocks():
    postings = graph_postings()
    assert [p.title for p in postings] == [
        "Platform Engineer",
        "Remote Support Engineer",
        "東京 Sales Lead",
        "Data Analyst",
        "Office Manager",
    ]
    assert {p.ats for p in postings} == {"jsonld"}


def test_ids_come_from_identifier_else_the_canonical_url():
    assert [p.external_id for p in graph_postings()] == [
        "HL-2041",
        "HL-2042",
        "2043",
        "https://careers.helvetia-labs.example/jobs/hl-2044",
        "https://careers.helvetia-labs.example/jobs",
    ]


def test_urls_are_absolute_without_tracking_or_fragment():
    assert [p.url for p in graph_postings()] == [
        "https://careers.helvetia-labs.example/jobs/hl-2041-platform-engineer",
        "https://careers.helvetia-labs.example/jobs/hl-2042",
        "https://careers.helvetia-labs.example/jobs/hl-2043",
        "https://careers.helvetia-labs.example/jobs/hl-2044",
        # No url of its own: the page's canonical link.
        "https://careers.helvetia-labs.example/jobs",
    ]


def test_locations_drop_placeholders_and_join_places():
    assert [p.location for p in graph_postings()] == [
        "Zürich, ZH, CH",
        "Remote (Switzerland, Germany)",
        "東京, JP | Osaka, JP | Singapore",
        "Basel",
        "Bern, CH",
    ]


def test_other_fields():
    platform, support, sales, analyst, office = graph_postings()
    assert platform.employment_type == "FULL_TIME, PERMANENT"
    assert platform.department == "Engineering"
    assert platform.posted_at == "2026-02-11T00:00:00"
    assert platform.updated_at == "2026-02-20T08:00:00+00:00"
    assert platform.description_text == "Run our Kubernetes fleet."
    assert platform.remote is None
    assert support.remote is True
    assert support.department == "Customer Support"
    assert support.employment_type == "PART_TIME"
    assert sales.description_text is None
    assert analyst.posted_at == "2026-01-05T09:00:00+01:00"
    assert office.description_text == "Line one\nLine two with a raw tab"
    assert office.employment_type == "Full-time"


def test_page_without_a_job_posting_is_an_empty_page():
    body = (DATA / "no-jobposting.html").read_bytes()
    page = jsonld.read(body, url="https://helvetia-labs.example/about")
    assert page.postings == []
    assert page.next_request is None


def test_plain_html_without_scripts_is_an_empty_page():
    assert jsonld.read(b"<p>Hello</p>", url=PAGE_URL).postings == []


def test_a_json_body_is_read_as_one_block():
    body = b'{"@type": "JobPosting", "title": "Baker", "url": "/jobs/7"}'
    page = jsonld.read(body, url="https://bakery.example/feed.json")
    assert [(p.external_id, p.url) for p in page.postings] == [
        ("https://bakery.example/jobs/7", "https://bakery.example/jobs/7")
    ]


def test_type_given_as_a_full_iri_and_nested_main_entity():
    body = (
        b'<script type="application/ld+json">{"@type": "WebPage", "mainEntity": '
        b'{"@type": "http://schema.org/JobPosting", "title": "Nested", "identifier": "N-1", '
        b'"jobLocation": {"@type": "Place", "address": {"addressLocality": "Wien", '
        b'"addressCountry": "AT"}}}}</script>'
    )
    page = jsonld.read(body, url=PAGE_URL)
    assert [(p.external_id, p.location) for p in page.postings] == [("N-1", "Wien, AT")]


def test_a_posting_without_any_absolute_url_is_skipped():
    body = b'<script type="application/ld+json">{"@type": "JobPosting", "title": "Lost"}</script>'
    assert jsonld.read(body, url="saved.html").postings == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "the page is empty"),
        (b"   \n\t ", "the page is empty"),
        (b"<!-- only a comment -->", "no HTML content"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_empty_or_binary_bodies_raise_read_error(body, message):
    with pytest.raises(ReadError, match=message):
        jsonld.read(body, url=PAGE_URL)


def test_load_block_tolerates_wrappers_and_trailing_junk():
    assert jsonld.load_block('<!-- {"a": 1} -->') == [{"a": 1}]
    assert jsonld.load_block('//<![CDATA[\n{"a": 1}\n//]]>') == [{"a": 1}]
    assert jsonld.load_block('{"a": 1}};') == [{"a": 1}]
    assert jsonld.load_block('{"a": 1};\n{"b": 2}') == [{"a": 1}, {"b": 2}]
    assert jsonld.load_block('{"a": "tab\there"}') == [{"a": "tab\there"}]
    assert jsonld.load_block("{ broken") == []


def test_real_icims_page(board_samples):
    body = (board_samples / "jsonld" / "icims-sig-internship.html").read_bytes()
    url = "https://careers-sig.icims.com/jobs/11169/job"
    page = jsonld.read(body, url=url)
    assert len(page.postings) == 1
    posting = page.postings[0]
    expected_url = "https://careers-sig.icims.com/jobs/11169/trading-system-engineering-internship%3a-summer-2027/job"
    assert posting.external_id == expected_url
    assert posting.url == expected_url
    assert posting.title == "Trading System Engineering Internship: Summer 2027"
    assert posting.location == "Hong Kong, HK"  # the "UNAVAILABLE" parts are dropped
    assert posting.employment_type == "OTHER"
    assert posting.department == "Interns + Co-ops"
    assert posting.posted_at == "2026-07-06T00:00:00+00:00"
    assert posting.remote is None
    text = posting.description_text or ""
    assert text.startswith("Overview\n\nSusquehanna is looking for highly motivated")
    assert "• Exceptional logical reasoning skills" in text
    assert "<" not in text


def test_real_metacareers_page_with_nine_locations(board_samples):
    body = (board_samples / "jsonld" / "metacareers-software-engineer.html").read_bytes()
    url = "https://www.metacareers.com/jobs/1234567890/?utm_source=x"
    page = jsonld.read(body, url=url)
    assert len(page.postings) == 1
    posting = page.postings[0]
    assert posting.title == "Software Engineer, Infrastructure"
    # No url and no identifier: the page URL without tracking, and the Places' own names
    # (their addresses all say Sunnyvale).
    assert posting.url == "https://www.metacareers.com/jobs/1234567890/"
    assert posting.external_id == posting.url
    assert posting.location == (
        "Sunnyvale, CA | Bellevue, WA | Redmond, WA | Austin, TX | Menlo Park, CA | Seattle, WA"
        " | Burlingame, CA | Remote, US | New York, NY"
    )
    assert posting.remote is True  # "Remote, US" is one of its places
    assert posting.employment_type == "Full-time"
    assert posting.posted_at == "2025-06-10T13:07:44-07:00"
    text = posting.description_text or ""
    assert text.startswith("Meta is seeking talented engineers")
    assert "\n\nResponsibilities\n\nCollaborate with cross-functional teams" in text
    assert "\n\nQualifications\n\nBachelor's degree in Computer Science" in text


def test_real_neura_page_with_identifier(board_samples):
    body = (board_samples / "jsonld" / "neura-robotics-talentsconnect-manager.html").read_bytes()
    page = jsonld.read(body, url="https://jobs.neura-robotics.com/offer/x")
    assert len(page.postings) == 1
    posting = page.postings[0]
    assert posting.external_id == "00df0928-b013-448c-b3dd-6c6fb80eadc2"
    assert posting.title == "Manager Ecosystem Integration & Certification (Human)"
    assert posting.url == (
        "https://jobs.neura-robotics.com/offer/manager-ecosystem-integration-certi/"
        "00df0928-b013-448c-b3dd-6c6fb80eadc2"
    )
    assert posting.location == "Metzingen, DE"
    assert posting.posted_at == "2025-11-06T00:00:00+01:00"
    text = posting.description_text or ""
    assert text.startswith("Your mission & challenges\n\nAs the Manager Ecosystem Integration")
    assert "\\n" not in text  # literal "\n" sequences became line breaks
    assert "What we can look forward to" in text
