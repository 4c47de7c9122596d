"""SmartRecruiters posting API: ``api.smartrecruiters.com/v1/companies/{companyId}/postings``.

A list page is ``{"offset", "limit", "totalFound", "content": [...]}``; pages are asked for with
``limit=100&offset=N``. While ``offset + len(content) < totalFound`` the page gets a
``next_request`` for the same URL with ``offset`` moved on by the postings received (the page
size on full pages; never skips postings when a page comes back short). A posting detail
(``GET .../postings/{id}``, an object with ``id`` and ``name``) reads as one posting, with its
``jobAd.sections`` as the description (the list carries no description); a detail with
``active: false`` gives none. ``detail_request`` names that GET for a listed posting.

``external_id`` is ``id``; ``url`` is the detail's ``postingUrl``, else
``https://jobs.smartrecruiters.com/{companyIdentifier}/{id}`` (the page resolves by id alone);
``posted_at`` is ``releasedDate``, there is no updated time. ``remote`` is ``location.remote``
(hybrid jobs say false), else clear wording. A posting without ``id``, ``name`` or a company to
link to is skipped; optional fields of an unexpected type read as missing; a repeated ``id`` keeps
its first posting. Any other payload shape raises ``ReadError``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

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

NAME = "smartrecruiters"
PAGE_SIZE = 100
_API = "https://api.smartrecruiters.com/v1/companies/{company}/postings?limit={limit}&offset=0"
_JOB_PAGE = "https://jobs.smartrecruiters.com/{company}/{id}"
_COMPANY_IN_URL = re.compile(r"/companies/([^/?#]+)")
_SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


def first_request(token: str) -> PageRequest:
    """The first page of the company ``token`` (identifiers are case-sensitive)."""
    company = token.strip().strip("/")
    if not company:
        raise ValueError(f"{NAME}: the company identifier is empty")
    return PageRequest(url=_API.format(company=quote(company, safe=""), limit=PAGE_SIZE))


def _object(value: object) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _location(place: dict[str, Any]) -> str | None:
    """``fullLocation``, else "city, region, COUNTRY"."""
    full = json_text(place.get("fullLocation"))
    if full:
        return full
    parts = [json_text(place.get("city")), json_text(place.get("region"))]
    parts.append((json_text(place.get("country")) or "").upper())
    return ", ".join(p for p in parts if p) or None


def _description(posting: dict[str, Any]) -> str | None:
    """The detail's ``jobAd.sections``, each as its title and its text."""
    sections = _object(_object(posting.get("jobAd")).get("sections"))
    parts = []
    for key in _SECTIONS:
        section = _object(sections.get(key))
        markup = section.get("text")
        body = html_to_text(markup) if isinstance(markup, str) else None
        if body:
            parts.append("\n\n".join(p for p in (json_text(section.get("title")), body) if p))
    return "\n\n".join(parts) or None


def _link(posting: dict[str, Any], posting_id: str, url: str) -> str | None:
    """``postingUrl``, else the public page built from the company identifier."""
    link = absolute_link(posting.get("postingUrl"), url)
    if link:
        return link
    company = json_text(_object(posting.get("company")).get("identifier"))
    if not company:
        found = _COMPANY_IN_URL.search(urlsplit(url).path)
        company = unquote(found.group(1)) if found else None
    if not company:
        return None
    return _JOB_PAGE.format(company=quote(company, safe=""), id=quote(posting_id, safe=""))


def _posting(posting: dict[str, Any], url: str) -> Posting | None:
    """One SmartRecruiters posting as a Posting, or None without id, title or link."""
    posting_id, title = json_text(posting.get("id")), json_text(posting.get("name"))
    link = _link(posting, posting_id, url) if posting_id else None
    if not posting_id or not title or not link:
        return None
    place = _object(posting.get("location"))
    location = _location(place)
    remote = place.get("remote")
    return Posting(
        external_id=posting_id,
        title=title,
        url=link,
        ats=NAME,
        location=location,
        remote=remote if isinstance(remote, bool) else infer_remote(location),
        department=json_text(_object(posting.get("department")).get("label")),
        employment_type=json_text(_object(posting.get("typeOfEmployment")).get("label")),
        posted_at=iso_datetime(posting.get("releasedDate")),
        description_text=_description(posting),
    )


def detail_request(posting: Posting, url: str) -> PageRequest | None:
    """The posting's own GET, ``.../postings/{id}`` (the list carries no description)."""
    parts = urlsplit(url)
    found = _COMPANY_IN_URL.search(parts.path)
    if found is None or parts.scheme not in ("http", "https"):
        return None
    path = f"{parts.path[: found.end()]}/postings/{quote(posting.external_id, safe='')}"
    return PageRequest(url=urlunsplit((parts.scheme, parts.netloc, path, "", "")))


def _number(value: object) -> int | None:
    """A JSON integer (not a boolean), or None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _next_request(data: dict[str, Any], url: str, count: int) -> PageRequest | None:
    """The same URL at the next offset while postings remain, else None."""
    offset, total = _number(data.get("offset")), _number(data.get("totalFound"))
    if offset is None:
        offset = query_count(url, "offset")
    if total is None or count == 0 or offset + count >= total:
        return None
    return PageRequest(url=with_query(url, offset=str(offset + count)))


def _postings(data: Any) -> tuple[list[Any], bool]:
    """The postings and whether they came as a (pageable) list page; ReadError otherwise."""
    if isinstance(data, dict):
        if isinstance(data.get("content"), list):
            return data["content"], True
        if "id" in data and "name" in data:
            return ([] if data.get("active") is False else [data]), False
    raise ReadError(
        f"{NAME}: expected a postings page with a 'content' list or a posting with 'id' and "
        f"'name', got {json_kind(data)}"
    )


def read(body: bytes, *, url: str) -> Page:
    """Postings of one SmartRecruiters list page (or posting detail) fetched from ``url``."""
    check_url(url, NAME)
    data = load_json(body, NAME)
    items, pageable = _postings(data)
    postings: dict[str, Posting] = {}
    for item in json_objects(items, f"{NAME}: content"):
        posting = _posting(item, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    next_request = _next_request(data, url, len(items)) if pageable else None
    return Page(postings=list(postings.values()), next_request=next_request)


READER = Reader(NAME, read, first_request, Paging.NEXT_REQUEST, detail_request)
