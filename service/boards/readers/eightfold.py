"""Eightfold: the careers API ``{tenant}.eightfold.ai/api/apply/v2/jobs``.

The token is ``"tenant"`` or ``"tenant/domain"`` (e.g. ``"albemarle/albemarle.com"``; the
``domain`` query names the company when a tenant hosts several, and is optional). A page is
``{"positions": [...], "count": N}``; Eightfold sends 10 positions a page whatever ``num`` asks,
so pages are asked for with ``start=K&num=10``, and while ``start + len(positions) < count`` the
page gets a ``next_request`` with ``start`` moved on by the positions received. A page without
``count`` goes on while it comes back full (10 positions).

``external_id`` is ``id``; ``title`` is ``name`` (else ``posting_name``); ``url`` is
``canonicalPositionUrl``, else ``{origin}/careers/job/{id}``; ``location`` joins ``locations``
(else ``location``) with " | "; ``department`` is ``department``; ``remote`` is
``work_location_option`` ("remote" true, "onsite" and "hybrid" false), else clear wording;
``posted_at``/``updated_at`` are ``t_create``/``t_update`` (Unix seconds). The list's
``job_description`` is empty on the boards seen, so the description is read only when present;
the reference names no public detail request, so none is made. ``type`` is Eightfold's own record
type ("ATS"), not an employment type. A position without ``id`` or a title is skipped; a repeated
``id`` keeps its first position. Any other payload shape raises ``ReadError``. Some tenants
answer only ``/api/pcsx/search`` or refuse the API (401/403): the fetch error says so.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

from service.boards.base import (
    Page,
    PageRequest,
    Paging,
    Posting,
    Reader,
    ReadError,
    infer_remote,
)
from service.boards.readers._json import (
    absolute_link,
    check_url,
    json_kind,
    json_objects,
    json_text,
    load_json,
)
from service.boards.readers._query import query_count, with_query
from service.boards.text import html_to_text, iso_datetime

NAME = "eightfold"
PAGE_SIZE = 10
_TOKEN = re.compile(r"^(?P<tenant>[a-z0-9][a-z0-9-]*)(?:/(?P<domain>[a-z0-9.-]+\.[a-z]+))?$")
_REMOTE_OPTIONS = {"remote": True, "onsite": False, "on_site": False, "hybrid": False}


def first_request(token: str) -> PageRequest:
    """The first page of ``"tenant"`` or ``"tenant/domain"``; ValueError for another shape."""
    match = _TOKEN.match(token.strip().strip("/").lower())
    if match is None:
        raise ValueError(
            f"{NAME}: expected a token like 'tenant' or 'tenant/domain', got {token!r}"
        )
    query = {"domain": match["domain"]} if match["domain"] else {}
    query |= {"start": "0", "num": str(PAGE_SIZE)}
    host = f"{match['tenant']}.eightfold.ai"
    return PageRequest(url=f"https://{host}/api/apply/v2/jobs?{urlencode(query)}")


def _locations(position: dict[str, Any]) -> str | None:
    """Every location of the position, without repeats, joined with " | "."""
    listed = position.get("locations")
    names = [json_text(n) for n in listed] if isinstance(listed, list) else []
    names = [n for n in names if n] or [json_text(position.get("location"))]
    return " | ".join(dict.fromkeys(n for n in names if n)) or None


def _remote(position: dict[str, Any], location: str | None) -> bool | None:
    """``work_location_option`` when Eightfold states it, else clear wording in the location."""
    option = position.get("work_location_option")
    if isinstance(option, str) and option.strip().lower() in _REMOTE_OPTIONS:
        return _REMOTE_OPTIONS[option.strip().lower()]
    return infer_remote(location)


def _link(position: dict[str, Any], position_id: str, url: str) -> str | None:
    """``canonicalPositionUrl``, else the public job page on the API's host."""
    link = absolute_link(position.get("canonicalPositionUrl"), url)
    if link:
        return link
    return absolute_link(f"/careers/job/{quote(position_id, safe='')}", url)


def _posting(position: dict[str, Any], url: str) -> Posting | None:
    """One Eightfold position as a Posting, or None without id, title or link."""
    position_id = json_text(position.get("id"))
    title = json_text(position.get("name")) or json_text(position.get("posting_name"))
    link = _link(position, position_id, url) if position_id else None
    if not position_id or not title or not link:
        return None
    location = _locations(position)
    markup = position.get("job_description")
    return Posting(
        external_id=position_id,
        title=title,
        url=link,
        ats=NAME,
        location=location,
        remote=_remote(position, location),
        department=json_text(position.get("department")),
        posted_at=_seconds(position.get("t_create")),
        updated_at=_seconds(position.get("t_update")),
        description_text=html_to_text(markup) if isinstance(markup, str) else None,
    )


def _seconds(value: object) -> str | None:
    """ISO 8601 from Unix seconds (a JSON integer), else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return iso_datetime(value)


def _next_request(data: dict[str, Any], url: str, count: int) -> PageRequest | None:
    """The same URL at the next ``start`` while positions remain, else None."""
    start = query_count(url, "start")
    total = data.get("count")
    if count == 0:
        return None
    if isinstance(total, int) and not isinstance(total, bool):
        if start + count >= total:
            return None
    elif count < PAGE_SIZE:
        return None
    return PageRequest(url=with_query(url, start=str(start + count)))


def read(body: bytes, *, url: str) -> Page:
    """Postings of one Eightfold page fetched from ``url``."""
    check_url(url, NAME)
    data = load_json(body, NAME)
    if not isinstance(data, dict) or not isinstance(data.get("positions"), list):
        raise ReadError(
            f"{NAME}: expected an object with a 'positions' list, got {json_kind(data)}"
        )
    items = data["positions"]
    postings: dict[str, Posting] = {}
    for item in json_objects(items, f"{NAME}: positions"):
        posting = _posting(item, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(list(postings.values()), _next_request(data, url, len(items)))


READER = Reader(NAME, read, first_request, Paging.NEXT_REQUEST)
