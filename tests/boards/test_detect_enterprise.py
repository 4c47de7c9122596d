"""Detection of the enterprise boards: SuccessFactors, Oracle Recruiting Cloud and iCIMS."""

from pathlib import Path

import pytest

from service.boards.detect import detect

PAGES = Path(__file__).resolve().parents[1] / "data" / "boards" / "careers-pages"
CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured"

URL_FORMS = [
    ("https://jobs.sap.com/", "successfactors", "jobs.sap.com"),
    ("https://jobs.sap.com/job/Walldorf-Developer/1234567/", "successfactors", "jobs.sap.com"),
]


@pytest.mark.parametrize(("url", "ats", "token"), URL_FORMS)
def test_enterprise_url_forms(url: str, ats: str, token: str) -> None:
    board = detect(url)

    assert (board.ats, board.token) == (ats, token)
    assert board.api_url.startswith("https://")


def test_a_career_site_builder_page_on_its_own_domain_is_successfactors() -> None:
    html = (PAGES / "successfactors-csb-home.html").read_text(encoding="utf-8")

    board = detect("https://careers.acme.example/", html=html)

    assert (board.ats, board.token) == ("successfactors", "careers.acme.example")
    assert board.api_url == (
        "https://careers.acme.example/search/?q=&sortColumn=referencedate&sortDirection=desc"
        "&startrow=0"
    )


def test_a_captured_csb_search_page_is_successfactors_by_its_job_title_links() -> None:
    html = (CAPTURED / "successfactors" / "csb-search-results-reduced.html").read_text()

    board = detect("https://www.careers.acme.example/search/?q=", html=html)

    assert (board.ats, board.token) == ("successfactors", "careers.acme.example")


def test_a_page_that_only_mentions_job_titles_stays_html() -> None:
    html = "<html><body><p>jobTitle-link is a CSS class we like</p></body></html>"
    assert detect("https://acme.example/careers", html=html).ats == "html"
