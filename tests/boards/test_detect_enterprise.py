"""Detection of the enterprise boards: SuccessFactors, Oracle Recruiting Cloud and iCIMS."""

from pathlib import Path

import pytest

from service.boards.detect import detect

PAGES = Path(__file__).resolve().parents[1] / "data" / "boards" / "careers-pages"
CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured"

URL_FORMS = [
    ("https://jobs.sap.com/", "successfactors", "jobs.sap.com"),
    ("https://jobs.sap.com/job/Walldorf-Developer/1234567/", "successfactors", "jobs.sap.com"),
    ("https://jobs.sap.com/sitemal.xml", "successfactors", "jobs.sap.com/sitemal.xml"),
    ("https://jobs.sap.com/search/?q=&locationsearch=", "successfactors", "jobs.sap.com/search"),
    (
        "https://careers.acme.example/sitemal.xml",
        "successfactors",
        "careers.acme.example/sitemal.xml",
    ),
    (
        "https://ejov.fa.ca2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX/job/25587",
        "oracle",
        "ejov.fa.ca2.oraclecloud.com/CX",
    ),
    (
        "https://fa-eups-saasfaprod1.fa.ocs.oraclecloud.com/hcmUI/CandidateExperience/en-GB/"
        "sites/ULSolutionsCareers/requisitions?keyword=engineer",
        "oracle",
        "fa-eups-saasfaprod1.fa.ocs.oraclecloud.com/ULSolutionsCareers",
    ),
    (
        "https://egug.fa.us2.oraclecloud.com/hcmRestApi/resources/latest/"
        "recruitingCEJobRequisitions?onlyData=true&finder=findReqs;siteNumber=CX_1,limit=25",
        "oracle",
        "egug.fa.us2.oraclecloud.com/CX_1",
    ),
    ("https://careers-wipfli.icims.com/jobs/search?ss=1", "icims", "careers-wipfli.icims.com"),
    (
        "https://uscareers-fujifilm.icims.com/jobs/38896/national-security-manager/job?in_iframe=1",
        "icims",
        "uscareers-fujifilm.icims.com",
    ),
    ("https://careers-sig.icims.com/jobs/11169/job", "icims", "careers-sig.icims.com"),
]

NOT_BOARDS = [
    "https://www.oracle.com/careers/",
    "https://ejov.fa.ca2.oraclecloud.com/hcmUI/faces/FuseWelcome",
    "https://login.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX/",
    "https://www.icims.com/products/career-sites/",
    "https://community.icims.com/",
    "https://developer.icims.com/REST-API",
    "https://icims.com/jobs/123/x/job",
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
    assert board.api_url == "https://careers.acme.example/sitemal.xml"


def test_a_captured_csb_search_page_is_successfactors_by_its_job_title_links() -> None:
    html = (CAPTURED / "successfactors" / "csb-search-results-reduced.html").read_text()

    board = detect("https://www.careers.acme.example/search/?q=", html=html)

    assert (board.ats, board.token) == ("successfactors", "careers.acme.example/search")
    assert board.api_url == (
        "https://careers.acme.example/search/?q=&sortColumn=referencedate&sortDirection=desc"
        "&startrow=0"
    )


def test_a_page_that_only_mentions_job_titles_stays_html() -> None:
    html = "<html><body><p>jobTitle-link is a CSS class we like</p></body></html>"
    assert detect("https://acme.example/careers", html=html).ats == "html"


@pytest.mark.parametrize("url", NOT_BOARDS)
def test_other_vendor_urls_are_not_enterprise_boards(url: str) -> None:
    assert detect(url).ats == "html"


def test_api_url_of_an_oracle_site_is_its_requisitions_list() -> None:
    board = detect("https://ejov.fa.ca2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX")
    assert board.api_url.startswith(
        "https://ejov.fa.ca2.oraclecloud.com/hcmRestApi/resources/latest/"
        "recruitingCEJobRequisitions?onlyData=true&expand=requisitionList.secondaryLocations"
    )


def test_a_careers_page_linking_to_an_oracle_site_is_oracle() -> None:
    html = (PAGES / "oracle-link.html").read_text(encoding="utf-8")

    board = detect("https://acme.example/careers", html=html)

    assert (board.ats, board.token) == ("oracle", "egug.fa.us2.oraclecloud.com/CX_1")


def test_a_careers_page_framing_an_icims_portal_is_that_portal() -> None:
    html = (PAGES / "icims-iframe.html").read_text(encoding="utf-8")

    board = detect("https://www.wipfli.example/careers", html=html)

    assert (board.ats, board.token) == ("icims", "careers-wipfli.icims.com")
    assert board.api_url == "https://careers-wipfli.icims.com/jobs/search?ss=1&in_iframe=1&pr=0"


def test_an_icims_career_sites_page_reads_the_api_of_its_own_domain() -> None:
    html = (PAGES / "icims-career-sites.html").read_text(encoding="utf-8")

    board = detect("https://careers.garmin.example/jobs", html=html)

    assert (board.ats, board.token) == ("icims", "careers.garmin.example")
    assert board.api_url == "https://careers.garmin.example/api/jobs?page=1&limit=100"
