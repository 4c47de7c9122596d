"""Breezy HR: a company's public ``/json`` list, and each job page's JSON-LD for its text.

The token is the company's subdomain (``acme`` for ``acme.breezy.hr``); the list is ``GET
https://{company}.breezy.hr/json``, the whole board in one array of ``{id, friendly_id, name,
url, published_date, type{name}, location{name, is_remote, remote_details}, locations[],
department, salary, company}``. ``external_id`` is ``id``; ``url`` is the row's ``url`` (else
``/p/{friendly_id}`` on the list's host); ``location`` joins ``locations[].name`` (else
``location.name``) with " | "; ``remote`` is ``is_remote`` (true when any location is remote,
false when every one says it is not), else clear wording; ``posted_at`` is ``published_date``.

The list has no text, so ``detail_request`` names the job page ``/p/{friendly_id}``, read
through its JSON-LD as one posting with its description (the id taken from the page's path). A
row without ``id`` or ``name`` is skipped; a repeated ``id`` keeps its first; any other shape
raises ``ReadError``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urlsplit

from service.boards.base import Page, PageRequest, Posting, Reader, ReadError, infer_remote
from service.boards.fetch import HTML_ACCEPT
from service.boards.readers import jsonld
from service.boards.readers._json import (
    absolute_link,
    check_url,
    json_kind,
    json_objects,
    json_text,
    load_json,
)
from service.boards.text import iso_datetime

NAME = "breezy"
_COMPANY = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_JOB_PATH = re.compile(r"^/p/([A-Za-z0-9]+)(?:-[^/]*)?/?$")


def first_request(token: str) -> PageRequest:
    """The ``/json`` list of company ``token``; ValueError for anything but a subdomain."""
    company = token.strip().strip("/").lower().removesuffix(".breezy.hr")
    if not _COMPANY.match(company):
        raise ValueError(f"{NAME}: expected a company subdomain like 'acme', got {token!r}")
    return PageRequest(url=f"https://{company}.breezy.hr/json")


def _places(job: dict[str, Any]) -> list[dict[str, Any]]:
    """The row's ``locations`` objects, else its one ``location``."""
    many = job.get("locations")
    found = [p for p in many if isinstance(p, dict)] if isinstance(many, list) else []
    one = job.get("location")
    return found or ([one] if isinstance(one, dict) else [])


def _remote(places: list[dict[str, Any]], location: str | None) -> bool | None:
    """``is_remote`` when the locations say it, else clear wording."""
    flags = [p.get("is_remote") for p in places]
    if any(flag is True for flag in flags):
        return True
    if flags and all(flag is False for flag in flags):
        return False
    return infer_remote(location)


def _link(job: dict[str, Any], url: str) -> str | None:
    """The row's own ``url``, else ``/p/{friendly_id}`` on the list's host."""
    own = absolute_link(job.get("url"), url)
    friendly = json_text(job.get("friendly_id"))
    return own or (absolute_link(f"/p/{quote(friendly, safe='')}", url) if friendly else None)


def _posting(job: dict[str, Any], url: str) -> Posting | None:
    """One row, or None without ``id``, ``name`` or a link."""
    job_id, title, link = json_text(job.get("id")), json_text(job.get("name")), _link(job, url)
    if not job_id or not title or not link:
        return None
    places = _places(job)
    names = (json_text(p.get("name")) for p in places)
    location = " | ".join(dict.fromkeys(n for n in names if n)) or None
    kind = job.get("type")
    return Posting(
        external_id=job_id,
        title=title,
        url=link,
        ats=NAME,
        location=location,
        remote=_remote(places, location),
        department=json_text(job.get("department")),
        employment_type=json_text(kind.get("name")) if isinstance(kind, dict) else None,
        posted_at=iso_datetime(job.get("published_date")),
    )


def _read_job_page(body: bytes, url: str) -> Page:
    """A job page's JSON-LD as one posting, its id from the page's path."""
    found = _JOB_PATH.match(urlsplit(url).path)
    postings = jsonld.read(body, url=url).postings
    if found is None or not postings:
        return Page([])
    return Page([replace(postings[0], external_id=found[1], url=url, ats=NAME)])


def read(body: bytes, *, url: str) -> Page:
    """Postings of a company's ``/json`` list, or the one posting of a ``/p/…`` job page."""
    check_url(url, NAME)
    if _JOB_PATH.match(urlsplit(url).path):
        return _read_job_page(body, url)
    data = load_json(body, NAME)
    if not isinstance(data, list):
        raise ReadError(f"{NAME}: expected a list of jobs, got {json_kind(data)}")
    postings: dict[str, Posting] = {}
    for job in json_objects(data, f"{NAME}: jobs"):
        posting = _posting(job, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(list(postings.values()))


def detail_request(posting: Posting, url: str) -> PageRequest | None:
    """The job page (``/p/{friendly_id}``): its JSON-LD has the description the list lacks."""
    if not _JOB_PATH.match(urlsplit(posting.url).path):
        return None
    return PageRequest(url=posting.url, accept=HTML_ACCEPT)


READER = Reader(NAME, read, first_request, detail_request=detail_request)
