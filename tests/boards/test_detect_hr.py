"""detect() finds the HR-suite boards (Paylocity, …) by their URL forms and careers pages."""

from __future__ import annotations

import pytest

from service.boards.detect import detect

GUID = "add565e9-4cee-4334-8182-9de221ffb9e4"
PAYLOCITY_BOARD = f"https://recruiting.paylocity.com/recruiting/jobs/All/{GUID}"


@pytest.mark.parametrize(
    "url",
    [
        PAYLOCITY_BOARD,
        f"https://recruiting.paylocity.com/Recruiting/Jobs/All/{GUID.upper()}/Fermi-LLC",
        f"recruiting.paylocity.com/recruiting/jobs/All/{GUID}?department=Finance",
        f"https://recruiting.paylocity.com/Recruiting/Jobs/Details/4248451/{GUID}",
    ],
)
def test_paylocity_url_forms(url: str) -> None:
    board = detect(url)

    assert (board.ats, board.token, board.api_url) == ("paylocity", GUID, PAYLOCITY_BOARD)


@pytest.mark.parametrize(
    "url",
    [
        "https://recruiting.paylocity.com/recruiting/jobs/Details/4248451/Fermi-LLC/Tax-Director",
        "https://recruiting.paylocity.com/recruiting/jobs/All/fermi",
        "https://www.paylocity.com/careers/",
        f"https://recruiting.paylocity.com.evil.example/recruiting/jobs/All/{GUID}",
        f"https://recruiting.paylocity.com/recruiting/api/feed/jobs/{GUID}",
    ],
)
def test_other_paylocity_urls_are_no_board(url: str) -> None:
    assert detect(url).ats == "html"


def test_a_careers_page_framing_a_paylocity_board_is_that_board() -> None:
    html = (
        "<html><body><h1>Join us</h1>"
        f'<iframe src="{PAYLOCITY_BOARD}" title="Open positions"></iframe></body></html>'
    )

    board = detect("https://www.fermi.example/careers", html=html)

    assert (board.ats, board.token) == ("paylocity", GUID)


def test_a_careers_page_linking_to_a_paylocity_board_is_that_board() -> None:
    html = f'<html><body><a href="{PAYLOCITY_BOARD}/Fermi-LLC">See our openings</a></body></html>'

    board = detect("https://www.fermi.example/about", html=html)

    assert (board.ats, board.token) == ("paylocity", GUID)
