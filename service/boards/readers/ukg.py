"""UKG Pro Recruiting (UltiPro): a job board's ``LoadSearchResults`` JSON.

The token is ``"CODE/GUID"`` or ``"host/CODE/GUID"`` from the board URL
``https://recruiting2.ultipro.com/{CODE}/JobBoard/{GUID}/`` (hosts ``recruiting.ultipro.com``,
``recruiting2.ultipro.com``, ``recruiting.ultipro.ca`` and ``*.rec.pro.ukg.net``; the default is
``recruiting2.ultipro.com``). The list is ``POST …/JobBoard/{GUID}/JobBoardView/LoadSearchResults``
with ``{"opportunitySearch": {"Top": 50, "Skip": N, "QueryString": "", "OrderBy": [],
"Filters": []}}`` → ``{opportunities: [...], totalCount}``. ``Skip`` also travels in the request
URL's fragment (``#skip=50``, never sent) so ``read`` knows where it is; paging goes on while
``skip + len(opportunities) < totalCount``.

``external_id`` is ``Id``; ``title`` is ``Title``; ``url`` is the board's
``OpportunityDetail?opportunityId={Id}``; ``location`` joins each of ``Locations`` ("City, ST,
Country", else its name and country, e.g. "Remote, United States") with " | "; ``remote`` comes
from that wording; ``department`` is ``JobCategoryName``; ``employment_type`` is "Full-time" or
"Part-time" from ``FullTime``; ``posted_at`` is ``PostedDate``; ``description_text`` is
``BriefDescription`` (a teaser cut by UKG: the whole text is only in the job page's script, of
which no real sample was available, so no detail request is made). An opportunity without id or
title is skipped; a repeated id keeps its first.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from service.boards.base import Page, PageRequest, Paging, Posting, Reader, ReadError, infer_remote
from service.boards.pages import check_body
from service.boards.readers._json import check_url, json_kind, json_objects, json_text, load_json
from service.boards.text import html_to_text, iso_datetime

NAME = "ukg"
PAGE_SIZE = 50
DEFAULT_HOST = "recruiting2.ultipro.com"
_HOST = re.compile(
    r"^(?:recruiting2?\.ultipro\.(?:com|ca)|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.rec\.pro\.ukg\.net)$"
)
_CODE = re.compile(r"^[A-Za-z0-9]{2,20}$")
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_SEARCH_PATH = re.compile(
    r"^(?P<board>/[^/]+/JobBoard/[^/]+)/JobBoardView/LoadSearchResults$", re.I
)
_SKIP = re.compile(r"(?:^|&)skip=(\d{1,9})(?:&|$)")


def board_parts(token: str) -> tuple[str, str, str] | None:
    """``(host, CODE, GUID)`` of a token, or None when it is not one."""
    parts = token.strip().strip("/").split("/")
    host = parts.pop(0).lower() if len(parts) == 3 else DEFAULT_HOST
    if len(parts) != 2 or not _HOST.match(host):
        return None
    code, guid = parts
    if not _CODE.match(code) or not _GUID.match(guid):
        return None
    return host, code, guid.lower()


def _search_body(skip: int) -> dict[str, Any]:
    return {
        "opportunitySearch": {
            "Top": PAGE_SIZE,
            "Skip": skip,
            "QueryString": "",
            "OrderBy": [],
            "Filters": [],
        }
    }


def first_request(token: str) -> PageRequest:
    """The first ``LoadSearchResults`` page of a board ``CODE/GUID`` (or ``host/CODE/GUID``)."""
    parts = board_parts(token)
    if parts is None:
        raise ValueError(
            f"{NAME}: expected a token like 'ACME1001/0f6d2c3e-…-guid' from a board URL "
            f"https://{DEFAULT_HOST}/CODE/JobBoard/GUID/, got {token!r}"
        )
    host, code, guid = parts
    url = f"https://{host}/{code}/JobBoard/{guid}/JobBoardView/LoadSearchResults"
    return PageRequest(url=url, method="POST", json_body=_search_body(0))


def _place(location: dict[str, Any]) -> str | None:
    """One location as "City, ST, Country", else its name and country."""
    given = location.get("Address")
    address: dict[str, Any] = given if isinstance(given, dict) else {}

    def named(key: str, field: str) -> str | None:
        value = address.get(key)
        return json_text(value.get(field)) if isinstance(value, dict) else json_text(value)

    city, state = json_text(address.get("City")), named("State", "Code")
    country = named("Country", "Name") or named("Country", "Code")
    if city or state:
        return ", ".join(p for p in (city, state, country) if p)
    name = json_text(location.get("LocalizedName"))
    return ", ".join(p for p in (name, country) if p) or None


def _location(value: object) -> str | None:
    places = (
        [_place(item) for item in value if isinstance(item, dict)]
        if isinstance(value, list)
        else []
    )
    return " | ".join(dict.fromkeys(p for p in places if p)) or None


def _employment_type(full_time: object) -> str | None:
    if isinstance(full_time, bool):
        return "Full-time" if full_time else "Part-time"
    return None


def _posting(item: dict[str, Any], board: str) -> Posting | None:
    """One opportunity as a Posting, or None without id or title."""
    opportunity_id, title = json_text(item.get("Id")), json_text(item.get("Title"))
    if not opportunity_id or not title:
        return None
    location = _location(item.get("Locations"))
    brief = item.get("BriefDescription")
    return Posting(
        external_id=opportunity_id,
        title=title,
        url=f"{board}/OpportunityDetail?opportunityId={opportunity_id}",
        ats=NAME,
        location=location,
        remote=infer_remote(location),
        department=json_text(item.get("JobCategoryName")),
        employment_type=_employment_type(item.get("FullTime")),
        posted_at=iso_datetime(item.get("PostedDate")),
        description_text=html_to_text(brief) if isinstance(brief, str) else None,
    )


def _next_request(url: str, skip: int, total: object, count: int) -> PageRequest | None:
    """The request for the page after ``skip``, or None on the last page."""
    if not isinstance(total, int) or isinstance(total, bool) or count == 0:
        return None
    following = skip + count
    if following >= total:
        return None
    next_url = urlunsplit((*urlsplit(url)[:4], f"skip={following}"))
    return PageRequest(url=next_url, method="POST", json_body=_search_body(following))


def read(body: bytes, *, url: str) -> Page:
    """Postings of one ``LoadSearchResults`` answer from ``url``, and the next page's request."""
    check_body(body, NAME)
    check_url(url, NAME)
    data = load_json(body, NAME)
    if not isinstance(data, dict) or not isinstance(data.get("opportunities"), list):
        raise ReadError(
            f"{NAME}: expected an object with an 'opportunities' list, got {json_kind(data)}"
        )
    parts = urlsplit(url)
    search = _SEARCH_PATH.match(parts.path)
    board_path = search["board"] if search else parts.path.rstrip("/")
    board = f"{parts.scheme}://{parts.netloc}{board_path}"
    skip = _SKIP.search(parts.fragment)
    items = data["opportunities"]
    postings: dict[str, Posting] = {}
    for item in json_objects(items, f"{NAME}: opportunities"):
        posting = _posting(item, board)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    following = _next_request(url, int(skip[1]) if skip else 0, data.get("totalCount"), len(items))
    return Page(list(postings.values()), following)


READER = Reader(NAME, read, first_request, Paging.NEXT_REQUEST)
