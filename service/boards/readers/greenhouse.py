"""Greenhouse job board API: ``boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true``.

The whole board comes in one ``{"jobs": [...], "meta": {"total": n}}`` response, no paging; a
single post (``GET .../jobs/{id}``, an object with ``id`` and ``title`` at the top) reads as one
posting. ``external_id`` is the job *post* ``id`` (``internal_job_id`` repeats when one job has
several posts). ``posted_at`` is ``first_published``, ``updated_at`` is ``updated_at``.
``content`` is entity-escaped HTML. ``remote`` comes from a "Location Type" style ``metadata``
field when the board has one ("Remote" true; "On-Site" and "Hybrid" false), else from clear
wording in the location. A post without ``id`` or ``title``, or without any usable link, is
skipped; optional fields of an unexpected type read as missing; a repeated ``id`` keeps its first
post. A payload of another shape (e.g. the ``/departments`` listing) raises ``ReadError``.
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

NAME = "greenhouse"
_API = "https://boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true"
_BOARD_PAGE = "https://job-boards.greenhouse.io/{token}/jobs/{id}"
_TOKEN_IN_URL = re.compile(r"/boards/([^/?#]+)")
_WORK_MODEL_FIELD = re.compile(r"location type|workplace|work model|work type|remote", re.I)


def first_request(token: str) -> PageRequest:
    """The whole board with descriptions, departments and offices."""
    token = token.strip().strip("/")
    if not token:
        raise ValueError(f"{NAME}: the board token is empty")
    return PageRequest(url=_API.format(token=quote(token, safe="")))


def _jobs(data: Any) -> list[Any]:
    """The list of posts in a jobs listing or a single post; ReadError for any other shape."""
    if isinstance(data, dict):
        if isinstance(data.get("jobs"), list):
            return data["jobs"]
        if "id" in data and "title" in data:
            return [data]
        if "departments" in data or "offices" in data:
            raise ReadError(
                f"{NAME}: this is a departments/offices listing, not job posts; "
                "read .../boards/{token}/jobs?content=true instead"
            )
    raise ReadError(f"{NAME}: expected an object with a 'jobs' list, got {json_kind(data)}")


def _names(items: object) -> list[str]:
    """The ``name`` of each object in a list such as ``departments`` or ``offices``."""
    if not isinstance(items, list):
        return []
    names = (json_text(item.get("name")) for item in items if isinstance(item, dict))
    return list(dict.fromkeys(name for name in names if name))


def _metadata(job: dict[str, Any], pattern: re.Pattern[str]) -> str | None:
    """The first text value of a ``metadata`` custom field whose name matches ``pattern``."""
    fields = job.get("metadata")
    if not isinstance(fields, list):
        return None
    for field in fields:
        if isinstance(field, dict) and pattern.search(json_text(field.get("name")) or ""):
            value = json_text(field.get("value"))
            if value:
                return value
    return None


def _work_model(value: str | None) -> bool | None:
    """Remote true, hybrid or on-site false, from a work-model value such as "On-Site"."""
    if not value:
        return None
    words = value.lower()
    if "hybrid" in words:
        return False
    return infer_remote(words)


def _location(job: dict[str, Any]) -> str | None:
    """``location.name`` as the board states it, else the office names."""
    location = job.get("location")
    name = json_text(location.get("name")) if isinstance(location, dict) else None
    return name or " | ".join(_names(job.get("offices"))) or None


def _remote(job: dict[str, Any], location: str | None) -> bool | None:
    """The board's location-type field when it has one, else clear wording."""
    stated = _work_model(_metadata(job, _WORK_MODEL_FIELD))
    if stated is not None:
        return stated
    return infer_remote(location, *_names(job.get("offices")))


def _link(job: dict[str, Any], job_id: str, url: str) -> str | None:
    """``absolute_url``, else the post's page on the hosted board of the token in ``url``."""
    link = absolute_link(job.get("absolute_url"), url)
    if link:
        return link
    token = _TOKEN_IN_URL.search(urlsplit(url).path)
    return _BOARD_PAGE.format(token=token.group(1), id=quote(job_id)) if token else None


def _posting(job: dict[str, Any], url: str) -> Posting | None:
    """One job post as a Posting, or None without id, title or link."""
    job_id, title = json_text(job.get("id")), json_text(job.get("title"))
    link = _link(job, job_id, url) if job_id else None
    if not job_id or not title or not link:
        return None
    location = _location(job)
    content = job.get("content")
    return Posting(
        external_id=job_id,
        title=title,
        url=link,
        ats=NAME,
        location=location,
        remote=_remote(job, location),
        department=" | ".join(_names(job.get("departments"))) or None,
        employment_type=_metadata(job, re.compile(r"employment type", re.I)),
        posted_at=iso_datetime(job.get("first_published")),
        updated_at=iso_datetime(job.get("updated_at")),
        description_text=html_to_text(content) if isinstance(content, str) else None,
    )


def read(body: bytes, *, url: str) -> Page:
    """Postings of one Greenhouse jobs response (or single post) fetched from ``url``."""
    check_url(url, NAME)
    postings: dict[str, Posting] = {}
    for job in json_objects(_jobs(load_json(body, NAME)), f"{NAME}: jobs"):
        posting = _posting(job, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(postings=list(postings.values()))


READER = Reader(NAME, read, first_request)
