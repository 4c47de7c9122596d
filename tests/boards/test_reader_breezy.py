"""The Breezy HR reader: a company's ``/json`` list and each job page's JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.boards.base import PageRequest, ReadError
from service.boards.collect import Outcome, collect
from service.boards.errors import HTTPStatusError
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import breezy, get_reader
from tests.boards.servers import Handler, LoopbackServer

DATA = Path(__file__).resolve().parents[1] / "data" / "boards"
LIST = "https://highlights-healthcare.breezy.hr/json"
HH = "https://highlights-healthcare.breezy.hr/p/"
FIRST_PATH = (
    "/p/9b5dbab30b78-bilingual-board-certified-behavior-analyst-bcba-lba-sign-on-relocation-ral"
)


def saved(path: str) -> bytes:
    return (DATA / path).read_bytes()


def test_first_request_is_the_company_json_list():
    assert breezy.first_request(" Highlights-Healthcare ").url == LIST
    assert breezy.first_request("acme.breezy.hr").url == "https://acme.breezy.hr/json"


@pytest.mark.parametrize("token", ["", "a/b", "acme jobs", "-acme"])
def test_first_request_refuses_other_tokens(token):
    with pytest.raises(ValueError, match="company subdomain"):
        breezy.first_request(token)


def test_the_captured_list_reads_exactly():
    page = breezy.read(saved("captured/breezy/two-boards-json-trimmed.json"), url=LIST)

    assert page.next_request is None
    assert [p.external_id for p in page.postings] == [
        "9b5dbab30b78", "4e5454ff973b", "2f4ac922e106", "703f893febaa"
    ]  # fmt: skip
    assert [p.title for p in page.postings] == [
        "BILINGUAL Board Certified Behavior Analyst (BCBA, LBA) - SIGN ON/RELOCATION $ (RAL)",
        "Remote Clinical Supervisor Board Certified Behavior Analyst (BCBA)",
        "Board Certified Behavior Analyst (BCBA, LBA) - SIGN ON/RELOCATION $ (DUR)",
        "Associate - Patent Litigation (EE, CS, ME, Physics, Material Science) #21793 San Diego",
    ]
    assert [p.url for p in page.postings] == [
        HH
        + "9b5dbab30b78-bilingual-board-certified-behavior-analyst-bcba-lba-sign-on-relocation-ral",
        HH + "4e5454ff973b-remote-clinical-supervisor-board-certified-behavior-analyst-bcba",
        HH + "2f4ac922e106-board-certified-behavior-analyst-bcba-lba-sign-on-relocation-dur",
        "https://vanguard-ip.breezy.hr/p/703f893febaa-associate-patent-litigation-ee-cs-me-"
        "physics-material-science-21793-san-diego",
    ]
    assert [p.location for p in page.postings] == [
        "Raleigh, NC", "Mooresville, NC", "Durham, NC", "San Diego, CA"
    ]  # fmt: skip
    assert [p.remote for p in page.postings] == [False, True, False, False]
    assert [p.department for p in page.postings] == ["Clinician - BCBA"] * 3 + [None]
    assert {p.employment_type for p in page.postings} == {"Full-Time"}
    assert [p.posted_at for p in page.postings] == [
        "2026-09-23T14:48:12.535000+00:00",
        "2026-08-21T17:29:02.885000+00:00",
        "2026-06-24T19:58:19.575000+00:00",
        "2026-07-24T22:57:56.419000+00:00",
    ]
    assert {p.description_text for p in page.postings} == {None}


def test_several_locations_are_joined_and_any_remote_one_makes_it_remote():
    row = {
        "id": "abc",
        "name": "Nurse",
        "friendly_id": "abc-nurse",
        "locations": [
            {"name": "Austin, TX", "is_remote": False},
            {"name": "Remote, US", "is_remote": True},
        ],
    }
    [posting] = breezy.read(json.dumps([row, row]).encode(), url=LIST).postings
    assert posting.url == "https://highlights-healthcare.breezy.hr/p/abc-nurse"
    assert (posting.location, posting.remote) == ("Austin, TX | Remote, US", True)


def test_a_job_page_reads_its_json_ld_with_the_id_from_its_path():
    url = "https://highlights-healthcare.breezy.hr" + FIRST_PATH

    [posting] = breezy.read(saved("breezy/job-page-9b5dbab30b78.html"), url=url).postings

    assert (posting.external_id, posting.url, posting.ats) == ("9b5dbab30b78", url, "breezy")
    assert posting.description_text == "Lead ABA programs in Raleigh.\n\n• Supervise RBTs"
    assert posting.location == "Raleigh, NC, US"


@pytest.mark.parametrize("body", [b"{}", b'{"jobs": []}', b"[1]", b"not json", b'"x"'])
def test_other_shapes_raise_read_error(body):
    with pytest.raises(ReadError):
        breezy.read(body, url=LIST)


def reply(handler: Handler, body: bytes, kind: str = "application/json") -> None:
    handler.reply(200, body, {"Content-Type": kind})


@pytest.mark.usefixtures("connect_guard")
def test_the_list_is_read_and_its_jobs_detailed_from_their_pages(server: LoopbackServer):
    rows = json.loads(saved("captured/breezy/two-boards-json-trimmed.json"))
    for row in rows:  # the job pages are served beside the list
        row["url"] = server.url("/p/" + row["friendly_id"])
    server.routes["/json"] = lambda h: reply(h, json.dumps(rows).encode())
    server.routes[FIRST_PATH] = lambda h: reply(
        h, saved("breezy/job-page-9b5dbab30b78.html"), "text/html; charset=utf-8"
    )

    read = collect(
        get_reader("breezy"),
        PageRequest(url=server.url("/json")),
        Fetcher(FetchPolicy(allow_loopback=True)),
    )

    assert read.complete and read.pages == 1
    assert [p.external_id for p in read.postings][:1] == ["9b5dbab30b78"]
    first = read.postings[0]
    assert first.description_text == "Lead ABA programs in Raleigh.\n\n• Supervise RBTs"
    assert (first.location, first.employment_type) == ("Raleigh, NC", "Full-Time")  # list wins
    assert read.details == 4 and len(read.detail_failures) == 3


@pytest.mark.usefixtures("connect_guard")
def test_an_unknown_company_is_a_clear_error(server: LoopbackServer):
    server.routes["/json"] = lambda h: h.reply(404, b"Not found", {"Content-Type": "text/plain"})

    read = collect(
        get_reader("breezy"),
        PageRequest(url=server.url("/json")),
        Fetcher(FetchPolicy(allow_loopback=True)),
    )

    assert read.outcome is Outcome.FAILED and not read.postings
    assert isinstance(read.error, HTTPStatusError) and read.error.status == 404
