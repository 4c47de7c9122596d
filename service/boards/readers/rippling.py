"""Rippling ATS: the public board JSON (v1 list and detail, v2 detail).

The token is the board's slug (``ats.rippling.com/{slug}/jobs``). The list is ``GET
https://api.rippling.com/platform/api/ats/v1/board/{slug}/jobs``: an array with **one row per
location**, so a job listed at three places comes three times with the same ``uuid``; those rows
are one posting whose ``location`` joins the rows' ``workLocation.label`` with " | ". ``title``
is ``name`` (trailing spaces trimmed), ``url`` the row's ``url`` (else ``ats.rippling.com/{slug}/
jobs/{uuid}``), ``department`` is ``department.label``. The whole board is one response.

The list has no text, so ``detail_request`` names ``…/v1/board/{slug}/jobs/{uuid}``; a detail
(v1, or v2's ``ats.rippling.com/api/v2/board/{slug}/jobs/{uuid}``) is one object read as one
posting: ``description.company`` and ``description.role`` as text, ``department.name``,
``workLocations`` (strings in v1, objects with ``label``/``name`` and ``workplaceType`` in v2),
v2's ``createdOn`` and ``employmentType.label``. ``remote`` is the v2 workplace type when every
location has one (REMOTE true, ON_SITE/HYBRID false), else clear wording. A row without ``uuid``
or ``name`` is skipped; any other shape raises ``ReadError``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

from service.boards.base import Page, PageRequest, Posting, Reader, ReadError, infer_remote
from service.boards.readers._json import (
    absolute_link,
    check_url,
    json_kind,
    json_objects,
    json_text,
    load_json,
)
from service.boards.text import html_to_text, iso_datetime

NAME = "rippling"
_API = "https://api.rippling.com/platform/api/ats/v1/board/{slug}/jobs"
_JOB_PAGE = "https://ats.rippling.com/{slug}/jobs/{uuid}"
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
_BOARD_PATH = re.compile(r"/board/([^/]+)/jobs(?:/|$)")
_WORKPLACE = {"REMOTE": True, "ON_SITE": False, "HYBRID": False}


def first_request(token: str) -> PageRequest:
    """The v1 jobs list of board ``token``; ValueError for anything but a slug."""
    slug = token.strip().strip("/")
    if not _SLUG.match(slug):
        raise ValueError(f"{NAME}: expected a board slug like 'acme', got {token!r}")
    return PageRequest(url=_API.format(slug=slug))


def _slug(url: str) -> str:
    """The board slug in a v1 or v2 API URL (``/board/{slug}/jobs``), else ``""``."""
    found = _BOARD_PATH.search(urlsplit(url).path)
    return found[1] if found else ""


def _label(value: object) -> str | None:
    """A name from a string or an object's ``label`` / ``name``."""
    if isinstance(value, dict):
        return json_text(value.get("label")) or json_text(value.get("name"))
    return json_text(value)


def _link(job: dict[str, Any], slug: str, uuid: str, base: str) -> str:
    """The row's own ``url``, else the board's job page."""
    own = absolute_link(job.get("url"), base)
    if own:
        return own
    return _JOB_PAGE.format(slug=quote(slug or "board", safe=""), uuid=quote(uuid, safe=""))


def _locations(job: dict[str, Any]) -> list[Any]:
    """The row's ``workLocation`` or the detail's ``workLocations``, as a list."""
    many = job.get("workLocations")
    if isinstance(many, list):
        return many
    one = job.get("workLocation")
    return [one] if one is not None else []


def _remote(places: list[Any], location: str | None) -> bool | None:
    """v2's workplace type when every location states one, else clear wording."""
    kinds = [json_text(p.get("workplaceType")) for p in places if isinstance(p, dict)]
    if kinds and len(kinds) == len(places) and all(k in _WORKPLACE for k in kinds):
        return any(_WORKPLACE[k] for k in kinds if k)
    return infer_remote(location)


def _description(job: dict[str, Any]) -> str | None:
    """The detail's company and role sections as text."""
    body = job.get("description")
    if isinstance(body, str):
        return html_to_text(body)
    if not isinstance(body, dict):
        return None
    parts = [html_to_text(body.get(k)) for k in ("company", "role") if isinstance(body.get(k), str)]
    return "\n\n".join(p for p in parts if p) or None


def _posting(job: dict[str, Any], slug: str, base: str, places: list[Any]) -> Posting | None:
    """One job (with all its locations), or None without ``uuid`` or ``name``."""
    uuid, title = json_text(job.get("uuid")), json_text(job.get("name"))
    if not uuid or not title:
        return None
    location = " | ".join(dict.fromkeys(n for n in map(_label, places) if n)) or None
    department = job.get("department")
    return Posting(
        external_id=uuid,
        title=title,
        url=_link(job, slug, uuid, base),
        ats=NAME,
        location=location,
        remote=_remote(places, location),
        department=_label(department)
        or (json_text(department.get("base_department")) if isinstance(department, dict) else None),
        employment_type=_label(job.get("employmentType")),
        posted_at=iso_datetime(job.get("createdOn")),
        description_text=_description(job),
    )


def _board(rows: list[Any], slug: str, base: str) -> list[Posting]:
    """One posting per ``uuid``, its rows' locations gathered in their order."""
    places: dict[str, list[Any]] = {}
    first: dict[str, dict[str, Any]] = {}
    for row in json_objects(rows, f"{NAME}: jobs"):
        uuid = json_text(row.get("uuid"))
        if uuid:
            first.setdefault(uuid, row)
            places.setdefault(uuid, []).extend(_locations(row))
    found = (_posting(row, slug, base, places[uuid]) for uuid, row in first.items())
    return [p for p in found if p is not None]


def read(body: bytes, *, url: str) -> Page:
    """Postings of a board's jobs list, or the one posting of a job's detail."""
    check_url(url, NAME)
    data = load_json(body, NAME)
    slug = _slug(url)
    if isinstance(data, list):
        return Page(_board(data, slug, url))
    if isinstance(data, dict) and "uuid" in data:
        posting = _posting(data, slug, url, _locations(data))
        return Page([posting] if posting else [])
    raise ReadError(f"{NAME}: expected a list of jobs or one job, got {json_kind(data)}")


def detail_request(posting: Posting, url: str) -> PageRequest | None:
    """The detail of a listed job, beside the list it came from: the list has no text."""
    parts = urlsplit(url)
    found = _BOARD_PATH.search(parts.path)
    if found is None or not parts.netloc:
        return None
    jobs = parts.path[: found.start()] + f"/board/{found[1]}/jobs"
    uuid = quote(posting.external_id, safe="")
    return PageRequest(url=f"{parts.scheme}://{parts.netloc}{jobs}/{uuid}")


READER = Reader(NAME, read, first_request, detail_request=detail_request)
