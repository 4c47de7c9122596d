"""The plain careers-page reader: job links by heuristics, or by the user's CSS selectors."""

import sys
from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.readers import html
from service.boards.readers.html import Selectors

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "html"


def read_saved(name: str, url: str, selectors: Selectors | None = None):
    return html.read((DATA / name).read_bytes(), url=url, selectors=selectors).postings


def test_list_page_finds_job_links_and_skips_navigation():
    postings = read_saved("list-page.html", "https://www.alpenglow.example/careers")
    assert [p.url for p in postings] == [
        "https://www.alpenglow.example/jobs/senior-backend-engineer-123",
        "https://www.alpenglow.example/jobs/frontend-developer-124",
        "https://www.alpenglow.example/jobs/data_scientist",
        "https://boards.greenhouse.io/alpenglow/jobs/4412233",
        "https://jobs.lever.co/alpenglow/5f1c2a1e-7b7d-4a8e-9c7e-3f1b2a3c4d5e",
        "https://www.alpenglow.example/careers/open?gh_jid=7781122",
        "https://www.alpenglow.example/job/security-analyst",
        "https://www.alpenglow.example/positions/technical-writer-77",
    ]
    assert [p.external_id for p in postings] == [p.url for p in postings]
    assert {p.ats for p in postings} == {"html"}


def test_list_page_titles_locations_and_departments():
    postings = read_saved("list-page.html", "https://www.alpenglow.example/careers")
    assert [p.title for p in postings] == [
        "Senior Backend Engineer",
        "Frontend Developer (React)",
        "Data Scientist",
        "Product Manager, Payments",
        "Customer Success Lead",
        "Site Reliability Engineer",
        "Security Analyst & Incident Responder",
        "Technical Writer",  # the heading beside a generic "Apply now" link
    ]
    assert [p.location for p in postings] == [
        "Zürich, Switzerland",
        "Remote \u2013 EU",
        None,
        "Berlin",
        None,
        None,
        None,
        "東京",
    ]
    assert [p.remote for p in postings][:3] == [None, True, None]
    assert postings[6].department == "Security"


def test_cards_with_base_href_and_links_wrapping_the_card():
    postings = read_saved("cards-page.html", "https://fjord-analytics.example/careers")
    assert [(p.url, p.title, p.location, p.department) for p in postings] == [
        (
            "https://fjord-analytics.example/en/vacancies/2201-machine-learning-engineer",
            "Machine Learning Engineer",
            "Oslo, Norway",
            "Data",
        ),
        (
            "https://fjord-analytics.example/en/vacancies/2202-account-executive",
            "Account Executive",
            "Remote (Nordics)",
            "Sales",
        ),
        (
            "https://fjord-analytics.example/en/openings/2203-office-coordinator",
            "Office Coordinator",
            "Bergen",
            None,
        ),
    ]
    assert [p.remote for p in postings] == [None, True, None]


def test_table_rows_take_location_and_department_from_their_columns():
    postings = read_saved("table-page.html", "https://brueckner.example/karriere")
    assert [(p.title, p.location, p.department) for p in postings] == [
        ("Konstrukteur (m/w/d)", "München", "Engineering"),
        ("Vertriebsingenieur (m/w/d)", "Hamburg / Home-Office", "Sales"),
        ("Ausbildung Mechatroniker", "Düsseldorf", None),
    ]
    assert postings[0].url == (
        "https://brueckner.example/karriere/stellenangebote/1001-konstrukteur-m-w-d"
    )
    assert postings[1].remote is True


def test_page_without_job_links_is_an_empty_page():
    body = b'<html><body><a href="/about">About</a><a href="/jobs">Jobs</a></body></html>'
    page = html.read(body, url="https://example.com/")
    assert page.postings == []
    assert page.next_request is None


def test_links_to_the_page_itself_are_not_postings():
    body = b'<a href="https://example.com/jobs/team-42?utm_source=x">Team 42 jobs</a>'
    assert html.read(body, url="https://example.com/jobs/team-42").postings == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/jobs/backend-engineer", True),
        ("https://example.com/en/careers/4711", True),
        ("https://example.com/job/anything", True),
        ("https://example.com/openings/sales_lead", True),
        ("https://example.com/careers?jobId=55", True),
        ("https://job-boards.greenhouse.io/acme/jobs/123", True),
        ("https://jobs.ashbyhq.com/acme/0c1d2e3f-aaaa-bbbb-cccc-1234567890ab", True),
        ("https://acme.jobs.personio.de/job/1834171", True),
        ("https://example.com/jobs", False),
        ("https://example.com/jobs/", False),
        ("https://example.com/careers/benefits", False),
        ("https://example.com/careers/engineering", False),
        ("https://example.com/careers/life-at-acme", False),
        ("https://example.com/jobs/search", False),
        ("https://example.com/careers/privacy", False),
        ("https://jobs.lever.co/acme", False),
        ("https://www.linkedin.com/jobs/view/12345", False),
        ("https://example.com/jobs/logo-1.png", False),
    ],
)
def test_is_job_url(url, expected):
    assert html.is_job_url(url) is expected


def test_canonical_url_drops_fragment_tracking_default_port_and_apply():
    assert (
        html.canonical_url("HTTPS://Example.COM:443/jobs/42/apply?utm_source=x&id=7&gclid=abc#form")
        == "https://example.com/jobs/42?id=7"
    )
    assert html.canonical_url("http://example.com:8080/j?a=1") == "http://example.com:8080/j?a=1"


def test_selectors_pick_items_the_heuristics_cannot_see():
    url = "https://cafe.example/work-with-us"
    assert read_saved("custom-page.html", url) == []
    selectors = Selectors(item="div.vacancy", title="h4.name", link="a.more", location=".place")
    postings = read_saved("custom-page.html", url, selectors)
    assert [(p.external_id, p.title, p.location) for p in postings] == [
        ("https://cafe.example/p?id=5", "Barista", "Lisboa"),
        ("https://cafe.example/p?id=6", "Shift Lead", "Porto"),
    ]


def test_selectors_default_to_the_items_link_and_its_text():
    url = "https://www.alpenglow.example/careers"
    postings = read_saved("list-page.html", url, Selectors(item="ul.jobs li"))
    assert len(postings) == 7  # the repeated backend link is one posting
    assert postings[0].title == "Senior Backend Engineer"
    assert postings[0].location is None
    cards = Selectors(item="a.job-card", title="h3")
    anchors = read_saved("cards-page.html", "https://fjord-analytics.example/", cards)
    # Links resolve against the page's <base>; the card without an <h3> is skipped.
    assert [p.url for p in anchors] == [
        "https://fjord-analytics.example/en/vacancies/2201-machine-learning-engineer",
        "https://fjord-analytics.example/en/vacancies/2202-account-executive",
    ]


def test_an_invalid_selector_is_a_read_error_naming_it():
    with pytest.raises(ReadError, match="the item selector 'div\\[' is not valid CSS"):
        html.read(b"<p>x</p>", url="https://example.com/", selectors=Selectors(item="div["))


@pytest.mark.parametrize("selectors", [None, Selectors(item="li")])
@pytest.mark.parametrize(
    ("body", "message"),
    [(b"", "the page is empty"), (b" \n ", "the page is empty"), (b"\x00\x01\x02", "binary")],
)
def test_empty_or_binary_bodies_raise_read_error(body, message, selectors):
    with pytest.raises(ReadError, match=message):
        html.read(body, url="https://example.com/", selectors=selectors)


def test_xml_looking_body_with_selectors_raises_no_warning():
    body = (
        b'<?xml version="1.0"?><rss><item><a href="https://x.example/jobs/1-a">A</a></item></rss>'
    )
    page = html.read(body, url="https://x.example/", selectors=Selectors(item="item"))
    assert [p.title for p in page.postings] == ["A"]


TABLE_HEADER = "<tr><th>Title</th><th>Location</th><th>Department</th></tr>"


def table_page(header: str, rows: int) -> bytes:
    """A careers page with one table of ``rows`` job rows."""
    cells = "".join(
        f'<tr><td><a href="/jobs/{n}">Engineer {n}</a></td><td>Berlin</td><td>R&amp;D</td></tr>'
        for n in range(rows)
    )
    return f"<html><body><table>{header}{cells}</table></body></html>".encode()


def steps_to_read(body: bytes) -> int:
    """How many Python and C function calls reading ``body`` takes: work, not seconds."""
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(count)
    try:
        html.read(body, url="https://acme.example/careers")
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize("header", ["", TABLE_HEADER], ids=["no-header", "header"])
def test_a_long_table_is_read_in_linear_time(header: str) -> None:
    postings = html.read(table_page(header, 3000), url="https://acme.example/careers").postings

    # Each row rescanned the whole table before: twice the rows took four times the work.
    assert steps_to_read(table_page(header, 1000)) < 2.5 * steps_to_read(table_page(header, 500))
    assert len(postings) == 3000
    located = {("Berlin", "R&D")} if header else {(None, None)}
    assert {(p.location, p.department) for p in postings} == located
