"""detect() finds Eightfold, Taleo and Phenom boards by their URL forms and page fingerprints."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.boards.detect import detect

DATA = Path(__file__).resolve().parents[1] / "data" / "boards"
SECTION = "https://acme.taleo.net/careersection/2/jobsearch.ftl?lang=en"


@pytest.mark.parametrize(
    ("url", "ats", "token", "api_url"),
    [
        (
            "https://albemarle.eightfold.ai/careers?domain=albemarle.com",
            "eightfold",
            "albemarle/albemarle.com",
            "https://albemarle.eightfold.ai/api/apply/v2/jobs?domain=albemarle.com",
        ),
        (
            "https://albemarle.eightfold.ai/careers/job/1099556324897",
            "eightfold",
            "albemarle",
            "https://albemarle.eightfold.ai/api/apply/v2/jobs?",
        ),
        (
            "https://phh.tbe.taleo.net/phh04/ats/careers/v2/viewRequisition"
            "?org=NFINDY&cws=37&rid=17",
            "taleo",
            "phh/phh04/NFINDY/37",
            "https://phh.tbe.taleo.net/phh04/ats/careers/v2/searchResults?org=NFINDY&cws=37",
        ),
        (
            "https://acme.taleo.net/careersection/rest/jobboard/searchjobs?lang=en"
            "&portal=101430233#section=2",
            "taleo",
            "acme/2/101430233",
            "https://acme.taleo.net/careersection/rest/jobboard/searchjobs?",
        ),
    ],
)
def test_url_forms(url: str, ats: str, token: str, api_url: str) -> None:
    board = detect(url)

    assert (board.ats, board.token) == (ats, token)
    assert board.api_url.startswith(api_url)


def test_a_taleo_career_section_url_alone_asks_for_its_page() -> None:
    board = detect(SECTION)  # the portal number is only in the page

    assert (board.ats, board.token, board.api_url) == ("html", SECTION, SECTION)


def test_a_taleo_career_section_page_gives_its_portal() -> None:
    page = (DATA / "taleo" / "acme-jobsearch.html").read_text(encoding="utf-8")

    board = detect(SECTION, html=page)

    assert (board.ats, board.token) == ("taleo", "acme/2/101430233")
    assert board.api_url.startswith("https://acme.taleo.net/careersection/rest/jobboard/")


def test_a_careers_page_linking_to_eightfold_is_eightfold() -> None:
    html = (
        '<html><body><a href="https://albemarle.eightfold.ai/careers?query=&amp;'
        'domain=albemarle.com">Search jobs</a></body></html>'
    )

    board = detect("https://www.albemarle.example/careers", html=html)

    assert (board.ats, board.token) == ("eightfold", "albemarle/albemarle.com")


def test_a_careers_page_linking_to_taleo_business_edition_is_taleo() -> None:
    html = (
        '<html><body><a href="https://phh.tbe.taleo.net/phh04/ats/careers/v2/searchResults'
        '?org=NFINDY&amp;cws=37">Open positions</a></body></html>'
    )

    board = detect("https://nursesandmore.example/jobs", html=html)

    assert (board.ats, board.token) == ("taleo", "phh/phh04/NFINDY/37")


def test_a_phenom_search_page_is_phenom_on_its_own_host() -> None:
    page = (DATA / "captured" / "phenom" / "phenom-search-results-ddo-trimmed.html").read_text(
        encoding="utf-8"
    )
    url = "https://careers.phenom.com/global/en/search-results"

    assert detect(url).ats == "html"  # a company's own host: only its page tells
    board = detect(url, html=page)
    assert (board.ats, board.token) == ("phenom", "careers.phenom.com/global/en")
    assert board.api_url.startswith(url)


def test_phenoms_cdn_marks_a_careers_page() -> None:
    html = (
        '<html><head><script src="https://cdn.phenompeople.com/CareerConnectResources/app.js">'
        "</script></head><body></body></html>"
    )

    board = detect("https://jobs.acme.example/us/en/", html=html)

    assert (board.ats, board.token) == ("phenom", "jobs.acme.example/us/en")


@pytest.mark.parametrize(
    "url",
    [
        "https://eightfold.ai/careers",
        "https://albemarle.eightfold.ai/about",
        "https://albemarle.eightfold.ai.evil.example/careers",
        "https://phh.tbe.taleo.net/phh04/ats/careers/v2/searchResults?org=NFINDY",
        "https://taleo.net/careersection/2/jobsearch.ftl",
    ],
)
def test_other_urls_are_no_board(url: str) -> None:
    assert detect(url).ats == "html"


def test_a_page_that_only_names_these_systems_stays_html() -> None:
    html = "<html><body><p>We left Taleo and eightfold.ai; phenomenal people.</p></body></html>"
    assert detect("https://acme.example/careers", html=html).ats == "html"
