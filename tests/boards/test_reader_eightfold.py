"""The Eightfold reader against the real captured responses, and its paging through collect()."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from service.boards.base import PageRequest, ReadError
from service.boards.collect import Outcome, collect
from service.boards.errors import HTTPStatusError
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import eightfold, get_reader
from tests.boards.servers import Handler, LoopbackServer

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured" / "eightfold"
FIRST_URL = "https://albemarle.eightfold.ai/api/apply/v2/jobs?domain=albemarle.com&start=0&num=10"
JOBS = "/api/apply/v2/jobs"


def read_sample(name: str, url: str = FIRST_URL):
    return eightfold.read((CAPTURED / name).read_bytes(), url=url)


def test_first_request_asks_for_pages_of_ten():
    assert eightfold.first_request("albemarle/albemarle.com").url == FIRST_URL
    assert eightfold.first_request("Albemarle").url == (
        "https://albemarle.eightfold.ai/api/apply/v2/jobs?start=0&num=10"
    )
    for bad in ("", "a b", "acme/notadomain", "acme/x.com/more"):
        with pytest.raises(ValueError, match="tenant"):
            eightfold.first_request(bad)


def test_reads_the_full_key_set_capture_exactly():
    page = read_sample("albemarle-apply-v2-jobs-b.json")
    assert [p.external_id for p in page.postings] == ["1099556324897", "1099556190478"]
    env, electrician = page.postings
    assert env.title == "Environmental Professional"
    assert env.url == "https://albemarle.eightfold.ai/careers/job/1099556324897"
    assert env.location == "Silver Peak, Nevada, United States of America"
    assert env.remote is False  # work_location_option "onsite"
    assert env.department == "Health, Safety & Environment"
    assert env.employment_type is None  # "type": "ATS" is Eightfold's record type
    assert env.posted_at == "2026-09-24T00:00:00+00:00"
    assert env.updated_at == "2026-09-24T00:00:00+00:00"
    assert env.description_text is None  # job_description is empty in the list
    assert env.ats == "eightfold"
    assert electrician.title == "Industrial Electrician"
    assert electrician.location == "Pasadena, Texas, United States of America"
    assert electrician.department == "Manufacturing"
    assert electrician.posted_at == "2026-09-14T00:00:00+00:00"
    # count 59: the next ten after the two received
    assert page.next_request is not None
    assert page.next_request.url == (
        "https://albemarle.eightfold.ai/api/apply/v2/jobs?domain=albemarle.com&start=2&num=10"
    )


def test_reads_the_trimmed_capture_with_every_location():
    page = read_sample("albemarle-apply-v2-jobs-trimmed.json")
    planner, director = page.postings
    assert planner.external_id == "1099555326551"
    assert planner.title == "Supply Planner, Bromine S&OP"
    assert planner.url == "https://albemarle.eightfold.ai/careers/job/1099555326551"
    assert planner.location == (
        "Charlotte, North Carolina, United States of America | "
        "Magnolia, Arkansas, United States of America"
    )
    assert planner.remote is None
    assert planner.department == "Supply Chain"
    assert planner.posted_at == "2026-08-04T00:00:00+00:00"
    assert planner.updated_at is None
    assert director.external_id == "1099555208188"
    assert director.title == "Director, Media Relations and U.S. Public Affairs"
    assert director.location == (
        "Charlotte, North Carolina, United States of America | "
        "Kings Mountain, North Carolina, United States of America"
    )
    assert director.department == "Policy, Government, and Public Affairs"
    assert director.posted_at == "2026-07-24T00:00:00+00:00"
    assert page.next_request is None  # no count and a short page: the last one


def test_a_position_without_canonical_url_links_to_its_job_page():
    body = {"positions": [{"id": 7, "name": "Chemist", "work_location_option": "remote"}]}
    [posting] = eightfold.read(json.dumps(body).encode(), url=FIRST_URL).postings
    assert posting.url == "https://albemarle.eightfold.ai/careers/job/7"
    assert posting.remote is True


def test_a_full_page_without_count_asks_for_the_next():
    positions = [{"id": n, "name": f"Job {n}"} for n in range(10)]
    page = eightfold.read(json.dumps({"positions": positions}).encode(), url=FIRST_URL)
    assert page.next_request is not None
    assert "start=10" in page.next_request.url


@pytest.mark.parametrize("body", [b"[]", b'{"count": 3}', b'{"positions": {}}', b"<html>"])
def test_other_shapes_are_read_errors(body):
    with pytest.raises(ReadError, match="eightfold"):
        eightfold.read(body, url=FIRST_URL)


# --- paging through collect() against a loopback server -------------------------------------


def on(server: LoopbackServer, request: PageRequest) -> PageRequest:
    """``request`` sent to the loopback server (same path and query)."""
    parts = urlsplit(request.url)
    return replace(request, url=server.url(f"{parts.path}?{parts.query}"))


def eightfold_pages(handler: Handler) -> None:
    """The two captures as pages one (start=0) and two (start=2) of a four-position board."""
    start = parse_qs(urlsplit(handler.path).query)["start"][0]
    if start == "0":
        data = json.loads((CAPTURED / "albemarle-apply-v2-jobs-b.json").read_bytes())
        data["count"] = 4
        body = json.dumps(data).encode()
    else:
        body = (CAPTURED / "albemarle-apply-v2-jobs-trimmed.json").read_bytes()
    handler.reply(200, body, {"Content-Type": "application/json"})


@pytest.mark.usefixtures("connect_guard")
def test_collect_reads_every_page(server: LoopbackServer) -> None:
    server.routes[JOBS] = eightfold_pages
    request = on(server, eightfold.first_request("albemarle/albemarle.com"))

    pauses: list[float] = []
    fetcher = Fetcher(FetchPolicy(allow_loopback=True))

    read = collect(get_reader("eightfold"), request, fetcher, pause=pauses.append)

    assert read.complete, read.error
    assert pauses == []  # no polite delay asked for: no pause
    assert [p.external_id for p in read.postings] == [
        "1099556324897",
        "1099556190478",
        "1099555326551",
        "1099555208188",
    ]
    assert read.pages == 2
    assert [urlsplit(p).query for p in server.paths()] == [
        "domain=albemarle.com&start=0&num=10",
        "domain=albemarle.com&start=2&num=10",
    ]


@pytest.mark.usefixtures("connect_guard")
def test_a_tenant_refusing_the_api_is_a_clear_error(server: LoopbackServer) -> None:
    server.routes[JOBS] = lambda h: h.reply(403, b"Forbidden", {"Content-Type": "text/html"})

    request = on(server, eightfold.first_request("acme"))

    read = collect(get_reader("eightfold"), request, Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.outcome is Outcome.FAILED
    assert isinstance(read.error, HTTPStatusError) and read.error.status == 403
    assert "does not let us read" in str(read.error)
