"""The JazzHR reader: a company's ``applytojob.com/apply/`` page and its job pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.boards.base import PageRequest, ReadError
from service.boards.collect import Outcome, collect
from service.boards.fetch import HTML_ACCEPT, Fetcher, FetchPolicy
from service.boards.readers import get_reader, jazzhr
from tests.boards.servers import Handler, LoopbackServer

DATA = Path(__file__).resolve().parents[1] / "data" / "boards"
LIST = "https://paradromicsinc.applytojob.com/apply/"
JOB = "https://paradromicsinc.applytojob.com/apply/ujxQN2lhPz/Field-Clinical-SpecialistEngineer"


def saved(path: str) -> bytes:
    return (DATA / path).read_bytes()


def test_first_request_is_the_apply_page():
    request = jazzhr.first_request(" ParadromicsInc.applytojob.com ")
    assert (request.url, request.accept) == (LIST, HTML_ACCEPT)


@pytest.mark.parametrize("token", ["", "a/b", "acme jobs", "-acme"])
def test_first_request_refuses_other_tokens(token):
    with pytest.raises(ValueError, match="company subdomain"):
        jazzhr.first_request(token)


def test_the_captured_list_reads_exactly():
    page = jazzhr.read(saved("captured/jazzhr/paradromics-apply-index-reduced.html"), url=LIST)

    assert page.next_request is None
    [posting] = page.postings  # the "View All Jobs" and /apply/confirm/ links are no jobs
    assert posting.external_id == "ujxQN2lhPz"
    assert posting.title == "Field Clinical Specialist/Engineer"  # the padding trimmed
    assert posting.url == JOB
    assert posting.location == "Austin, TX"
    assert (posting.remote, posting.posted_at, posting.description_text) == (None, None, None)


def test_an_empty_board_is_read_as_empty():
    body = b"<html><body><div id='resumator-jobs'><p>No openings</p></div></body></html>"
    assert jazzhr.read(body, url=LIST).postings == []


@pytest.mark.parametrize("body", [b"", b"<html><body><h1>Just a moment...</h1></body></html>"])
def test_a_page_without_a_jazzhr_list_raises_read_error(body):
    with pytest.raises(ReadError):
        jazzhr.read(body, url=LIST)


def test_a_job_page_reads_its_json_ld():
    [posting] = jazzhr.read(saved("jazzhr/job-page-ujxQN2lhPz.html"), url=JOB).postings

    assert (posting.external_id, posting.url, posting.ats) == ("ujxQN2lhPz", JOB, "jazzhr")
    assert (posting.posted_at, posting.employment_type) == ("2026-09-14T00:00:00", "FULL_TIME")
    assert posting.description_text == "Support clinical cases in the field.\n\n• Travel 50%"


def reply_html(handler: Handler, body: bytes) -> None:
    handler.reply(200, body, {"Content-Type": "text/html; charset=utf-8"})


@pytest.mark.usefixtures("connect_guard")
def test_the_list_is_read_and_its_job_detailed(server: LoopbackServer):
    page = saved("captured/jazzhr/paradromics-apply-index-reduced.html")
    page = page.replace(b"https://paradromicsinc.applytojob.com", server.url("").encode())
    server.routes["/apply/"] = lambda h: reply_html(h, page)
    server.routes["/apply/ujxQN2lhPz/Field-Clinical-SpecialistEngineer"] = lambda h: reply_html(
        h, saved("jazzhr/job-page-ujxQN2lhPz.html")
    )

    read = collect(
        get_reader("jazzhr"),
        PageRequest(url=server.url("/apply/"), accept=HTML_ACCEPT),
        Fetcher(FetchPolicy(allow_loopback=True)),
    )

    assert read.complete and read.details == 1 and not read.detail_failures
    [posting] = read.postings
    assert (posting.external_id, posting.location) == ("ujxQN2lhPz", "Austin, TX")
    assert posting.description_text == "Support clinical cases in the field.\n\n• Travel 50%"


@pytest.mark.usefixtures("connect_guard")
def test_a_bot_wall_is_a_clear_error(server: LoopbackServer):
    server.routes["/apply/"] = lambda h: reply_html(h, b"<html><h1>Access denied</h1></html>")

    read = collect(
        get_reader("jazzhr"),
        PageRequest(url=server.url("/apply/"), accept=HTML_ACCEPT),
        Fetcher(FetchPolicy(allow_loopback=True)),
    )

    assert read.outcome is Outcome.FAILED and not read.postings
    assert "no JazzHR job list" in str(read.error)
