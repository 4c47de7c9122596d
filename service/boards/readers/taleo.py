"""Oracle Taleo: Enterprise career sections (``searchjobs`` JSON) and Business Edition pages.

Two token forms, told apart by their number of parts:

- **Enterprise** ``"tenant/section/portal"`` (e.g. ``"acme/2/101430233"``; the portal number is
  on the section's ``jobsearch.ftl`` page): a session step GETs
  ``https://{tenant}.taleo.net/careersection/{section}/jobsearch.ftl?lang=en`` (a page, so
  robots.txt is honoured) and every later request carries the cookies it set; without one the
  read fails clearly. The list is ``POST /careersection/rest/jobboard/searchjobs?lang=en&portal=P``
  with the JSON search body and the ``tz``/``tzname``, ``X-Requested-With`` and same-origin
  ``Referer`` headers Taleo requires (else a 500). The section travels in the request URL's
  fragment (``#section=2``), never sent, so ``read`` can link each posting to its page. A page is
  ``{requisitionList: [{jobId, contestNo, column: [...]}], pagingData: {currentPageNo,
  pageSize, totalCount}}``; the next page is asked for while ``currentPageNo * pageSize <
  totalCount``. ``external_id`` is ``contestNo``; ``title`` is ``column[0]``; ``location`` is
  the column ``locationsColumns`` names (a JSON-encoded list, joined with " | "); ``posted_at``
  is the first column reading as a date like "Sep 18, 2026"; ``url`` is
  ``/careersection/{section}/jobdetail.ftl?job={contestNo}``. No detail request: no real detail
  page was available to test against.
- **Business Edition** ``"pod/path/ORG/cws"`` (e.g. ``"phh/phh04/NFINDY/37"``): the list page
  ``https://{pod}.tbe.taleo.net/{path}/ats/careers/v2/searchResults?org=ORG&cws=N`` holds one
  ``.oracletaleocwsv2-accordion-head-info`` block per job: its ``viewRequisition`` link (title;
  ``rid`` is ``external_id``), then location, department and employment type. The session step
  GETs that page first (as a page, robots.txt honoured) and carries its cookies, if any. Each
  posting's own page (its detail request) has JSON-LD with ``identifier.value`` = rid, read for
  the posting date and description.

A page that is neither (no Taleo markup, no JobPosting JSON-LD: a bot wall or error page) raises
``ReadError`` rather than reading as an empty board. Taleo asks for a slow pace (peers wait 2-4 s
between requests): a read waits ``POLITE_DELAY_SECONDS`` between two requests.
"""

from __future__ import annotations

import re
from datetime import datetime
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
from service.boards.fetch import HTML_ACCEPT
from service.boards.pages import absolute_url, check_body, parse_page
from service.boards.readers import jsonld
from service.boards.readers._json import json_kind, json_objects, json_text, load_json, strict_loads
from service.boards.text import clean

NAME = "taleo"
POLITE_DELAY_SECONDS = 3.0
_PART = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
_ENTERPRISE = re.compile(rf"^(?P<tenant>{_PART})/(?P<section>{_PART})/(?P<portal>\d+)$")
_TBE = re.compile(rf"^(?P<pod>{_PART})/(?P<path>{_PART})/(?P<org>{_PART})/(?P<cws>\d+)$")
_SECTION = re.compile(r"(?:^|&)section=([^&]+)")
_TBE_ROW = "oracletaleocwsv2-accordion-head-info"
_DATE = re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4}$")


def first_request(token: str) -> PageRequest:
    """The first list request of an Enterprise or Business Edition token (see the docstring)."""
    text = token.strip().strip("/")
    if match := _ENTERPRISE.match(text):
        return _search_request(
            f"https://{match['tenant'].lower()}.taleo.net", match["portal"], match["section"], 1
        )
    if match := _TBE.match(text):
        query = urlencode({"org": match["org"], "cws": match["cws"]})
        host = f"{match['pod'].lower()}.tbe.taleo.net"
        url = f"https://{host}/{match['path']}/ats/careers/v2/searchResults?{query}"
        return PageRequest(url, accept=HTML_ACCEPT)
    raise ValueError(
        f"{NAME}: expected 'tenant/section/portal' (Enterprise) or 'pod/path/ORG/cws' "
        f"(Business Edition), got {token!r}"
    )


def _search_body(page: int) -> dict[str, Any]:
    """The JSON body of the career section's own search, all jobs, at page ``page``."""
    return {
        "multilineEnabled": False,
        "sortingSelection": {"sortBySelectionParam": "3", "ascendingSortingOrder": "false"},
        "fieldData": {"fields": {"KEYWORD": "", "LOCATION": ""}, "valid": True},
        "filterSelectionParam": {"searchFilterSelections": []},
        "advancedSearchFiltersSelectionParam": {"searchFilterSelections": []},
        "pageNo": page,
    }


def _search_request(origin: str, portal: str, section: str, page: int) -> PageRequest:
    """The ``searchjobs`` POST for page ``page`` with the headers Taleo requires."""
    query = urlencode({"lang": "en", "portal": portal})
    fragment = urlencode({"section": section})
    headers = (
        ("tz", "GMT+00:00"),
        ("tzname", "UTC"),
        ("X-Requested-With", "XMLHttpRequest"),
        ("Referer", _section_page(origin, section)),
    )
    url = f"{origin}/careersection/rest/jobboard/searchjobs?{query}#{fragment}"
    return PageRequest(url, "POST", _search_body(page), headers=headers)


def _section_page(origin: str, section: str) -> str:
    return f"{origin}/careersection/{quote(section, safe='')}/jobsearch.ftl?lang=en"


def session_request(first: PageRequest) -> PageRequest:
    """The section's search page (Enterprise) or the list page itself (Business Edition)."""
    parts = urlsplit(first.url)
    section = _SECTION.search(parts.fragment)
    if "/careersection/rest/" in parts.path and section:
        origin = f"{parts.scheme}://{parts.netloc}"
        return PageRequest(_section_page(origin, section[1]), accept=HTML_ACCEPT)
    return PageRequest(first.url.split("#", 1)[0], accept=HTML_ACCEPT)


def carry_session(response: SessionResponse) -> dict[str, str]:
    """The session's cookies as a header; ReadError when a career section gave none."""
    cookies = "; ".join(f"{name}={value}" for name, value in sorted(response.cookies.items()))
    if cookies:
        return {"Cookie": cookies}
    if "/careersection/" in urlsplit(response.url).path:
        raise ReadError(
            f"{NAME}: the career section {response.url} gave no session cookie, so Taleo will "
            "not answer its search; the tenant may be refusing automated visits"
        )
    return {}


def detail_request(posting: Posting, list_url: str) -> PageRequest | None:
    """A Business Edition posting's own page (JSON-LD); none for Enterprise postings."""
    if "/ats/careers/" not in urlsplit(posting.url).path:
        return None
    return PageRequest(posting.url, accept=HTML_ACCEPT)


# --- Enterprise searchjobs JSON ----------------------------------------------------------


def _columns(data: dict[str, Any]) -> list[int]:
    """The indexes ``locationsColumns`` names (a number or a list of numbers)."""
    named = data.get("locationsColumns")
    items = named if isinstance(named, list) else [named]
    return [i for i in items if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < 64]


def _places(cell: object) -> list[str]:
    """A locations cell: a JSON-encoded list of names, or a name."""
    text = cell.strip() if isinstance(cell, str) else ""
    if text.startswith("["):
        try:
            value = strict_loads(text)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, list):
            return [t for t in map(json_text, value) if t]
    return [t] if (t := json_text(cell)) else []


def _posted(cells: list[Any]) -> str | None:
    """The first cell reading as a date like "Sep 18, 2026", in ISO 8601."""
    for cell in cells[1:]:
        if isinstance(cell, str) and _DATE.match(cell.strip()):
            try:
                return datetime.strptime(cell.strip(), "%b %d, %Y").isoformat()
            except ValueError:
                continue
    return None


def _requisition(row: dict[str, Any], columns: list[int], job_url: str) -> Posting | None:
    """One requisition as a Posting, or None without contestNo or title."""
    contest = json_text(row.get("contestNo"))
    column = row.get("column")
    cells: list[Any] = column if isinstance(column, list) else []
    title = json_text(cells[0]) if cells else None
    if not contest or not title:
        return None
    places = [p for i in columns if i < len(cells) for p in _places(cells[i])]
    location = " | ".join(dict.fromkeys(places)) or None
    return Posting(
        external_id=contest,
        title=title,
        url=job_url + quote(contest, safe=""),
        ats=NAME,
        location=location,
        remote=infer_remote(location),
        posted_at=_posted(cells),
    )


def _number(value: object) -> int | None:
    """A JSON integer (not a boolean), or None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _next_search(data: dict[str, Any], url: str, count: int) -> PageRequest | None:
    """The next page's POST while ``currentPageNo * pageSize < totalCount``."""
    paging = data.get("pagingData")
    paging = paging if isinstance(paging, dict) else {}
    numbers = [_number(paging.get(k)) for k in ("currentPageNo", "pageSize", "totalCount")]
    page, size, total = (n if n is not None else 0 for n in numbers)
    if count == 0 or None in numbers:
        return None
    if page < 1 or size < 1 or page * size >= total or page >= 10_000:
        return None
    parts = urlsplit(url)
    portal = (parse_qs(parts.query).get("portal") or [""])[0]
    section = _SECTION.search(parts.fragment)
    if not portal or section is None:
        return None
    return _search_request(f"{parts.scheme}://{parts.netloc}", portal, section[1], page + 1)


def _read_search(body: bytes, url: str) -> Page:
    """One ``searchjobs`` page fetched from ``url`` (which names the section)."""
    data = load_json(body, NAME)
    if not isinstance(data, dict) or not isinstance(data.get("requisitionList"), list):
        raise ReadError(
            f"{NAME}: expected a searchjobs page with a 'requisitionList' list, "
            f"got {json_kind(data)}"
        )
    parts = urlsplit(url)
    section = _SECTION.search(parts.fragment)
    if section is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ReadError(f"{NAME}: read searchjobs against its request URL (…#section=S)")
    job_url = (
        f"{parts.scheme}://{parts.netloc}/careersection/{quote(section[1], safe='')}"
        "/jobdetail.ftl?lang=en&job="
    )
    columns, rows = _columns(data), data["requisitionList"]
    postings: dict[str, Posting] = {}
    for row in json_objects(rows, f"{NAME}: requisitionList"):
        posting = _requisition(row, columns, job_url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(list(postings.values()), _next_search(data, url, len(rows)))


# --- Business Edition pages --------------------------------------------------------------


def _tbe_row(block: Any, url: str) -> Posting | None:
    """One accordion block of the Business Edition list, or None without link, rid or title."""
    link = next((a for a in block.iter("a") if "viewRequisition" in (a.get("href") or "")), None)
    href = absolute_url(link.get("href"), url) if link is not None else None
    rid = (parse_qs(urlsplit(href).query).get("rid") or [""])[0] if href else ""
    title = clean(link.text_content()) if link is not None else None
    if not href or not rid.strip() or not title:
        return None
    cells = [clean(div.text_content()) for div in block.iterchildren("div")]
    location, department, kind = [*cells, None, None, None][:3]
    return Posting(
        external_id=rid.strip(),
        title=title,
        url=href,
        ats=NAME,
        location=location,
        remote=infer_remote(location),
        department=department,
        employment_type=kind,
    )


def _read_page(body: bytes, url: str) -> Page:
    """A Business Edition list page, or a posting page with JSON-LD."""
    root = parse_page(body, NAME)
    blocks = root.find_class(_TBE_ROW)
    postings: dict[str, Posting] = {}
    for block in blocks:
        posting = _tbe_row(block, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    if blocks:
        return Page(list(postings.values()))
    for node in jsonld.job_postings(_ld_values(root)):
        found = jsonld.posting_from_node(node, url, ats=NAME)
        if found is not None:
            postings.setdefault(found.external_id, found)
    if not postings and b"oracletaleocwsv2" not in body:  # an empty list page has the markup
        raise ReadError(
            f"{NAME}: the page has no Taleo job list or JobPosting data "
            "(a bot wall or an error page?)"
        )
    return Page(list(postings.values()))


def _ld_values(root: Any) -> list[Any]:
    """The JSON values of the page's ld+json blocks."""
    values: list[Any] = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").split(";")[0].strip().lower()
        if kind == "application/ld+json" and script.text:
            values.extend(jsonld.load_block(script.text))
    return values


def read(body: bytes, *, url: str) -> Page:
    """Postings of one Taleo response: a ``searchjobs`` page, a list page or a posting page."""
    if body.lstrip()[:1] in (b"{", b"["):
        return _read_search(body, url)
    check_body(body, NAME)
    return _read_page(body, url)


READER = Reader(
    NAME,
    read,
    first_request,
    Paging.NEXT_REQUEST,
    detail_request,
    SessionStep(session_request, carry_session),
    POLITE_DELAY_SECONDS,
)
