"""Phenom: the search-results page of a Phenom careers site, with its embedded ``phApp.ddo``.

The token is the site's host and, optionally, its locale path: ``"careers.phenom.com"`` or
``"careers.phenom.com/global/en"`` (``global/en`` when none is given). The list is the page
``https://{site}/{locale path}/search-results?from=N&s=1``, whose inline script sets
``phApp.ddo = {"eagerLoadRefineSearch": {"hits", "totalHits", "data": {"jobs": [...]}}}``; a
``/widgets`` ``refineSearch`` JSON answer (``{"refineSearch": {...}}``) reads the same way. The
page is fetched as a page (robots.txt honoured). While ``from + len(jobs) < totalHits`` the page
gets a ``next_request`` with ``from`` moved on by the jobs received.

``external_id`` is ``jobId`` (else ``jobSeqNo``); ``url`` is the job page
``/{country}/{language}/job/{jobSeqNo}`` from the job's ``locale`` (``en_GLOBAL`` gives
``/global/en``), else the page's own locale path; ``location`` is ``location``, else "city,
country"; ``department`` is ``department``, else ``category``; ``employment_type`` is ``type``;
``posted_at`` is ``postedDate``; ``description_text`` is ``descriptionTeaser`` (the list's
teaser: the whole description needs the ``jobDetail`` widget, for which no real response was
available). ``applyUrl`` (the backend ATS) is not used. A job without id, title or
``jobSeqNo`` is skipped. A page without ``phApp.ddo`` search data (a bot wall, or not a Phenom
search page) raises ``ReadError`` rather than reading as an empty board.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, urlsplit

from service.boards.base import Page, PageRequest, Paging, Posting, Reader, ReadError, infer_remote
from service.boards.fetch import HTML_ACCEPT
from service.boards.pages import check_body, decode_page
from service.boards.readers._json import (
    _SURROGATE_ESCAPE,
    check_url,
    finite_float,
    json_kind,
    json_objects,
    json_text,
    load_json,
    refuse_constant,
    scrub_surrogates,
)
from service.boards.readers._query import query_count, with_query
from service.boards.text import clean, html_to_text, iso_datetime

NAME = "phenom"
DEFAULT_LOCALE_PATH = "global/en"
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
_LOCALE_PATH = re.compile(r"^[a-z]{2,8}/[a-z]{2,3}$")
_DDO = re.compile(r"phApp\.ddo\s*=\s*")
_PAGE_PATH = re.compile(r"^/(?P<prefix>[A-Za-z]{2,8}/[A-Za-z]{2,3})/search-results/?$")
_LOCALE = re.compile(r"^(?P<language>[a-z]{2,3})_(?P<country>[A-Za-z]{2,8})$")
_SEARCH_KEYS = ("eagerLoadRefineSearch", "refineSearch")
_MARKUP = re.compile(r"[<&]")
_DECODER = json.JSONDecoder(parse_constant=refuse_constant, parse_float=finite_float)


def first_request(token: str) -> PageRequest:
    """The first search-results page of ``"host"`` or ``"host/country/language"``."""
    host, _, prefix = token.strip().strip("/").lower().partition("/")
    prefix = prefix or DEFAULT_LOCALE_PATH
    if not _HOST.match(host) or not _LOCALE_PATH.match(prefix):
        raise ValueError(
            f"{NAME}: expected a token like 'careers.acme.com' or 'careers.acme.com/us/en', "
            f"got {token!r}"
        )
    return PageRequest(f"https://{host}/{prefix}/search-results?from=0&s=1", accept=HTML_ACCEPT)


def _ddo(body: bytes) -> Any:
    """The value ``phApp.ddo`` is set to in the page, or the JSON body itself."""
    if body.lstrip()[:1] == b"{":
        return load_json(body, NAME)
    check_body(body, NAME)
    text = decode_page(body)
    found = _DDO.search(text)
    if found is None:
        raise ReadError(
            f"{NAME}: the page has no phApp.ddo search data (a bot wall, or not a Phenom "
            "search-results page)"
        )
    try:
        value, _ = _DECODER.raw_decode(text, found.end())
    except (ValueError, RecursionError) as exc:
        raise ReadError(f"{NAME}: phApp.ddo is not readable JSON ({exc})") from exc
    return scrub_surrogates(value) if _SURROGATE_ESCAPE.search(text) else value


def _search(ddo: Any) -> dict[str, Any]:
    """The refine-search result inside the ddo, with a ``data.jobs`` list."""
    found: dict[str, Any] = next(
        (ddo[k] for k in _SEARCH_KEYS if isinstance(ddo, dict) and isinstance(ddo.get(k), dict)),
        {},
    )
    data = found.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise ReadError(
            f"{NAME}: expected phApp.ddo with eagerLoadRefineSearch.data.jobs, got {json_kind(ddo)}"
        )
    return found


def _job_path(job: dict[str, Any], url: str) -> str:
    """``/{country}/{language}`` of the job's locale, else of the page it was listed on."""
    locale = _LOCALE.match(json_text(job.get("locale")) or "")
    if locale:
        return f"/{locale['country'].lower()}/{locale['language'].lower()}"
    page = _PAGE_PATH.match(urlsplit(url).path)
    return f"/{page['prefix'].lower()}" if page else f"/{DEFAULT_LOCALE_PATH}"


def _posting(job: dict[str, Any], url: str) -> Posting | None:
    """One Phenom job as a Posting, or None without id, title or jobSeqNo."""
    job_id = json_text(job.get("jobId")) or json_text(job.get("jobSeqNo"))
    title, seq = json_text(job.get("title")), json_text(job.get("jobSeqNo"))
    parts = urlsplit(url)
    if not job_id or not title or not seq or parts.scheme not in ("http", "https"):
        return None
    link = f"{parts.scheme}://{parts.netloc}{_job_path(job, url)}/job/{quote(seq, safe='')}"
    place = [json_text(job.get("city")), json_text(job.get("country"))]
    location = json_text(job.get("location")) or ", ".join(p for p in place if p) or None
    teaser = job.get("descriptionTeaser")
    return Posting(
        external_id=job_id,
        title=title,
        url=link,
        ats=NAME,
        location=location,
        remote=infer_remote(location),
        department=json_text(job.get("department")) or json_text(job.get("category")),
        employment_type=json_text(job.get("type")),
        posted_at=iso_datetime(job.get("postedDate")),
        description_text=_text(teaser),
    )


def _text(teaser: object) -> str | None:
    """The teaser as plain text (parsed as HTML only when it looks like markup)."""
    if not isinstance(teaser, str):
        return None
    return html_to_text(teaser) if _MARKUP.search(teaser) else clean(teaser)


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _next_request(search: dict[str, Any], url: str, count: int) -> PageRequest | None:
    """The same page at the next ``from`` while jobs remain, else None."""
    start = query_count(url, "from")
    total = _number(search.get("totalHits"))
    if total is None or count == 0 or start + count >= total:
        return None
    return PageRequest(with_query(url, **{"from": str(start + count)}), accept=HTML_ACCEPT)


def read(body: bytes, *, url: str) -> Page:
    """Postings of one Phenom search-results page (or refineSearch answer) from ``url``."""
    check_url(url, NAME)
    search = _search(_ddo(body))
    jobs = search["data"]["jobs"]
    postings: dict[str, Posting] = {}
    for job in json_objects(jobs, f"{NAME}: jobs"):
        posting = _posting(job, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(list(postings.values()), _next_request(search, url, len(jobs)))


READER = Reader(NAME, read, first_request, Paging.NEXT_REQUEST)
