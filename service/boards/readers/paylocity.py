"""Paylocity: the board page ``recruiting.paylocity.com/recruiting/jobs/All/{GUID}``.

The token is the company's GUID (the last part of its board URL). The page is HTML whose inline
script sets ``window.pageData = {ModuleTitle, Jobs: [{JobId, JobTitle, LocationName,
PublishedDate, HiringDepartment, JobLocation: {City, State, Country}, IsRemote, Description}]}``:
the whole board in one page, so nothing pages. The list's ``Description`` is empty, so each
posting's job page ``/recruiting/jobs/Details/{JobId}/{GUID}`` (the JobId alone answers 500) is
its detail request: schema.org JSON-LD with the description. Paylocity throttles quick requests
(HTTP 429), so the reader waits a second between them.

``external_id`` is ``JobId``; ``url`` is the job page; ``location`` is ``LocationName`` unless
that only names a way of working ("Hybrid", "Remote"), then the job's "City, State, Country";
``remote`` is ``IsRemote`` (else clear wording); ``department`` is ``HiringDepartment``;
``posted_at`` is ``PublishedDate``. A job without id or title is skipped, a repeated id keeps
its first. A page without ``window.pageData`` jobs (a bot wall, an error page) raises
``ReadError`` rather than reading as an empty board.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from service.boards.base import Page, PageRequest, Paging, Posting, Reader, ReadError, infer_remote
from service.boards.fetch import HTML_ACCEPT
from service.boards.pages import check_body, decode_page, parse_page
from service.boards.readers._json import (
    _SURROGATE_ESCAPE,
    check_url,
    finite_float,
    json_kind,
    json_objects,
    json_text,
    refuse_constant,
    scrub_surrogates,
)
from service.boards.readers.jsonld import job_postings, load_block, posting_from_node
from service.boards.text import html_to_text, iso_datetime

NAME = "paylocity"
BASE = "https://recruiting.paylocity.com/recruiting/jobs"
POLITE_DELAY = 1.0
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_BOARD_PATH = re.compile(r"/jobs/All/(?P<guid>[0-9a-f-]{36})(?:/|$)", re.I)
_DETAIL_PATH = re.compile(r"/jobs/Details/(?P<id>\d{1,19})(?:/|$)", re.I)
_PAGE_DATA = re.compile(r"window\.pageData\s*=\s*")
_WAYS_OF_WORKING = re.compile(r"^(?:hybrid|remote|on[- ]?site|in[- ]?office|virtual)$", re.I)
_DECODER = json.JSONDecoder(parse_constant=refuse_constant, parse_float=finite_float)


def first_request(token: str) -> PageRequest:
    """The board page of a company GUID."""
    guid = token.strip().strip("/").lower()
    if not _GUID.match(guid):
        raise ValueError(
            f"{NAME}: expected the company GUID of a board URL like '{BASE}/All/"
            f"3e7c1f2a-0b4d-4c8e-9f10-1a2b3c4d5e6f', got {token!r}"
        )
    return PageRequest(f"{BASE}/All/{guid}", accept=HTML_ACCEPT)


def _page_data(body: bytes) -> dict[str, Any]:
    """The object ``window.pageData`` is set to, with its ``Jobs`` list."""
    text = decode_page(body)
    found = _PAGE_DATA.search(text)
    if found is None:
        raise ReadError(
            f"{NAME}: the page has no window.pageData (a bot wall, an error page, or not a "
            "Paylocity board page)"
        )
    try:
        data, _ = _DECODER.raw_decode(text, found.end())
    except (ValueError, RecursionError) as exc:
        raise ReadError(f"{NAME}: window.pageData is not readable JSON ({exc})") from exc
    data = scrub_surrogates(data) if _SURROGATE_ESCAPE.search(text) else data
    if not isinstance(data, dict) or not isinstance(data.get("Jobs"), list):
        raise ReadError(f"{NAME}: expected window.pageData with a Jobs list, got {json_kind(data)}")
    return data


def _job_page(origin: str, job_id: str, guid: str | None) -> str:
    """The job's own page (with the board GUID, without which Paylocity answers 500)."""
    return f"{origin}/recruiting/jobs/Details/{job_id}" + (f"/{guid}" if guid else "")


def _location(job: dict[str, Any]) -> str | None:
    """The location's name, or its address when the name only says how the job is worked."""
    name = json_text(job.get("LocationName"))
    if name and not _WAYS_OF_WORKING.match(name):
        return name
    given = job.get("JobLocation")
    place: dict[str, Any] = given if isinstance(given, dict) else {}
    parts = (json_text(place.get(key)) for key in ("City", "State", "Country"))
    return ", ".join(part for part in parts if part) or name


def _posting(job: dict[str, Any], origin: str, guid: str | None) -> Posting | None:
    """One ``Jobs`` entry as a Posting, or None without id or title."""
    job_id, title = json_text(job.get("JobId")), json_text(job.get("JobTitle"))
    if not job_id or not job_id.isdigit() or not title:
        return None
    location = _location(job)
    remote = job.get("IsRemote")
    description = job.get("Description")
    return Posting(
        external_id=job_id,
        title=title,
        url=_job_page(origin, job_id, guid),
        ats=NAME,
        location=location,
        remote=remote if isinstance(remote, bool) else infer_remote(location),
        department=json_text(job.get("HiringDepartment")),
        posted_at=iso_datetime(job.get("PublishedDate")),
        description_text=html_to_text(description) if isinstance(description, str) else None,
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return "https://recruiting.paylocity.com"


def _read_board(body: bytes, url: str) -> Page:
    """The jobs of one board page fetched from ``url``."""
    board = _BOARD_PATH.search(urlsplit(url).path)
    guid = board["guid"].lower() if board else None
    postings: dict[str, Posting] = {}
    for job in json_objects(_page_data(body)["Jobs"], f"{NAME}: Jobs"):
        posting = _posting(job, _origin(url), guid)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(list(postings.values()))


def _read_job_page(body: bytes, url: str, job_id: str) -> Page:
    """A job page's JSON-LD as the posting ``job_id`` at ``url``."""
    values = []
    for script in parse_page(body, NAME).iter("script"):
        if "ld+json" in (script.get("type") or "").lower() and script.text:
            values.extend(load_block(script.text))
    for node in job_postings(values):
        posting = posting_from_node(node, url, ats=NAME)
        if posting is not None:
            return Page([replace(posting, external_id=job_id, url=url)])
    return Page([])


def read(body: bytes, *, url: str) -> Page:
    """Postings of a Paylocity board page, or the one posting of a job page, from ``url``."""
    check_body(body, NAME)
    check_url(url, NAME)
    detail = _DETAIL_PATH.search(urlsplit(url).path)
    if detail:  # a job page: its own pageData holds no Jobs
        return _read_job_page(body, url, detail["id"])
    return _read_board(body, url)


def detail_request(posting: Posting, url: str) -> PageRequest | None:
    """The job page of a posting the list gave no description (its JSON-LD has one)."""
    if posting.description_text or not _DETAIL_PATH.search(urlsplit(posting.url).path):
        return None
    return PageRequest(posting.url, accept=HTML_ACCEPT)


READER = Reader(NAME, read, first_request, Paging.NONE, detail_request, polite_delay=POLITE_DELAY)
