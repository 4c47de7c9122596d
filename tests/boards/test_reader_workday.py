"""The Workday CXS reader: paging by POST, ids, public URLs, job details, real samples."""

import json
from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.readers import workday

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "workday"
JOBS_URL = "https://acme.wd3.myworkdayjobs.com/wday/cxs/acme/External/jobs"


def saved(name: str) -> bytes:
    return (DATA / name).read_bytes()


def page_body(count: int, total: int | None, start: int = 0) -> bytes:
    jobs = [
        {
            "title": f"Job {n}",
            "externalPath": f"/job/Austin/Job-{n}_R{n}",
            "locationsText": "Austin",
        }
        for n in range(start, start + count)
    ]
    data: dict = {"jobPostings": jobs}
    if total is not None:
        data["total"] = total
    return json.dumps(data).encode()


def test_first_request_posts_the_search_body():
    request = workday.first_request("acme/wd3/External")
    assert request.url == JOBS_URL
    assert request.method == "POST"
    assert request.json_body == {"appliedFacets": {}, "limit": 20, "offset": 0, "searchText": ""}


@pytest.mark.parametrize("token", ["acme", "acme/External", "acme/wdX/External", "a/wd1/b/c", ""])
def test_first_request_refuses_other_tokens(token):
    with pytest.raises(ValueError, match="tenant/wd5/site"):
        workday.first_request(token)


def test_first_page_reads_its_postings_and_asks_for_the_next():
    page = workday.read(saved("acme-jobs-page0.json"), url=JOBS_URL)
    assert len(page.postings) == 18  # 20 entries, one without title, one without path
    assert page.postings[0].external_id == "JR100100"
    assert page.postings[0].title == "Software Engineer"
    assert page.postings[0].url == (
        "https://acme.wd3.myworkdayjobs.com/External/job/Austin/Software-Engineer_JR100100"
    )
    assert page.next_request is not None
    assert page.next_request.method == "POST"
    assert page.next_request.url == JOBS_URL + "#offset=20"
    assert page.next_request.json_body == {
        "appliedFacets": {},
        "limit": 20,
        "offset": 20,
        "searchText": "",
    }


def test_locations_remote_types_and_mirror_suffixes():
    postings = {
        p.external_id: p for p in workday.read(saved("acme-jobs-page0.json"), url=JOBS_URL).postings
    }
    assert postings["JR100101"].location == "Zürich"
    assert postings["JR100101"].remote is False  # remoteType "Hybrid"
    assert postings["JR100103"].remote is True  # remoteType "Fully Remote"
    assert postings["JR100103"].location == "Remote - USA"
    assert postings["JR100104"].location == "London (3 Locations)"
    assert postings["JR100100"].remote is None
    assert postings["JR100105-1"].title == "Financial Analyst"
    assert postings["JR100100"].posted_at is None  # only "Posted Today" in the list


def test_last_page_without_total_stops_when_not_full():
    next_url = JOBS_URL + "#offset=20"
    page = workday.read(saved("acme-jobs-page1.json"), url=next_url)
    assert [p.external_id for p in page.postings] == ["JR100300", "JR100301", "JR100100"]
    assert page.postings[1].title == "Working Student \u2013 Marketing"
    assert page.postings[1].location == "München"
    assert page.postings[1].remote is False  # remoteType "On-site"
    assert page.postings[1].url.endswith(
        "/External/job/M%C3%BCnchen/Working-Student---Marketing_JR100301"
    )
    assert page.next_request is None


def test_following_the_pages_of_a_board():
    request = workday.first_request("acme/wd3/External")
    bodies = {0: saved("acme-jobs-page0.json"), 20: saved("acme-jobs-page1.json")}
    seen, fetched = [], 0
    while request is not None:
        assert request.json_body is not None
        page = workday.read(bodies[request.json_body["offset"]], url=request.url)
        seen += [p.external_id for p in page.postings]
        request, fetched = page.next_request, fetched + 1
    assert fetched == 2
    assert len(seen) == 21
    assert len(set(seen)) == 20  # the last page repeats JR100100


def test_missing_total_on_a_later_page_goes_on_while_pages_are_full():
    page = workday.read(page_body(20, None, start=20), url=JOBS_URL + "#offset=20")
    assert page.next_request is not None
    assert page.next_request.json_body is not None
    assert page.next_request.json_body["offset"] == 40
    assert page.next_request.url.endswith("#offset=40")


def test_total_zero_on_a_later_page_counts_as_missing():
    page = workday.read(page_body(20, 0, start=40), url=JOBS_URL + "#offset=40")
    assert page.next_request is not None


def test_total_known_stops_at_the_last_page():
    assert workday.read(page_body(20, 60, 40), url=JOBS_URL + "#offset=40").next_request is None
    assert workday.read(page_body(20, 61, 40), url=JOBS_URL + "#offset=40").next_request


def test_capped_total_of_2000_stops_before_the_repeat():
    page = workday.read(page_body(20, 2000, 1980), url=JOBS_URL + "#offset=1980")
    assert page.next_request is None


def test_unknown_total_never_pages_past_offset_2000():
    page = workday.read(page_body(20, None, 1980), url=JOBS_URL + "#offset=1980")
    assert page.next_request is None


def test_empty_first_page_has_no_next():
    page = workday.read(b'{"total": 0, "jobPostings": []}', url=JOBS_URL)
    assert page.postings == []
    assert page.next_request is None


def test_job_detail_reads_as_one_posting_with_description():
    page = workday.read(saved("acme-job-detail.json"), url=JOBS_URL)
    assert len(page.postings) == 1
    posting = page.postings[0]
    assert posting.external_id == "JR100111"
    assert posting.title == "Machine Learning Engineer"
    assert posting.url == (
        "https://acme.wd3.myworkdayjobs.com/External/job/Zrich/Machine-Learning-Engineer_JR100111"
    )
    assert posting.location == "Zürich | Remote - Switzerland"
    assert posting.remote is True  # remoteType "Flexible" is unclear; the locations are not
    assert posting.employment_type == "Full time"
    assert posting.posted_at == "2026-03-01T00:00:00"
    assert posting.description_text == (
        "About the role\n\nTrain & ship models.\n\n• PyTorch\n\n• Kubernetes"
    )
    assert page.next_request is None


def detail(external_url: str) -> bytes:
    info = {"title": "Engineer", "jobPostingId": "JR1", "externalUrl": external_url}
    return json.dumps({"jobPostingInfo": info}).encode()


@pytest.mark.parametrize("link", ["javascript:alert(1)//", "data:text/html,x", "mailto:a@b.c"])
def test_job_detail_with_a_script_link_has_no_posting(link):
    assert workday.read(detail(link), url=JOBS_URL).postings == []


def test_job_detail_with_a_relative_link_is_made_absolute():
    page = workday.read(detail("/External/job/Austin/Engineer_JR1"), url=JOBS_URL)
    assert [p.url for p in page.postings] == [
        "https://acme.wd3.myworkdayjobs.com/External/job/Austin/Engineer_JR1"
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "not JSON"),
        (b"<html>blocked</html>", "not JSON"),
        (b"[]", "expected an object, got list"),
        (b'{"total": 3}', "'jobPostings' list"),
        (b'{"jobPostings": {"title": "x"}}', "'jobPostings' list"),
        (b'{"jobPostings": ["x"]}', "each job posting to be an object"),
        (b'{"jobPostingInfo": {"title": "No url"}}', "title or externalUrl"),
        (b"\xff\xfe{", "not JSON"),
        (b'{"jobPostings": [{"title": NaN, "externalPath": "/job/x_R1"}]}', "not JSON"),
        (b'{"total": 1' + b"1" * 5000 + b', "jobPostings": []}', "not JSON"),
    ],
)
def test_malformed_payloads_raise_read_error(body, message):
    with pytest.raises(ReadError, match=message):
        workday.read(body, url=JOBS_URL)


def test_a_list_needs_the_cxs_url():
    with pytest.raises(ReadError, match="CXS URL"):
        workday.read(
            saved("acme-jobs-page0.json"), url="https://acme.wd3.myworkdayjobs.com/External"
        )


def test_wrong_field_types_count_as_missing():
    jobs = [
        {"title": 5, "externalPath": "/job/x_R1"},
        {"title": "Ok", "externalPath": "/job/A/Ok_R2", "locationsText": ["x"]},
    ]
    body = json.dumps({"total": 2, "jobPostings": jobs}).encode()
    page = workday.read(body, url=JOBS_URL)
    assert [(p.external_id, p.location) for p in page.postings] == [("R2", "A")]


def test_real_arrowstreet_page(board_samples):
    body = (board_samples / "workday" / "arrowstreet-cxs-jobs.json").read_bytes()
    url = "https://arrowstreetcapital.wd5.myworkdayjobs.com/wday/cxs/arrowstreetcapital/Campus_Careers/jobs"
    page = workday.read(body, url=url)
    assert [p.external_id for p in page.postings] == ["R1505", "R1506", "R1066-5", "R1433"]
    first = page.postings[0]
    assert first.title == "Quantitative Researcher Intern, Summer 2027"
    assert first.url == (
        "https://arrowstreetcapital.wd5.myworkdayjobs.com/Campus_Careers"
        "/job/Boston/Quantitative-Researcher-Intern--Summer-2027_R1505"
    )
    assert {p.location for p in page.postings} == {"Boston"}
    assert page.next_request is None  # total 4


def test_real_salesforce_page(board_samples):
    body = (board_samples / "workday" / "salesforce-cxs-jobs-trimmed.json").read_bytes()
    url = "https://salesforce.wd12.myworkdayjobs.com/wday/cxs/salesforce/External_Career_Site/jobs"
    page = workday.read(body, url=url)
    assert [p.external_id for p in page.postings] == ["JR354232", "JR332446"]
    first, second = page.postings
    assert first.title == "Solution Architect / Senior Solution Architect - PubSec - SLED/NGO"
    assert first.location == "Virginia - Washington DC Metro - Remote (3 Locations)"
    assert first.remote is True
    assert second.location == "Illinois - Chicago (5 Locations)"
    assert second.remote is None
    assert second.url.startswith(
        "https://salesforce.wd12.myworkdayjobs.com/External_Career_Site/job/Illinois---Chicago/"
    )
    assert page.next_request is None


def test_real_synchrony_job_detail(board_samples):
    body = (board_samples / "workday" / "synchrony-job-detail.json").read_bytes()
    url = "https://synchronyfinancial.wd5.myworkdayjobs.com/wday/cxs/synchronyfinancial/University/job/Stamford-Hub/BLP-Intern---Technology_2601695-1"
    page = workday.read(body, url=url)
    assert len(page.postings) == 1
    posting = page.postings[0]
    assert posting.external_id == "2601695-1"
    assert posting.title == "BLP Intern \u2013 Technology"
    assert posting.url == (
        "https://synchronyfinancial.wd5.myworkdayjobs.com/University/job/Stamford-Hub/"
        "BLP-Intern---Technology_2601695-1"
    )
    assert posting.location == "Stamford Hub"
    assert posting.employment_type == "Full time"
    assert posting.posted_at == "2026-06-16T00:00:00"
    assert posting.description_text is not None
    assert posting.description_text.startswith("Business Leadership Program Internship Overview:")
    assert "<" not in posting.description_text
