"""Workday: the CXS JSON search behind ``{tenant}.wd{N}.myworkdayjobs.com/{site}``.

The token is ``"tenant/wdN/site"`` (e.g. ``"arrowstreetcapital/wd5/Campus_Careers"``). The list
is a POST to ``https://{tenant}.wdN.myworkdayjobs.com/wday/cxs/{tenant}/{site}/jobs`` with
``{"appliedFacets": {}, "limit": 20, "offset": N, "searchText": ""}``. The offset of a page also
travels in the request URL's fragment (``#offset=40``): HTTP clients never send a fragment, and
it lets ``read`` know where it is from ``url`` alone. Paging goes on while ``offset + 20 <
total``; when a later page has no ``total`` (some tenants send it on the first page only) it goes
on while pages come back full, up to offset 2000, where Workday starts repeating page 0.

``external_id`` is the requisition id that ends ``externalPath`` (after its last ``_``, e.g.
``R1066-5``): Workday's own id of that posting on that site, also the end of the detail's
``jobPostingId``. ``bulletFields[0]`` is not used because tenants put other things there.
``url`` is ``https://{host}/{site}{externalPath}``, the public page. A posting without title or
``externalPath`` is skipped. A job-detail response (``jobPostingInfo``) reads as one posting
with its description, made absolute against ``url``; a detail whose ``externalUrl`` is not an
http(s) link reads as no posting. ``detail_request`` names that GET for a listed posting:
``/wday/cxs/{tenant}/{site}{externalPath}`` on the board's host. Any other shape raises
``ReadError``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from service.boards.base import (
    Page,
    PageRequest,
    Paging,
    Posting,
    Reader,
    ReadError,
    infer_remote,
)
from service.boards.readers._json import absolute_link, scrub_surrogates, strict_loads
from service.boards.text import clean, html_to_text, iso_datetime

NAME = "workday"
PAGE_SIZE = 20
UNKNOWN_TOTAL_CEILING = 2000

_CXS_PATH = re.compile(r"^/wday/cxs/(?P<tenant>[^/]+)/(?P<site>[^/]+)(?:/|$)")
_TOKEN = re.compile(r"^(?P<tenant>[\w-]+)/(?P<pod>wd\d+)/(?P<site>[\w-]+)$", re.ASCII)
_OFFSET = re.compile(r"(?:^|&)offset=(\d+)(?:&|$)")
_N_LOCATIONS = re.compile(r"^\d+ Locations?$", re.I)


def _string(value: Any) -> str | None:
    """Cleaned text of a string field; a field of another type counts as missing."""
    return clean(value) if isinstance(value, str) else None


def _search_body(offset: int) -> dict[str, Any]:
    """The JSON body Workday expects; an empty body gets a 422."""
    return {"appliedFacets": {}, "limit": PAGE_SIZE, "offset": offset, "searchText": ""}


def first_request(token: str) -> PageRequest:
    """The POST for the first page of ``"tenant/wdN/site"``; ValueError for another shape."""
    match = _TOKEN.match(token.strip())
    if match is None:
        raise ValueError(f"{NAME}: expected a token like 'tenant/wd5/site', got {token!r}")
    tenant, pod, site = match["tenant"], match["pod"], match["site"]
    url = f"https://{tenant}.{pod}.myworkdayjobs.com/wday/cxs/{tenant}/{site}/jobs"
    return PageRequest(url=url, method="POST", json_body=_search_body(0))


def _split_cxs_url(url: str) -> tuple[str, str, int]:
    """``scheme://host``, site and page offset of a CXS URL."""
    parts = urlsplit(url)
    match = _CXS_PATH.match(parts.path)
    if parts.scheme not in ("http", "https") or not parts.netloc or match is None:
        raise ReadError(f"{NAME}: need the CXS URL (…/wday/cxs/tenant/site/jobs), got {url!r}")
    offset = _OFFSET.search(parts.fragment)
    return f"{parts.scheme}://{parts.netloc}", match["site"], int(offset[1]) if offset else 0


def _next_request(url: str, offset: int, total: Any, count: int) -> PageRequest | None:
    """The request for the page after ``offset``, or None on the last page."""
    following = offset + PAGE_SIZE
    if isinstance(total, int) and not isinstance(total, bool) and total > 0:
        if following >= total:
            return None
    elif count < PAGE_SIZE or following >= UNKNOWN_TOTAL_CEILING:
        return None
    parts = urlsplit(url)
    next_url = urlunsplit((*parts[:4], f"offset={following}"))
    return PageRequest(url=next_url, method="POST", json_body=_search_body(following))


def detail_request(posting: Posting, url: str) -> PageRequest | None:
    """The job-detail GET of a posting listed by the search at ``url`` (it has the description)."""
    parts = urlsplit(url)
    match = _CXS_PATH.match(parts.path)
    if match is None:
        return None
    base = f"{parts.scheme}://{parts.netloc}"
    public = f"{base}/{match['site']}"
    if not posting.url.startswith(f"{public}/job/"):
        return None
    path = posting.url[len(public) :]
    return PageRequest(url=f"{base}/wday/cxs/{match['tenant']}/{match['site']}{path}")


def _requisition_id(path: str) -> str:
    """The id after the last ``_`` of the path's last segment, else the whole path."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return last.rsplit("_", 1)[1] if "_" in last and not last.endswith("_") else path


def _path_location(path: str) -> str | None:
    """The primary location slug of ``/job/{location}/{title}_{id}``, made readable."""
    segments = path.strip("/").split("/")
    if len(segments) < 3 or segments[0] != "job":
        return None
    return clean(" - ".join(part.replace("-", " ") for part in segments[1].split("---")))


def _remote(remote_type: Any, *texts: str | None) -> bool | None:
    """Workday's ``remoteType`` when sent (hybrid is not remote), else clear wording."""
    kind = _string(remote_type)
    if kind and "hybrid" in kind.lower():
        return False
    stated = infer_remote(kind) if kind else None
    return stated if stated is not None else infer_remote(*texts)


def _list_posting(job: dict[str, Any], base: str, site: str) -> Posting | None:
    """One ``jobPostings`` entry, or None without title or path."""
    title, path = _string(job.get("title")), _string(job.get("externalPath"))
    if not title or not path or not path.startswith("/"):
        return None
    text = _string(job.get("locationsText"))
    primary = _path_location(path)
    location = text
    if text and primary and _N_LOCATIONS.match(text):
        location = f"{primary} ({text})"
    return Posting(
        external_id=_requisition_id(path),
        title=title,
        url=f"{base}/{site}{path}",
        ats=NAME,
        location=location or primary,
        remote=_remote(job.get("remoteType"), text, primary),
        employment_type=_string(job.get("timeType")),
    )


def _read_list(data: dict[str, Any], url: str) -> Page:
    """A page of the search: its postings and the next page's request."""
    jobs = data["jobPostings"]
    base, site, offset = _split_cxs_url(url)
    postings: dict[str, Posting] = {}
    for job in jobs:
        if not isinstance(job, dict):
            raise ReadError(f"{NAME}: expected each job posting to be an object")
        posting = _list_posting(job, base, site)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(list(postings.values()), _next_request(url, offset, data.get("total"), len(jobs)))


def _read_detail(info: dict[str, Any], url: str) -> Page:
    """A job-detail response as one posting."""
    title = _string(info.get("title"))
    if not title or not _string(info.get("externalUrl")):
        raise ReadError(f"{NAME}: the job detail lacks its title or externalUrl")
    public = absolute_link(info.get("externalUrl"), url)
    if public is None:
        return Page([])  # a javascript: or otherwise unusable link: no posting to point at
    posting_id = _string(info.get("jobPostingId")) or public
    location = _string(info.get("location"))
    extra = info.get("additionalLocations")
    if location and isinstance(extra, list):
        location = " | ".join(dict.fromkeys([location, *filter(None, map(_string, extra))]))
    posting = Posting(
        external_id=_requisition_id(posting_id),
        title=title,
        url=public,
        ats=NAME,
        location=location,
        remote=_remote(info.get("remoteType"), location),
        employment_type=_string(info.get("timeType")),
        posted_at=iso_datetime(info.get("startDate")),
        description_text=html_to_text(info.get("jobDescription")),
    )
    return Page([posting])


def read(body: bytes, *, url: str) -> Page:
    """Postings of one CXS search page (or one job detail) fetched from ``url``."""
    try:
        data = scrub_surrogates(strict_loads(body))
    except (ValueError, RecursionError) as exc:
        raise ReadError(f"{NAME}: the response is not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ReadError(f"{NAME}: expected an object, got {type(data).__name__}")
    try:
        if isinstance(data.get("jobPostingInfo"), dict):
            return _read_detail(data["jobPostingInfo"], url)
        if isinstance(data.get("jobPostings"), list):
            return _read_list(data, url)
    except (TypeError, AttributeError) as exc:
        raise ReadError(f"{NAME}: unexpected field types in the response ({exc})") from exc
    raise ReadError(f"{NAME}: expected an object with a 'jobPostings' list or 'jobPostingInfo'")


READER = Reader(NAME, read, first_request, Paging.NEXT_REQUEST, detail_request)
