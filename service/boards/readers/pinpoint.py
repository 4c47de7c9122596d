"""Pinpoint: a company's public ``postings.json``, the whole board with its texts.

The token is the company's subdomain (``acme`` for ``acme.pinpointhq.com``); the board is ``GET
https://{company}.pinpointhq.com/postings.json`` → ``{data: [{id, title, url, path, description,
key_responsibilities, skills_knowledge_expertise, benefits (each with a ``…_header``),
employment_type_text, workplace_type, job{department{name}}, location{name, city, province}}]}``
in one response, so no detail request is needed. ``external_id`` is ``id``; ``url`` is ``url``
(else ``path`` on the list's host); ``location`` is ``location.name`` (``"city, province"`` when
the name is only the city); ``remote`` is ``workplace_type`` (``remote`` true, ``onsite`` and
``hybrid`` false), else clear wording; ``description_text`` is the description and each titled
section as text. A row without ``id`` or ``title`` is skipped; a repeated ``id`` keeps its
first; any other shape raises ``ReadError``.
"""

from __future__ import annotations

import re
from typing import Any

from service.boards.base import Page, PageRequest, Posting, Reader, ReadError, infer_remote
from service.boards.readers._json import (
    absolute_link,
    check_url,
    json_kind,
    json_objects,
    json_text,
    load_json,
)
from service.boards.text import html_to_text

NAME = "pinpoint"
_COMPANY = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_WORKPLACE = {"remote": True, "onsite": False, "on_site": False, "hybrid": False}
_SECTIONS = ("key_responsibilities", "skills_knowledge_expertise", "benefits")


def first_request(token: str) -> PageRequest:
    """The ``postings.json`` of company ``token``; ValueError for anything but a subdomain."""
    company = token.strip().strip("/").lower().removesuffix(".pinpointhq.com")
    if not _COMPANY.match(company):
        raise ValueError(f"{NAME}: expected a company subdomain like 'acme', got {token!r}")
    return PageRequest(url=f"https://{company}.pinpointhq.com/postings.json")


def _field(value: object, key: str) -> Any:
    """``value[key]`` when ``value`` is an object, else None."""
    return value.get(key) if isinstance(value, dict) else None


def _location(place: object) -> str | None:
    """The location's name, with its province when the name is only the city."""
    name, city = json_text(_field(place, "name")), json_text(_field(place, "city"))
    province = json_text(_field(place, "province"))
    if name and province and name == city:
        return f"{name}, {province}"
    return name or ", ".join(p for p in (city, province) if p) or None


def _description(job: dict[str, Any]) -> str | None:
    """The description, then each section under its header, as text."""
    parts = [
        html_to_text(job.get("description")) if isinstance(job.get("description"), str) else None
    ]
    for key in _SECTIONS:
        body = job.get(key)
        text = html_to_text(body) if isinstance(body, str) else None
        if text:
            header = json_text(job.get(f"{key}_header"))
            parts.append(f"{header}\n\n{text}" if header else text)
    return "\n\n".join(p for p in parts if p) or None


def _remote(job: dict[str, Any], location: str | None) -> bool | None:
    """``workplace_type`` when it is one Pinpoint defines, else clear wording."""
    kind = json_text(job.get("workplace_type"))
    if kind in _WORKPLACE:
        return _WORKPLACE[kind]
    return infer_remote(json_text(job.get("workplace_type_text")), location)


def _posting(job: dict[str, Any], url: str) -> Posting | None:
    """One posting, or None without ``id``, ``title`` or a link."""
    job_id, title = json_text(job.get("id")), json_text(job.get("title"))
    link = absolute_link(job.get("url"), url) or absolute_link(job.get("path"), url)
    if not job_id or not title or not link:
        return None
    location = _location(job.get("location"))
    return Posting(
        external_id=job_id,
        title=title,
        url=link,
        ats=NAME,
        location=location,
        remote=_remote(job, location),
        department=json_text(_field(_field(job.get("job"), "department"), "name")),
        employment_type=json_text(job.get("employment_type_text")),
        description_text=_description(job),
    )


def read(body: bytes, *, url: str) -> Page:
    """Postings of one ``postings.json`` response fetched from ``url``."""
    check_url(url, NAME)
    data = load_json(body, NAME)
    rows = data.get("data") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise ReadError(f"{NAME}: expected an object with a 'data' list, got {json_kind(data)}")
    postings: dict[str, Posting] = {}
    for job in json_objects(rows, f"{NAME}: data"):
        posting = _posting(job, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(list(postings.values()))


READER = Reader(NAME, read, first_request)
