"""iCIMS: the classic portal's search pages and job pages, or the Career Sites JSON API.

The token is a host. An iCIMS portal host (``careers-acme.icims.com``, ``uscareers-…``) is read
through its search, ``/jobs/search?ss=1&in_iframe=1&pr={page}`` (0-based, about 20 cards a
page): cards ``a.iCIMS_Anchor`` linking ``/jobs/{id}/{slug}/job`` with the tenant's header
fields (``Job Locations``, ``Posted Date`` with its time in a ``title``, ``Position Type``,
``Work Arrangement``, ``Category``/``Department``). Paging follows "Page X of N" where the page
shows it, else goes on while a page is full (the portal repeats its last page past the end,
which ends the read). A job page ``/jobs/{id}/{slug}/job?in_iframe=1`` carries schema.org
JSON-LD (address parts may be ``"UNAVAILABLE"``); ``detail_request`` names it, since the list
has no whole description. A login or challenge page instead of the search raises a
``ReadError`` saying the portal would not show its jobs.

Any other host is an iCIMS Career Sites site (ex-Jibe) on the employer's domain, read through
``/api/jobs?page={n}&limit=100`` (1-based): ``{jobs: [{data: {req_id, title, description,
responsibilities, qualifications, full_location, posted_date, update_date, apply_url,
meta_data.canonical_url}}], totalCount}``, bodies included; paging goes on while ``page *
limit < totalCount``. ``external_id`` is the number in ``/jobs/{id}/`` (``req_id`` on Career
Sites; "2026-38897" is only a display label). Cards or jobs without id, title or link are
skipped; a repeated id keeps its first. Other payloads raise ``ReadError``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import lxml.html

from service.boards.base import Page, PageRequest, Paging, Posting, Reader, ReadError, infer_remote
from service.boards.fetch import HTML_ACCEPT
from service.boards.pages import absolute_url, check_body, parse_page
from service.boards.readers._json import check_url, json_kind, json_objects, json_text, load_json
from service.boards.readers.jsonld import job_postings, load_block, posting_from_node
from service.boards.text import clean, html_to_text, iso_datetime

NAME = "icims"
PORTAL_PAGE_SIZE = 20
API_PAGE_SIZE = 100
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
_JOB_PATH = re.compile(r"^/jobs/(\d+)(?:/|$)")
_PAGE_OF = re.compile(r"Page\s+(\d+)\s+of\s+(\d+)", re.I)
_CARD_XPATH = "//a[contains(concat(' ', normalize-space(@class), ' '), ' iCIMS_Anchor ')]"
_BOX_CLASSES = ("iCIMS_JobCardItem", "row")
_ID_PREFIX = re.compile(r"^\d+\s+-\s+")
_API_SECTIONS = ("description", "responsibilities", "qualifications")


def is_portal(host: str) -> bool:
    """True for an iCIMS portal host (``*.icims.com``), False for a Career Sites domain."""
    return host.endswith(".icims.com")


def first_request(token: str) -> PageRequest:
    """The first search page of a portal host, or the first API page of a Career Sites host."""
    host = token.strip().strip("/").lower()
    if not _HOST.match(host):
        raise ValueError(f"{NAME}: expected a host like 'careers-acme.icims.com', got {token!r}")
    if is_portal(host):
        return PageRequest(
            url=f"https://{host}/jobs/search?ss=1&in_iframe=1&pr=0", accept=HTML_ACCEPT
        )
    return PageRequest(url=f"https://{host}/api/jobs?page=1&limit={API_PAGE_SIZE}")


def job_id(link: str) -> str | None:
    """The number in a ``/jobs/{id}/…`` path, else None."""
    found = _JOB_PATH.match(urlsplit(link).path)
    return found[1] if found else None


def _job_page(link: str) -> str:
    """The job page without the portal's ``in_iframe`` flag."""
    parts = urlsplit(link)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "in_iframe"]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def _with_query(url: str, **changes: str) -> str:
    """``url`` with query parameters set."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True)) | changes
    return urlunsplit(parts._replace(query=urlencode(query)))


def _query_number(url: str, name: str, default: int) -> int:
    """A small non-negative integer query parameter of ``url``."""
    raw = dict(parse_qsl(urlsplit(url).query)).get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else default


# --- the classic portal -------------------------------------------------------------------


def _box(anchor: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The card holding ``anchor``: its ``li.iCIMS_JobCardItem`` or ``div.row``."""
    for ancestor in anchor.iterancestors():
        classes = (ancestor.get("class") or "").split()
        if any(c in classes for c in _BOX_CLASSES):
            return ancestor
    return anchor


def _fields(box: lxml.html.HtmlElement) -> dict[str, str]:
    """The card's labelled fields: header ``dt``/``dd`` pairs and ``sr-only`` labels."""
    found: dict[str, str] = {}
    for term in box.xpath(".//dt"):
        value = term.getnext()
        label, text = (
            clean(term.text_content()),
            clean(value.text_content()) if value is not None else None,
        )
        if label and text:
            found.setdefault(label.lower(), text)
    for label in box.xpath(".//*[contains(@class, 'field-label')]"):
        value = label.getnext()
        name = clean(label.text_content())
        if name and value is not None:
            text = clean(value.get("title")) or clean(value.text_content())
            if text:
                found.setdefault(name.lower(), text)
    return found


def _portal_date(text: str | None) -> str | None:
    """ISO 8601 from a portal date ("9/23/2026 7:11 PM", "9/23/2026"), else None."""
    for form in ("%m/%d/%Y %I:%M %p", "%m/%d/%Y"):
        try:
            return datetime.strptime((text or "").strip(), form).isoformat()
        except ValueError:
            continue
    return iso_datetime(text)


def _card(anchor: lxml.html.HtmlElement, url: str) -> Posting | None:
    """One search card, or None without a job link or title."""
    link = absolute_url(anchor.get("href"), url)
    external_id = job_id(link) if link else None
    heading = anchor.find(".//h3")
    title = clean(heading.text_content()) if heading is not None else None
    title = title or clean(_ID_PREFIX.sub("", anchor.get("title") or ""))
    if not link or not external_id or not title:
        return None
    fields = _fields(_box(anchor))
    location = fields.get("job locations") or fields.get("location") or fields.get("job location")
    arrangement = fields.get("work arrangement") or fields.get("remote")
    return Posting(
        external_id=external_id,
        title=title,
        url=_job_page(link),
        ats=NAME,
        location=location,
        remote=infer_remote(arrangement) if arrangement else infer_remote(location),
        department=fields.get("category") or fields.get("department"),
        employment_type=fields.get("position type") or fields.get("job type"),
        posted_at=_portal_date(fields.get("posted date")),
    )


def _portal_next(doc: lxml.html.HtmlElement, url: str, count: int) -> PageRequest | None:
    """The search page after ``pr``: by "Page X of N" when shown, else while pages are full."""
    page = _query_number(url, "pr", 0)
    shown = _PAGE_OF.search(doc.text_content())
    more = int(shown[1]) < int(shown[2]) if shown else count >= PORTAL_PAGE_SIZE
    if not more:
        return None
    return PageRequest(url=_with_query(url, pr=str(page + 1)), accept=HTML_ACCEPT)


def _read_job_page(doc: lxml.html.HtmlElement, url: str) -> Page:
    """A job page's JSON-LD as one posting, its id from the URL asked for."""
    values = []
    for script in doc.iter("script"):
        if "ld+json" in (script.get("type") or "").lower() and script.text:
            values.extend(load_block(script.text))
    for node in job_postings(values):
        posting = posting_from_node(node, url, ats=NAME)
        external_id = job_id(url) or (posting and job_id(posting.url))
        if posting is not None and external_id:
            return Page([replace(posting, external_id=external_id, url=_job_page(posting.url))])
    return Page([])


def _read_portal(body: bytes, url: str) -> Page:
    """A portal search page (cards) or a job page (JSON-LD)."""
    doc = parse_page(body, NAME)
    anchors = doc.xpath(_CARD_XPATH)
    if anchors or doc.xpath("//*[contains(@class, 'iCIMS_JobsTable')]"):
        postings: dict[str, Posting] = {}
        for anchor in anchors:
            posting = _card(anchor, url)
            if posting is not None:
                postings.setdefault(posting.external_id, posting)
        return Page(list(postings.values()), _portal_next(doc, url, len(anchors)))
    if job_id(url):
        return _read_job_page(doc, url)
    raise ReadError(
        f"{NAME}: the portal answered with a page that is not its job search (a login, a "
        "challenge or an error page): it would not show its jobs to us"
    )


# --- Career Sites (ex-Jibe) ---------------------------------------------------------------


def _api_posting(job: dict[str, Any], url: str) -> Posting | None:
    """One ``jobs[].data`` entry, or None without id, title or link."""
    inner = job.get("data")
    data: dict[str, Any] = inner if isinstance(inner, dict) else job
    req_id, title = json_text(data.get("req_id")), json_text(data.get("title"))
    given = data.get("meta_data")
    meta: dict[str, Any] = given if isinstance(given, dict) else {}
    link = absolute_url(json_text(meta.get("canonical_url")), url) or absolute_url(
        json_text(data.get("apply_url")), url
    )
    if not req_id or not title or not link:
        return None
    location = json_text(data.get("full_location")) or json_text(data.get("location_name"))
    location = " | ".join(p.strip() for p in location.split(";") if p.strip()) if location else None
    categories = data.get("categories")
    department = None
    if isinstance(categories, list) and categories and isinstance(categories[0], dict):
        department = json_text(categories[0].get("name"))
    sections = [data.get(k) for k in _API_SECTIONS]
    texts = [html_to_text(s) for s in sections if isinstance(s, str)]
    return Posting(
        external_id=req_id,
        title=title,
        url=link,
        ats=NAME,
        location=location,
        remote=infer_remote(location),
        department=department,
        employment_type=json_text(data.get("employment_type")),
        posted_at=iso_datetime(data.get("posted_date")),
        updated_at=iso_datetime(data.get("update_date")),
        description_text="\n\n".join(t for t in texts if t) or None,
    )


def _read_api(body: bytes, url: str) -> Page:
    """A Career Sites ``/api/jobs`` page and the next page's request."""
    data = load_json(body, NAME)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise ReadError(f"{NAME}: expected an object with a 'jobs' list, got {json_kind(data)}")
    postings: dict[str, Posting] = {}
    for job in json_objects(data["jobs"], f"{NAME}: jobs"):
        posting = _api_posting(job, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    page = _query_number(url, "page", 1)
    limit = _query_number(url, "limit", API_PAGE_SIZE) or API_PAGE_SIZE
    total = data.get("totalCount")
    more = isinstance(total, int) and not isinstance(total, bool) and page * limit < total
    following = (
        PageRequest(url=_with_query(url, page=str(page + 1))) if more and data["jobs"] else None
    )
    return Page(list(postings.values()), following)


def read(body: bytes, *, url: str) -> Page:
    """Postings of a portal search or job page, or of a Career Sites API page, from ``url``."""
    check_body(body, NAME)
    check_url(url, NAME)
    if body.lstrip()[:1] in (b"{", b"["):
        return _read_api(body, url)
    return _read_portal(body, url)


def detail_request(posting: Posting, url: str) -> PageRequest | None:
    """The job page of a portal posting (its JSON-LD has the description); none on the API."""
    if posting.description_text or not job_id(posting.url) or "/api/jobs" in url:
        return None
    return PageRequest(url=_with_query(posting.url, in_iframe="1"), accept=HTML_ACCEPT)


READER = Reader(NAME, read, first_request, Paging.NEXT_REQUEST, detail_request)
