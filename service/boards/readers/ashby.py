"""Ashby posting API: ``api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true``.

The whole board comes in one ``{"apiVersion": "1", "jobs": [...]}`` response, no paging. Board
names keep their case and may hold spaces (``HighlightTA``, ``Scale AI``): they are URL-quoted
once. ``external_id`` is the job ``id``; ``posted_at`` is ``publishedAt``; Ashby has no updated
time. Jobs with ``isListed: false`` are left out. ``remote`` is the board's own ``isRemote``
(Ashby sets it for hybrid jobs that offer remote work too); when that is null, ``workplaceType``
("Remote" true, "OnSite" and "Hybrid" false); when both are null (often), clear wording in the
locations. ``location`` joins ``location`` and each ``secondaryLocations[].location`` with " | ".
A job without ``id``, ``title`` or a usable link is skipped; optional fields of an unexpected type
read as missing; a repeated ``id`` keeps its first job. Any other payload shape raises
``ReadError``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote, urlsplit

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

NAME = "ashby"
_API = "https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true"
_BOARD_IN_URL = re.compile(r"/job-board/([^/?#]+)")
_WORKPLACE = {"remote": True, "onsite": False, "hybrid": False}


def first_request(token: str) -> PageRequest:
    """The whole board, with compensation; the board name is quoted once (spaces as %20)."""
    board = unquote(token.strip().strip("/"))
    if not board:
        raise ValueError(f"{NAME}: the board name is empty")
    return PageRequest(url=_API.format(board=quote(board, safe="")))


def _jobs(data: Any) -> list[Any]:
    """The ``jobs`` list of a job board response; ReadError for any other shape."""
    if isinstance(data, dict) and isinstance(data.get("jobs"), list):
        return data["jobs"]
    raise ReadError(f"{NAME}: expected an object with a 'jobs' list, got {json_kind(data)}")


def _location(job: dict[str, Any]) -> str | None:
    """The main location then each secondary one, without repeats, joined with " | "."""
    names = [json_text(job.get("location"))]
    secondary = job.get("secondaryLocations")
    for extra in secondary if isinstance(secondary, list) else []:
        if isinstance(extra, dict):
            names.append(json_text(extra.get("location")))
    return " | ".join(dict.fromkeys(n for n in names if n)) or None


def _remote(job: dict[str, Any], location: str | None) -> bool | None:
    """``isRemote``, else ``workplaceType``, else clear wording in the location."""
    if isinstance(job.get("isRemote"), bool):
        return bool(job["isRemote"])
    workplace = re.sub(r"[^a-z]", "", (json_text(job.get("workplaceType")) or "").lower())
    if workplace in _WORKPLACE:
        return _WORKPLACE[workplace]
    return infer_remote(location)


def _description(job: dict[str, Any]) -> str | None:
    """Text of ``descriptionHtml``, else ``descriptionPlain``."""
    markup = job.get("descriptionHtml")
    text = html_to_text(markup) if isinstance(markup, str) else None
    return text or json_text(job.get("descriptionPlain"))


def _link(job: dict[str, Any], job_id: str, url: str) -> str | None:
    """``jobUrl``, else the job's page on the hosted board named in ``url``."""
    link = absolute_link(job.get("jobUrl"), url)
    if link:
        return link
    board = _BOARD_IN_URL.search(urlsplit(url).path)
    return f"https://jobs.ashbyhq.com/{board.group(1)}/{quote(job_id)}" if board else None


def _posting(job: dict[str, Any], url: str) -> Posting | None:
    """One listed Ashby job as a Posting, or None when unlisted or without id, title or link."""
    job_id, title = json_text(job.get("id")), json_text(job.get("title"))
    link = _link(job, job_id, url) if job_id else None
    if job.get("isListed") is False or not job_id or not title or not link:
        return None
    location = _location(job)
    return Posting(
        external_id=job_id,
        title=title,
        url=link,
        ats=NAME,
        location=location,
        remote=_remote(job, location),
        department=json_text(job.get("department")) or json_text(job.get("team")),
        employment_type=json_text(job.get("employmentType")),
        posted_at=iso_datetime(job.get("publishedAt")),
        description_text=_description(job),
    )


def read(body: bytes, *, url: str) -> Page:
    """Listed postings of one Ashby job board response fetched from ``url``."""
    check_url(url, NAME)
    postings: dict[str, Posting] = {}
    for job in json_objects(_jobs(load_json(body, NAME)), f"{NAME}: jobs"):
        posting = _posting(job, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(postings=list(postings.values()))


READER = Reader(NAME, read, first_request)
