"""Dayforce: a career site's ``jobposting/search`` JSON, read in a CSRF session.

The token is ``"tenant/site"`` or ``"culture/tenant/site"`` from the site URL
``https://jobs.dayforcehcm.com/{culture}/{tenant}/{site}`` (culture ``en-US`` when none is
given). The list is ``POST https://jobs.dayforcehcm.com/api/geo/{tenant}/jobposting/search`` with
``{clientNamespace, jobBoardCode, cultureCode, distanceUnit, paginationStart}`` → ``{jobPostings:
[...], maxCount, offset, count}``, 25 a page; the next page is asked for while ``start +
len(jobPostings) < maxCount``. The site and culture travel in the request URL's fragment
(``#site=…&culture=…&start=N``, never sent) so ``read`` can link postings and page on.

The search answers only a next-auth CSRF pair: the session step GETs ``/api/auth/csrf``, whose
body holds ``csrfToken`` and which sets the ``__Host-next-auth.csrf-token`` cookie; every search
then carries that cookie and the token as ``X-CSRF-TOKEN``. Without them Dayforce answers a 403
that looks like a bot wall; a session that gives no token is a ``ReadError`` saying so.

``external_id`` is ``jobPostingId``; ``title`` is ``jobTitle``; ``url`` is the site's
``/jobs/{jobPostingId}`` page; ``location`` joins ``postingLocations[].formattedAddress`` with
" | "; ``remote`` is ``hasVirtualLocation``; ``posted_at`` is ``postingStartTimestampUTC``;
``description_text`` is ``jobDescription`` (HTML: the list holds the whole posting, so there is
no detail request). A posting without id or title is skipped; a repeated id keeps its first.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from service.boards.base import (
    Page,
    PageRequest,
    Paging,
    Posting,
    Reader,
    ReadError,
    SessionResponse,
    SessionStep,
    infer_remote,
)
from service.boards.pages import check_body
from service.boards.readers._json import check_url, json_kind, json_objects, json_text, load_json
from service.boards.text import html_to_text, iso_datetime

NAME = "dayforce"
HOST = "jobs.dayforcehcm.com"
DEFAULT_CULTURE = "en-US"
_CULTURE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SEARCH_PATH = re.compile(r"^/api/geo/(?P<tenant>[A-Za-z0-9_-]{1,64})/jobposting/search$")


def board_parts(token: str) -> tuple[str, str, str] | None:
    """``(culture, tenant, site)`` of a token, or None when it is not one."""
    parts = token.strip().strip("/").split("/")
    culture = parts.pop(0) if len(parts) == 3 else DEFAULT_CULTURE
    if len(parts) != 2 or not _CULTURE.match(culture) or not all(map(_CODE.match, parts)):
        return None
    return culture, parts[0].lower(), parts[1]


def _search(tenant: str, site: str, culture: str, start: int, origin: str) -> PageRequest:
    body = {
        "clientNamespace": tenant,
        "jobBoardCode": site,
        "cultureCode": culture,
        "distanceUnit": 0,
        "paginationStart": start,
    }
    fragment = urlencode({"site": site, "culture": culture, "start": start})
    url = f"{origin}/api/geo/{quote(tenant)}/jobposting/search#{fragment}"
    return PageRequest(url=url, method="POST", json_body=body)


def first_request(token: str) -> PageRequest:
    """The first search page of a career site ``[culture/]tenant/site``."""
    parts = board_parts(token)
    if parts is None:
        raise ValueError(
            f"{NAME}: expected a token like 'acme/candidateportal' (or 'en-US/acme/"
            f"candidateportal') from a site URL https://{HOST}/en-US/acme/candidateportal, "
            f"got {token!r}"
        )
    culture, tenant, site = parts
    return _search(tenant, site, culture, 0, f"https://{HOST}")


def session_request(first: PageRequest) -> PageRequest:
    """next-auth's CSRF endpoint on the search's own host."""
    parts = urlsplit(first.url)
    return PageRequest(f"{parts.scheme}://{parts.netloc}/api/auth/csrf")


def carry_session(response: SessionResponse) -> dict[str, str]:
    """The CSRF cookie and its token as the headers every search carries."""
    try:
        data = json.loads(response.body)
    except (ValueError, RecursionError):
        data = None
    token = json_text(data.get("csrfToken")) if isinstance(data, dict) else None
    if not token or not response.cookies:
        raise ReadError(
            f"{NAME}: {response.url} gave no CSRF token and cookie, so Dayforce will not answer "
            "its job search (a 403); the site may be refusing automated visits"
        )
    cookies = "; ".join(f"{name}={value}" for name, value in sorted(response.cookies.items()))
    return {"Cookie": cookies, "X-CSRF-TOKEN": token}


def _posting(item: dict[str, Any], site_url: str) -> Posting | None:
    """One job posting as a Posting, or None without id or title."""
    posting_id, title = json_text(item.get("jobPostingId")), json_text(item.get("jobTitle"))
    if not posting_id or not title:
        return None
    places = item.get("postingLocations")
    names = (
        [json_text(p.get("formattedAddress")) for p in places if isinstance(p, dict)]
        if (isinstance(places, list))
        else []
    )
    location = " | ".join(dict.fromkeys(n for n in names if n)) or None
    virtual = item.get("hasVirtualLocation")
    description = item.get("jobDescription")
    return Posting(
        external_id=posting_id,
        title=title,
        url=f"{site_url}/jobs/{quote(posting_id, safe='')}",
        ats=NAME,
        location=location,
        remote=virtual if isinstance(virtual, bool) else infer_remote(location),
        posted_at=iso_datetime(item.get("postingStartTimestampUTC")),
        description_text=html_to_text(description) if isinstance(description, str) else None,
    )


def read(body: bytes, *, url: str) -> Page:
    """Postings of one search answer from ``url``, and the next page's request."""
    check_body(body, NAME)
    check_url(url, NAME)
    data = load_json(body, NAME)
    if not isinstance(data, dict) or not isinstance(data.get("jobPostings"), list):
        raise ReadError(
            f"{NAME}: expected an object with a 'jobPostings' list, got {json_kind(data)}"
        )
    parts = urlsplit(url)
    found = _SEARCH_PATH.match(parts.path)
    where = {k: v[0] for k, v in parse_qs(parts.fragment).items()}
    tenant = found["tenant"] if found else "site"
    site, culture = where.get("site", "candidateportal"), where.get("culture", DEFAULT_CULTURE)
    site_url = f"https://{HOST}/{quote(culture)}/{quote(tenant)}/{quote(site)}"
    items = data["jobPostings"]
    postings: dict[str, Posting] = {}
    for item in json_objects(items, f"{NAME}: jobPostings"):
        posting = _posting(item, site_url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    raw = where.get("start", "0")
    start = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0
    total = data.get("maxCount")
    more = isinstance(total, int) and not isinstance(total, bool) and start + len(items) < total
    origin = f"{parts.scheme}://{parts.netloc}"
    following = (
        _search(tenant, site, culture, start + len(items), origin) if more and items else None
    )
    return Page(list(postings.values()), following)


READER = Reader(
    NAME,
    read,
    first_request,
    Paging.NEXT_REQUEST,
    session=SessionStep(session_request, carry_session),
)
