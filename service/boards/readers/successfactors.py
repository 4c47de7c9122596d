"""SAP SuccessFactors Career Site Builder: its RSS feed, its search pages and its job pages.

The token is the careers host (``jobs.sap.com``, ``careers.acme.com``), read through its RSS
feed ``/sitemal.xml`` first: the whole board in one response, descriptions included (items with
``link``, ``title``, ``description``, ``pubDate`` and Google's ``g:id``, ``g:location``,
``g:job_function``). ``host/googlefeed.xml`` reads that feed instead. A tenant without a feed is
read through its HTML search, token ``host/search``:
``/search/?q=&sortColumn=referencedate&sortDirection=desc&startrow=N`` (rows ``tr.data-row``,
25 a page, "Results 1 - 25 of N" names the total). A job page ``/job/{slug}/{id}/`` carries
schema.org microdata (``itemprop=title``, ``datePosted``, ``description``, ``jobLocation``);
``detail_request`` names it for a posting listed without a description (the search rows).

``external_id`` is the number that ends the job path (else the feed's ``g:id``); ``url`` is the
job page; ``location`` the row's ``jobLocation`` or the feed's ``g:location``; ``posted_at``
the row's ``jobDate`` ("Sep 23, 2026") or the feed's ``pubDate``; ``department`` the tenant's
``jobDepartment`` column (else a ``jobFacility`` that is not a bare number) or the feed's
``g:job_function``; ``remote`` only from clear wording ("Europe, remote, IT"). A row or item
without a job link or title is skipped; a repeated id keeps its first row. Anything that is
neither a search page, a job page nor an RSS feed raises ``ReadError``.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from service.boards.base import Page, PageRequest, Paging, Posting, Reader, ReadError, infer_remote
from service.boards.fetch import HTML_ACCEPT
from service.boards.pages import absolute_url, check_body, parse_page, parse_xml
from service.boards.readers._query import query_count, with_query
from service.boards.text import clean, html_to_text, iso_datetime

NAME = "successfactors"
PAGE_SIZE = 25
FEED = "sitemal.xml"
TOKEN_PATHS = (FEED, "googlefeed.xml", "search")
_SEARCH = "/search/?q=&sortColumn=referencedate&sortDirection=desc&startrow=0"
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
_JOB_PATH = re.compile(r"/job/.+/(\d+)(?:-[a-z]{2}_[A-Z]{2})?/?$")
_TOTAL = re.compile(r"\bof\s+([\d.,\s]+)\s*$", re.I)
_DATE_FORMATS = ("%b %d, %Y", "%d %b %Y", "%d.%m.%Y", "%m/%d/%Y", "%Y-%m-%d")
_XML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<rss\b", re.S)


def first_request(token: str) -> PageRequest:
    """The RSS feed of the careers host ``token``; its search pages for ``host/search``."""
    host, _, path = token.strip().strip("/").lower().partition("/")
    if not _HOST.match(host) or path not in ("", *TOKEN_PATHS):
        raise ValueError(
            f"{NAME}: expected a careers host like 'jobs.sap.com' (or 'jobs.sap.com/search' for "
            f"a site without a feed), got {token!r}"
        )
    if path == "search":
        return PageRequest(url=f"https://{host}{_SEARCH}", accept=HTML_ACCEPT)
    return PageRequest(url=f"https://{host}/{path or FEED}", accept="application/rss+xml")


def job_id(link: str) -> str | None:
    """The number ending a ``/job/{slug}/{id}/`` path, else None."""
    found = _JOB_PATH.search(urlsplit(link).path)
    return found[1] if found else None


def job_date(text: str | None) -> str | None:
    """ISO 8601 from a CSB date ("Sep 23, 2026"), an ISO or an RFC 822 date; else None."""
    text = clean(text)
    if not text:
        return None
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text, form).isoformat()
        except ValueError:
            continue
    return iso_datetime(text)


def _text(element: lxml.html.HtmlElement | None) -> str | None:
    """Cleaned text of ``element``."""
    return clean(element.text_content()) if element is not None else None


_WITH_CLASS = etree.XPath(
    ".//*[contains(concat(' ', normalize-space(@class), ' '), concat(' ', $name, ' '))]"
)


def _first(row: lxml.html.HtmlElement, css_class: str) -> lxml.html.HtmlElement | None:
    """The first descendant of ``row`` carrying ``css_class``."""
    found = _WITH_CLASS(row, name=css_class)
    return found[0] if isinstance(found, list) and found else None


def _department(row: lxml.html.HtmlElement) -> str | None:
    """The tenant's department column, else a facility that is not just a number."""
    department = _text(_first(row, "jobDepartment"))
    facility = _text(_first(row, "jobFacility"))
    return department or (facility if facility and not facility.isdigit() else None)


def _row_posting(row: lxml.html.HtmlElement, url: str) -> Posting | None:
    """One ``tr.data-row``, or None without a job link or title."""
    anchor = _first(row, "jobTitle-link")
    link = absolute_url(anchor.get("href"), url) if anchor is not None else None
    external_id = job_id(link) if link else None
    title = _text(anchor)
    if not link or not external_id or not title:
        return None
    location = _text(_first(row, "jobLocation"))
    return Posting(
        external_id=external_id,
        title=title,
        url=link,
        ats=NAME,
        location=location,
        remote=infer_remote(location),
        department=_department(row),
        posted_at=job_date(_text(_first(row, "jobDate"))),
    )


def _startrow(url: str) -> int:
    """The ``startrow`` of a search URL (0 when absent or odd)."""
    return query_count(url, "startrow", max_digits=8)


def _total(doc: lxml.html.HtmlElement) -> int | None:
    """The "of N" of the pagination label, if the page shows one."""
    label = _text(_first(doc, "paginationLabel"))
    found = _TOTAL.search(label or "")
    digits = re.sub(r"\D", "", found[1]) if found else ""
    return int(digits) if digits and len(digits) < 9 else None


def _next_request(url: str, total: int | None, count: int) -> PageRequest | None:
    """The search page after the one at ``url`` while rows remain."""
    following = _startrow(url) + count
    if total is None or count == 0 or following >= total:
        return None
    return PageRequest(url=with_query(url, startrow=str(following)), accept=HTML_ACCEPT)


def _read_search(doc: lxml.html.HtmlElement, rows: list[lxml.html.HtmlElement], url: str) -> Page:
    """A search page: its rows and the next page's request."""
    postings: dict[str, Posting] = {}
    for row in rows:
        posting = _row_posting(row, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(list(postings.values()), _next_request(url, _total(doc), len(rows)))


def _itemprop(doc: lxml.html.HtmlElement, name: str) -> list[lxml.html.HtmlElement]:
    """Elements carrying microdata property ``name``."""
    return doc.xpath(f"//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' {name} ')]")


def _prop_text(element: lxml.html.HtmlElement) -> str | None:
    """A microdata value: its ``content`` attribute, else its text."""
    return clean(element.get("content")) or _text(element)


def _description(doc: lxml.html.HtmlElement) -> str | None:
    """The richest ``itemprop=description`` block as text."""
    texts = [
        html_to_text(lxml.html.tostring(e, encoding="unicode"))
        for e in _itemprop(doc, "description")
    ]
    return max((t for t in texts if t), key=len, default=None)


def _read_detail(doc: lxml.html.HtmlElement, url: str) -> Page:
    """A job page's microdata as one posting (none when the URL is not a job path)."""
    external_id = job_id(url)
    titles = [t for t in map(_prop_text, _itemprop(doc, "title")) if t]
    if not external_id or not titles:
        return Page([])
    places = [_prop_text(e) for e in _itemprop(doc, "jobLocation")]
    location = " | ".join(dict.fromkeys(p for p in places if p)) or None
    dates = [_prop_text(e) for e in _itemprop(doc, "datePosted")]
    posting = Posting(
        external_id=external_id,
        title=titles[0],
        url=url,
        ats=NAME,
        location=location,
        remote=infer_remote(location),
        posted_at=next((d for d in map(job_date, dates) if d), None),
        description_text=_description(doc),
    )
    return Page([posting])


def _child_text(item: etree._Element, name: str) -> str | None:
    """Cleaned text of ``item``'s first child called ``name`` (any namespace)."""
    for child in item:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return clean("".join(child.itertext()))
    return None


def _read_feed(body: bytes, url: str) -> Page:
    """An RSS feed's ``<item>``s."""
    root = parse_xml(body, NAME)
    postings: dict[str, Posting] = {}
    for item in root.iter("item"):
        link = absolute_url(_child_text(item, "link"), url)
        title = _child_text(item, "title")
        external_id = (job_id(link) if link else None) or _child_text(item, "id")
        if not link or not title or not external_id:
            continue
        location = _child_text(item, "location")
        posting = Posting(
            external_id=external_id,
            title=title,
            url=link,
            ats=NAME,
            location=location,
            remote=infer_remote(location),
            department=_child_text(item, "job_function"),
            posted_at=job_date(_child_text(item, "pubDate")),
            description_text=html_to_text(_child_text(item, "description")),
        )
        postings.setdefault(external_id, posting)
    return Page(list(postings.values()))


def read(body: bytes, *, url: str) -> Page:
    """Postings of a search page, a job page or an RSS feed fetched from ``url``."""
    check_body(body, NAME)
    try:
        urlsplit(url)
    except ValueError as exc:
        raise ReadError(f"{NAME}: the response URL {url!r} is not a valid URL ({exc})") from exc
    if _XML_START.match(body[:4096]):
        return _read_feed(body, url)
    doc = parse_page(body, NAME)
    rows = doc.xpath("//tr[contains(concat(' ', normalize-space(@class), ' '), ' data-row ')]")
    if rows or doc.xpath("//table[@id='searchresults']"):
        return _read_search(doc, rows, url)
    if _itemprop(doc, "title"):
        return _read_detail(doc, url)
    raise ReadError(f"{NAME}: the page has no search results, job microdata or RSS items")


def detail_request(posting: Posting, url: str) -> PageRequest | None:
    """The job page of a posting listed without its description (its microdata has one)."""
    if posting.description_text or not job_id(posting.url):
        return None
    return PageRequest(url=posting.url, accept=HTML_ACCEPT)


READER = Reader(NAME, read, first_request, Paging.NEXT_REQUEST, detail_request)
