"""URL forms and careers-page fingerprints of Eightfold, Taleo and Phenom."""

from __future__ import annotations

import pytest

from service.boards.fingerprints_b import board_token, page_board
from service.boards.readers import get_reader


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
