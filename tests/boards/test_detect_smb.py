"""Detection of the smaller employers' boards: Rippling, Breezy, Pinpoint, Jobvite, JazzHR."""

from __future__ import annotations

import pytest

from service.boards.detect import detect

URL_FORMS = [
    ("https://ats.rippling.com/blackrockneurotech/jobs", "rippling", "blackrockneurotech"),
    (
        "https://ats.rippling.com/en-GB/acme-inc/jobs/25f3fc2a-b77e-430b-9144-8cc3bb1531c9",
        "rippling",
        "acme-inc",
    ),
    ("https://ats.rippling.com/acme/jobs?page=1&jobBoardSlug=acme", "rippling", "acme"),
    ("https://ats.rippling.com/fr/jobs", "rippling", "fr"),  # a slug that looks like a locale
    ("https://api.rippling.com/platform/api/ats/v1/board/acme/jobs", "rippling", "acme"),
    ("https://ats.rippling.com/api/v2/board/acme/jobs/u-1", "rippling", "acme"),
    ("https://highlights-healthcare.breezy.hr/", "breezy", "highlights-healthcare"),
    ("https://acme.breezy.hr/json", "breezy", "acme"),
    ("https://acme.breezy.hr/p/9b5dbab30b78-nurse", "breezy", "acme"),
    ("https://trilongroup.pinpointhq.com/", "pinpoint", "trilongroup"),
    ("https://trilongroup.pinpointhq.com/postings.json", "pinpoint", "trilongroup"),
    ("https://acme.pinpointhq.com/en/postings/6547427b-f71c-4ab8", "pinpoint", "acme"),
    ("https://jobs.jobvite.com/neogenomics", "jobvite", "neogenomics"),
    ("https://jobs.jobvite.com/neogenomics/search?p=2", "jobvite", "neogenomics"),
    ("https://jobs.jobvite.com/feedingamerica/job/octxAfww", "jobvite", "feedingamerica"),
    ("https://paradromicsinc.applytojob.com/apply/", "jazzhr", "paradromicsinc"),
    (
        "https://paradromicsinc.applytojob.com/apply/ujxQN2lhPz/Field-Clinical-SpecialistEngineer",
        "jazzhr",
        "paradromicsinc",
    ),
]

NOT_BOARDS = [
    "https://www.rippling.com/careers",
    "https://ats.rippling.com/",
    "https://ats.rippling.com/acme",
    "https://app.rippling.com/acme/jobs",
    "https://breezy.hr/",
    "https://www.breezy.hr/pricing",
    "https://app.breezy.hr/signin",
    "https://a.b.breezy.hr/",
    "https://www.pinpointhq.com/",
    "https://app.pinpointhq.com/login",
    "https://www.jobvite.com/customers/",
    "https://jobs.jobvite.com/",
    "https://www.applytojob.com/",
    "https://www.jazzhr.com/careers/",
]


@pytest.mark.parametrize(("url", "ats", "token"), URL_FORMS)
def test_url_forms(url: str, ats: str, token: str) -> None:
    board = detect(url)

    assert (board.ats, board.token) == (ats, token)
    assert board.api_url.startswith("https://")


@pytest.mark.parametrize("url", NOT_BOARDS)
def test_other_vendor_urls_are_not_boards(url: str) -> None:
    assert detect(url).ats == "html"


def test_a_rippling_board_url_reads_the_v1_list() -> None:
    board = detect("https://ats.rippling.com/acme/jobs")
    assert board.api_url == "https://api.rippling.com/platform/api/ats/v1/board/acme/jobs"


def test_a_careers_page_linking_to_its_rippling_board_is_rippling() -> None:
    html = (
        "<html><body><h1>Careers</h1>"
        '<a href="https://ats.rippling.com/acme/jobs/1f0e">Engineer</a>'
        '<a href="https://ats.rippling.com/acme/jobs">All openings</a></body></html>'
    )

    board = detect("https://acme.example/careers", html=html)

    assert (board.ats, board.token) == ("rippling", "acme")


def test_a_breezy_board_reads_its_json_list() -> None:
    assert detect("https://acme.breezy.hr/").api_url == "https://acme.breezy.hr/json"


def test_a_pinpoint_board_reads_its_postings_json() -> None:
    board = detect("https://acme.pinpointhq.com/en/postings")
    assert board.api_url == "https://acme.pinpointhq.com/postings.json"


def test_a_jobvite_tenant_reads_its_first_search_page() -> None:
    board = detect("https://jobs.jobvite.com/neogenomics/jobs")
    assert board.api_url == "https://jobs.jobvite.com/neogenomics/search?p=0"


def test_a_jazzhr_board_reads_its_apply_page() -> None:
    board = detect("https://acme.applytojob.com/apply/abc123XYZ/Engineer")
    assert board.api_url == "https://acme.applytojob.com/apply/"


def test_a_careers_page_embedding_its_jazzhr_board_is_jazzhr() -> None:
    html = (
        "<html><body><h1>Join us</h1>"
        '<iframe src="https://acme.applytojob.com/apply/jobs/"></iframe></body></html>'
    )
    board = detect("https://acme.example/careers", html=html)
    assert (board.ats, board.token) == ("jazzhr", "acme")
