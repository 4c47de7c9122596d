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


UKG_GUID = "5dc4f3c1-3b9c-4b9c-9c48-34b0a6a3d1b4"
UKG_SEARCH = (
    f"https://recruiting2.ultipro.com/BAY1003BAYGE/JobBoard/{UKG_GUID}/JobBoardView/"
    "LoadSearchResults"
)


@pytest.mark.parametrize(
    ("url", "token", "api_url"),
    [
        (
            f"https://recruiting2.ultipro.com/BAY1003BAYGE/JobBoard/{UKG_GUID}/",
            f"BAY1003BAYGE/{UKG_GUID}",
            UKG_SEARCH,
        ),
        (
            f"https://recruiting2.ultipro.com/BAY1003BAYGE/JobBoard/{UKG_GUID.upper()}/"
            "OpportunityDetail?opportunityId=13b5978c-3aee-44cd-8c13-bcb56ab16705",
            f"BAY1003BAYGE/{UKG_GUID}",
            UKG_SEARCH,
        ),
        (UKG_SEARCH, f"BAY1003BAYGE/{UKG_GUID}", UKG_SEARCH),
        (
            f"https://recruiting.ultipro.com/ACM1001ACME/JobBoard/{UKG_GUID}/?q=&o=postedDateDesc",
            f"recruiting.ultipro.com/ACM1001ACME/{UKG_GUID}",
            f"https://recruiting.ultipro.com/ACM1001ACME/JobBoard/{UKG_GUID}/JobBoardView/"
            "LoadSearchResults",
        ),
        (
            f"https://acme.rec.pro.ukg.net/ACM1001ACME/JobBoard/{UKG_GUID}",
            f"acme.rec.pro.ukg.net/ACM1001ACME/{UKG_GUID}",
            f"https://acme.rec.pro.ukg.net/ACM1001ACME/JobBoard/{UKG_GUID}/JobBoardView/"
            "LoadSearchResults",
        ),
    ],
)
def test_ukg_url_forms(url: str, token: str, api_url: str) -> None:
    board = detect(url)

    assert (board.ats, board.token, board.api_url) == ("ukg", token, api_url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.ukg.com/careers",
        "https://recruiting2.ultipro.com/BAY1003BAYGE/JobBoard/",
        f"https://recruiting2.ultipro.com.evil.example/BAY1003BAYGE/JobBoard/{UKG_GUID}/",
        f"https://acme.saashr.com/ta/ACME.careers?ShowJob={UKG_GUID}",
    ],
)
def test_other_ukg_urls_are_no_board(url: str) -> None:
    assert detect(url).ats == "html"


def test_a_careers_page_linking_to_a_ukg_board_is_that_board() -> None:
    html = (
        '<html><body><a href="https://recruiting2.ultipro.com/BAY1003BAYGE/JobBoard/'
        f'{UKG_GUID}/?q=&amp;o=postedDateDesc">Careers</a></body></html>'
    )

    board = detect("https://www.baylorgenetics.example/careers", html=html)

    assert (board.ats, board.token) == ("ukg", f"BAY1003BAYGE/{UKG_GUID}")


ADP_CID = "0f6d2c3e-1234-4a5b-8c9d-0123456789ab"
ADP_PAGE = "https://workforcenow.adp.com/mascsr/default/mdf/recruitment/recruitment.html"
ADP_API = (
    "https://workforcenow.adp.com/mascsr/default/careercenter/public/events/staffing/v1/"
    "job-requisitions"
)


@pytest.mark.parametrize(
    ("url", "token", "api_url"),
    [
        (
            f"{ADP_PAGE}?cid={ADP_CID}&ccId=19000101_000001&lang=en_US",
            f"{ADP_CID}/19000101_000001",
            f"{ADP_API}?cid={ADP_CID}&ccId=19000101_000001&locale=en_US&$top=20&$skip=0",
        ),
        (
            f"{ADP_PAGE}?cid={ADP_CID}&ccId=19000101_000001&jobId=9205234334470_1&lang=en_US"
            "&selectedMenuKey=CurrentOpenings",
            f"{ADP_CID}/19000101_000001",
            f"{ADP_API}?cid={ADP_CID}&ccId=19000101_000001&locale=en_US&$top=20&$skip=0",
        ),
        (
            f"{ADP_API}?cid={ADP_CID}&locale=en_US&$top=20&$skip=0",
            ADP_CID,
            f"{ADP_API}?cid={ADP_CID}&locale=en_US&$top=20&$skip=0",
        ),
        (
            f"https://workforcenow.cloud.adp.com/mascsr/default/mdf/recruitment/recruitment.html"
            f"?cid={ADP_CID}",
            f"cloud/{ADP_CID}",
            f"https://workforcenow.cloud.adp.com/mascsr/default/careercenter/public/events/"
            f"staffing/v1/job-requisitions?cid={ADP_CID}&locale=en_US&$top=20&$skip=0",
        ),
    ],
)
def test_adp_url_forms(url: str, token: str, api_url: str) -> None:
    board = detect(url)

    assert (board.ats, board.token, board.api_url) == ("adp", token, api_url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.adp.com/careers",
        f"{ADP_PAGE}?ccId=19000101_000001",
        f"{ADP_PAGE}?cid=acme",
        f"https://workforcenow.adp.com.evil.example/mascsr/default/x?cid={ADP_CID}",
        f"https://workforcenow.adp.com/theme/index.html?cid={ADP_CID}",
    ],
)
def test_other_adp_urls_are_no_board(url: str) -> None:
    assert detect(url).ats == "html"


def test_a_careers_page_framing_an_adp_career_center_is_that_board() -> None:
    html = (
        f'<html><body><iframe src="{ADP_PAGE}?cid={ADP_CID}&amp;ccId=19000101_000001'
        '&amp;type=MP&amp;lang=en_US"></iframe></body></html>'
    )

    board = detect("https://www.acme.example/careers", html=html)

    assert (board.ats, board.token) == ("adp", f"{ADP_CID}/19000101_000001")


DAYFORCE_SEARCH = "https://jobs.dayforcehcm.com/api/geo/aifire/jobposting/search"


@pytest.mark.parametrize(
    ("url", "token", "api_url"),
    [
        (
            "https://jobs.dayforcehcm.com/en-US/aifire/CANDIDATEPORTAL",
            "aifire/CANDIDATEPORTAL",
            f"{DAYFORCE_SEARCH}#site=CANDIDATEPORTAL&culture=en-US&start=0",
        ),
        (
            "https://jobs.dayforcehcm.com/en-US/aifire/CANDIDATEPORTAL/jobs/44800",
            "aifire/CANDIDATEPORTAL",
            f"{DAYFORCE_SEARCH}#site=CANDIDATEPORTAL&culture=en-US&start=0",
        ),
        (
            "jobs.dayforcehcm.com/fr-CA/aifire/carrieres?q=",
            "fr-CA/aifire/carrieres",
            f"{DAYFORCE_SEARCH}#site=carrieres&culture=fr-CA&start=0",
        ),
    ],
)
def test_dayforce_url_forms(url: str, token: str, api_url: str) -> None:
    board = detect(url)

    assert (board.ats, board.token, board.api_url) == ("dayforce", token, api_url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.dayforce.com/careers",
        "https://jobs.dayforcehcm.com/en-US/aifire",
        DAYFORCE_SEARCH,
        "https://jobs.dayforcehcm.com.evil.example/en-US/aifire/CANDIDATEPORTAL",
        "https://us58.dayforcehcm.com/CandidatePortal/en-US/acme/Posting/View/1",
    ],
)
def test_other_dayforce_urls_are_no_board(url: str) -> None:
    assert detect(url).ats == "html"


def test_a_careers_page_linking_to_a_dayforce_site_is_that_site() -> None:
    html = (
        '<html><body><a href="https://jobs.dayforcehcm.com/en-US/aifire/CANDIDATEPORTAL">'
        "Open roles</a></body></html>"
    )

    board = detect("https://www.impactfire.example/careers", html=html)

    assert (board.ats, board.token) == ("dayforce", "aifire/CANDIDATEPORTAL")
