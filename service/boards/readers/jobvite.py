"""Jobvite: a company's public search pages, and each job page's JSON-LD for its text.

The token is the company's tenant (``acme`` for ``jobs.jobvite.com/acme``); the list is the page
``https://jobs.jobvite.com/{tenant}/search?p={n}`` (0-based, 50 rows a page), fetched as a page
(robots.txt honoured); the page after a full one is asked for, so a board of 50 or fewer jobs
takes one request. A row is a link to ``/{tenant}/job/{id}`` (``a.jv-job-list-name``, or an
anchor without class in the table layout) with the ``.jv-job-list-location`` of its row
(``li`` or ``tr``), its line breaks folded ("Ft Myers, Florida"). ``external_id`` is ``{id}``;
``url`` the job page. The list has no text, so ``detail_request`` names the job page, whose
JSON-LD is read as one posting (``datePosted``, ``employmentType``, description).

A page with neither job links nor Jobvite's ``jv-`` markup (a bot wall, another site) raises
``ReadError`` rather than reading as an empty board; a repeated id keeps its first.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import lxml.html

from service.boards.base import Page, PageRequest, Paging, Posting, Reader, ReadError, infer_remote
from service.boards.fetch import HTML_ACCEPT
from service.boards.pages import absolute_url, parse_page
from service.boards.readers import jsonld
from service.boards.readers._json import check_url
from service.boards.text import clean

NAME = "jobvite"
PAGE_SIZE = 50
_TENANT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
_JOB_PATH = re.compile(r"^/[^/]+/job/([A-Za-z0-9]+)/?$")
_ROW_TAGS = ("li", "tr")


def first_request(token: str) -> PageRequest:
    """The first search page of tenant ``token``; ValueError for anything but a tenant name."""
    tenant = token.strip().strip("/")
    if not _TENANT.match(tenant):
        raise ValueError(f"{NAME}: expected a tenant like 'acme', got {token!r}")
    return PageRequest(url=f"https://jobs.jobvite.com/{tenant}/search?p=0", accept=HTML_ACCEPT)


def _job_id(url: str) -> str | None:
    """The ``{id}`` of a ``/{tenant}/job/{id}`` URL."""
    found = _JOB_PATH.match(urlsplit(url).path)
    return found[1] if found else None


def _location(anchor: lxml.html.HtmlElement) -> str | None:
    """The ``.jv-job-list-location`` text of the anchor's row."""
    row = next((a for a in anchor.iterancestors() if a.tag in _ROW_TAGS), None)
    if row is None:
        return None
    places = row.xpath(".//*[contains(@class, 'jv-job-list-location')]")
    return clean(" ".join(places[0].text_content().split())) if places else None


def _posting(anchor: lxml.html.HtmlElement, url: str) -> Posting | None:
    """One row, or None unless the anchor links to a job page and has a title."""
    link = absolute_url(anchor.get("href"), url)
    job_id = _job_id(link) if link else None
    title = clean(anchor.text_content())
    if not link or not job_id or not title:
        return None
    location = _location(anchor)
    page = urlunsplit(urlsplit(link)._replace(query="", fragment=""))
    return Posting(
        external_id=job_id,
        title=title,
        url=page,
        ats=NAME,
        location=location,
        remote=infer_remote(location, title),
    )


def _next_request(url: str, count: int) -> PageRequest | None:
    """The search page after a full one at ``url``."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    page = query.get("p", "")
    if count < PAGE_SIZE or not page.isascii() or not page.isdigit() or len(page) > 6:
        return None
    query["p"] = str(int(page) + 1)
    return PageRequest(url=urlunsplit(parts._replace(query=urlencode(query))), accept=HTML_ACCEPT)


def _read_job_page(body: bytes, url: str, job_id: str) -> Page:
    """A job page's JSON-LD as one posting, its id from the page's path."""
    postings = jsonld.read(body, url=url).postings
    if not postings:
        return Page([])
    return Page([replace(postings[0], external_id=job_id, url=url, ats=NAME)])


def read(body: bytes, *, url: str) -> Page:
    """Postings of one search page, or the one posting of a job page."""
    check_url(url, NAME)
    job_id = _job_id(url)
    if job_id:
        return _read_job_page(body, url, job_id)
    doc = parse_page(body, NAME)
    postings: dict[str, Posting] = {}
    anchors = doc.xpath("//a[@href]")
    for anchor in anchors:
        posting = _posting(anchor, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    if not postings and not doc.xpath("//*[contains(@class, 'jv-')]"):
        raise ReadError(f"{NAME}: the page has no Jobvite job list (a bot wall or another site?)")
    return Page(list(postings.values()), _next_request(url, len(postings)))


def detail_request(posting: Posting, url: str) -> PageRequest | None:
    """The job page: its JSON-LD has the date, type and description the list lacks."""
    return PageRequest(url=posting.url, accept=HTML_ACCEPT) if _job_id(posting.url) else None


READER = Reader(NAME, read, first_request, Paging.NEXT_REQUEST, detail_request)
