"""URL forms and careers-page fingerprints of Eightfold, Taleo and Phenom."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.boards.fingerprints_b import board_token, page_board, taleo_section
from service.boards.readers import get_reader

DATA = Path(__file__).resolve().parents[1] / "data" / "boards"


@pytest.mark.parametrize(
    ("url", "token"),
    [
        ("https://albemarle.eightfold.ai/careers?domain=albemarle.com", "albemarle/albemarle.com"),
        ("https://albemarle.eightfold.ai/careers/job/1099556324897", "albemarle"),
        (
            "https://albemarle.eightfold.ai/api/apply/v2/jobs?domain=albemarle.com&start=0&num=10",
            "albemarle/albemarle.com",
        ),
        ("ALBEMARLE.eightfold.ai/careers", "albemarle"),
    ],
)
def test_eightfold_url_forms(url: str, token: str) -> None:
    assert board_token(url) == ("eightfold", token)
    first_request = get_reader("eightfold").first_request
    assert first_request is not None
    first_request(token)  # a token the reader takes


@pytest.mark.parametrize(
    "url",
    [
        "https://eightfold.ai/careers",
        "https://albemarle.eightfold.ai/about",
        "https://albemarle.eightfold.ai.evil.example/careers",
        "https://jobs.albemarle.com/careers",
        "http://[::1",
    ],
)
def test_other_urls_are_not_eightfold(url: str) -> None:
    assert board_token(url) is None


def test_a_careers_page_linking_to_eightfold_gives_its_board() -> None:
    html = (
        '<a href="https://albemarle.eightfold.ai/careers?query=&amp;domain=albemarle.com">'
        "Search jobs</a>"
    )
    assert page_board("https://www.albemarle.com/careers", html) == (
        "eightfold",
        "albemarle/albemarle.com",
    )
    plain = '<iframe src="https://acme.eightfold.ai/careers"></iframe>'
    assert page_board("https://acme.example/jobs", plain) == ("eightfold", "acme")
    assert page_board("https://acme.example/jobs", "<p>eightfold.ai is great</p>") is None


TBE_SEARCH = "https://phh.tbe.taleo.net/phh04/ats/careers/v2/searchResults?org=NFINDY&cws=37"


@pytest.mark.parametrize(
    ("url", "token"),
    [
        (TBE_SEARCH, "phh/phh04/NFINDY/37"),
        (
            "https://phh.tbe.taleo.net/phh04/ats/careers/v2/viewRequisition"
            "?org=NFINDY&cws=37&rid=17",
            "phh/phh04/NFINDY/37",
        ),
        (
            "https://acme.taleo.net/careersection/rest/jobboard/searchjobs?lang=en"
            "&portal=101430233#section=2",
            "acme/2/101430233",
        ),
    ],
)
def test_taleo_url_forms(url: str, token: str) -> None:
    assert board_token(url) == ("taleo", token)
    first_request = get_reader("taleo").first_request
    assert first_request is not None
    assert board_token(first_request(token).url) == ("taleo", token)  # round trip


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.taleo.net/careersection/2/jobsearch.ftl?lang=en",  # needs its page
        "https://phh.tbe.taleo.net/phh04/ats/careers/v2/searchResults?org=NFINDY",
        "https://taleo.net/careersection/2/jobsearch.ftl",
        "https://acme.taleo.net.evil.example/careersection/2/jobsearch.ftl?portal=1",
    ],
)
def test_incomplete_taleo_urls_give_no_board(url: str) -> None:
    assert board_token(url) is None


def test_a_career_section_page_gives_its_portal() -> None:
    page = (DATA / "taleo" / "acme-jobsearch.html").read_text()
    url = "https://acme.taleo.net/careersection/2/jobsearch.ftl?lang=en"
    assert taleo_section(url) == ("acme", "2")
    assert page_board(url, page) == ("taleo", "acme/2/101430233")
    assert taleo_section("https://acme.example/careers") is None


def test_a_careers_page_linking_to_business_edition_gives_its_board() -> None:
    html = f'<a href="{TBE_SEARCH.replace("&", "&amp;")}">Open positions</a>'
    assert page_board("https://nursesandmore.example/jobs", html) == (
        "taleo",
        "phh/phh04/NFINDY/37",
    )


def test_a_phenom_search_page_gives_its_site_and_locale() -> None:
    page = (DATA / "captured" / "phenom" / "phenom-search-results-ddo-trimmed.html").read_text()
    url = "https://careers.phenom.com/global/en/search-results"
    assert board_token(url) is None  # a company's own host: only the page tells
    assert page_board(url, page) == ("phenom", "careers.phenom.com/global/en")
    first_request = get_reader("phenom").first_request
    assert first_request is not None
    assert first_request("careers.phenom.com/global/en").url.startswith(url)


def test_phenoms_cdn_marks_a_careers_page() -> None:
    html = '<script src="https://cdn.phenompeople.com/CareerConnectResources/app.js"></script>'
    assert page_board("https://jobs.acme.example/", html) == ("phenom", "jobs.acme.example")
    assert page_board("https://jobs.acme.example/us/en/", html) == (
        "phenom",
        "jobs.acme.example/us/en",
    )
    assert page_board("https://jobs.acme.example/", "<p>phenomenal jobs</p>") is None
