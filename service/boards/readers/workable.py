"""Workable widget API: ``apply.workable.com/api/v1/widget/accounts/{account}?details=true``.

The whole account comes in one ``{"name": ..., "jobs": [...]}`` response, no paging. The same
``shortcode`` repeats once per location: the rows are merged into one posting (``external_id`` =
``shortcode``, fields from the first row) whose ``location`` joins every row's places with
" | ". A row's places are its ``locations[]`` entries not marked ``hidden`` ("city, region,
country"), else its top-level ``city``, ``state`` and ``country``. ``posted_at`` is
``published_on`` (else ``created_at``); Workable has no updated time. ``remote`` is
``telecommuting``, else clear wording in the locations. The description (``details=true``) joins
``description``, ``requirements`` and ``benefits`` when present. A row without ``shortcode`` or
``title`` is skipped; optional fields of an unexpected type read as missing. Any other payload
shape raises ``ReadError``. The v3 jobs API (POST, ``nextPage``) is not read: its posting fields
are not documented in the material we have.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import quote

from service.boards.base import Page, PageRequest, Posting, Reader, ReadError, infer_remote
from service.boards.readers._json import (
    absolute_link,
    json_kind,
    json_objects,
    json_text,
    load_json,
)
from service.boards.text import html_to_text, iso_datetime

NAME = "workable"
_API = "https://apply.workable.com/api/v1/widget/accounts/{account}?details=true"
_JOB_PAGE = "https://apply.workable.com/j/{shortcode}"


def first_request(token: str) -> PageRequest:
    """The whole account with descriptions."""
    account = token.strip().strip("/")
    if not account:
        raise ValueError(f"{NAME}: the account name is empty")
    return PageRequest(url=_API.format(account=quote(account, safe="")))


def _jobs(data: Any) -> list[Any]:
    """The ``jobs`` list of a widget response; ReadError for any other shape."""
    if isinstance(data, dict) and isinstance(data.get("jobs"), list):
        return data["jobs"]
    raise ReadError(f"{NAME}: expected an object with a 'jobs' list, got {json_kind(data)}")


def _place(*parts: object) -> str | None:
    """Non-empty parts joined as "city, region, country"."""
    texts = [json_text(p) for p in parts]
    return ", ".join(dict.fromkeys(t for t in texts if t)) or None


def _places(job: dict[str, Any]) -> list[str]:
    """The row's visible ``locations[]``, else its top-level city, state and country."""
    entries = job.get("locations")
    places = [
        _place(e.get("city"), e.get("region"), e.get("country"))
        for e in (entries if isinstance(entries, list) else [])
        if isinstance(e, dict) and e.get("hidden") is not True
    ]
    found = [p for p in places if p]
    if found:
        return found
    top = _place(job.get("city"), job.get("state"), job.get("country"))
    return [top] if top else []


def _description(job: dict[str, Any]) -> str | None:
    """Description, requirements and benefits as one plain text."""
    parts = []
    for key in ("description", "requirements", "benefits"):
        markup = job.get(key)
        parts.append(html_to_text(markup) if isinstance(markup, str) else None)
    return "\n\n".join(p for p in parts if p) or None


def _posting(job: dict[str, Any], code: str, title: str, url: str) -> Posting:
    """One widget row as a Posting."""
    link = absolute_link(job.get("url"), url) or absolute_link(job.get("shortlink"), url)
    location = " | ".join(_places(job)) or None
    remote = job.get("telecommuting")
    return Posting(
        external_id=code,
        title=title,
        url=link or _JOB_PAGE.format(shortcode=quote(code, safe="")),
        ats=NAME,
        location=location,
        remote=remote if isinstance(remote, bool) else infer_remote(location),
        department=json_text(job.get("department")),
        employment_type=json_text(job.get("employment_type")),
        posted_at=iso_datetime(job.get("published_on")) or iso_datetime(job.get("created_at")),
        description_text=_description(job),
    )


def _merge(first: Posting, row: Posting) -> Posting:
    """``first`` with the places of a later row of the same shortcode added."""
    places = (first.location or "").split(" | ") + (row.location or "").split(" | ")
    location = " | ".join(dict.fromkeys(p for p in places if p)) or None
    remote = first.remote if first.remote is not None else row.remote
    return replace(first, location=location, remote=remote)


def read(body: bytes, *, url: str) -> Page:
    """Postings of one Workable widget response fetched from ``url``, one per shortcode."""
    postings: dict[str, Posting] = {}
    for job in json_objects(_jobs(load_json(body, NAME)), f"{NAME}: jobs"):
        code, title = json_text(job.get("shortcode")), json_text(job.get("title"))
        if not code or not title:
            continue
        posting = _posting(job, code, title, url)
        postings[code] = _merge(postings[code], posting) if code in postings else posting
    return Page(postings=list(postings.values()))


READER = Reader(NAME, read, first_request)
