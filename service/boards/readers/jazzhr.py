"""JazzHR: a company's public ``applytojob.com`` list page, and each job page's JSON-LD.

JazzHR has no public JSON (its API needs a key), so the board is the page ``https://{company}.
applytojob.com/apply/``, fetched as a page (robots.txt honoured), the whole board at once. A row
is a link to ``/apply/{code}/{slug}`` (its text padded with spaces, trimmed); ``external_id`` is
``{code}``; ``location`` is the row's map-marker item (the first item of its ``list-inline``
otherwise). Other ``/apply/…`` links (``/apply/confirm/``, the "View All Jobs" link) are not jobs.
The list has no text, so ``detail_request`` names the job page, whose JSON-LD is read as one
posting. A page with neither job links nor JazzHR's ``resumator`` markup (a bot wall, another
site) raises ``ReadError`` rather than reading as an empty board; a repeated code keeps its first.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit

import lxml.html

from service.boards.base import Page, PageRequest, Posting, Reader, ReadError, infer_remote
from service.boards.fetch import HTML_ACCEPT
from service.boards.pages import absolute_url, parse_page
from service.boards.readers import jsonld
from service.boards.readers._json import check_url
from service.boards.text import clean

NAME = "jazzhr"
_COMPANY = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_JOB_PATH = re.compile(r"^/apply/([A-Za-z0-9]{6,})/[^/]+/?$")


def first_request(token: str) -> PageRequest:
    """The ``/apply/`` list of company ``token``; ValueError for anything but a subdomain."""
    company = token.strip().strip("/").lower().removesuffix(".applytojob.com")
    if not _COMPANY.match(company):
        raise ValueError(f"{NAME}: expected a company subdomain like 'acme', got {token!r}")
    return PageRequest(url=f"https://{company}.applytojob.com/apply/", accept=HTML_ACCEPT)


def _code(url: str) -> str | None:
    """The ``{code}`` of an ``/apply/{code}/{slug}`` URL."""
    found = _JOB_PATH.match(urlsplit(url).path)
    return found[1] if found else None


def _location(anchor: lxml.html.HtmlElement) -> str | None:
    """The map-marker item of the anchor's row, else the first item of its inline list."""
    row = next((a for a in anchor.iterancestors() if a.tag == "li"), None)
    if row is None:
        return None
    items = row.xpath(".//i[contains(@class, 'fa-map-marker')]/..") or row.xpath(
        ".//ul[contains(@class, 'list-inline')]/li"
    )
    return clean(" ".join(items[0].text_content().split())) if items else None


def _posting(anchor: lxml.html.HtmlElement, url: str) -> Posting | None:
    """One row, or None unless the anchor links to a job page and has a title."""
    link = absolute_url(anchor.get("href"), url)
    code = _code(link) if link else None
    title = clean(anchor.text_content())
    if not link or not code or not title:
        return None
    location = _location(anchor)
    return Posting(
        external_id=code,
        title=title,
        url=urlunsplit(urlsplit(link)._replace(query="", fragment="")),
        ats=NAME,
        location=location,
        remote=infer_remote(location, title),
    )


def read(body: bytes, *, url: str) -> Page:
    """Postings of the ``/apply/`` list page, or the one posting of a job page."""
    check_url(url, NAME)
    code = _code(url)
    if code:
        found = jsonld.read(body, url=url).postings
        return Page([replace(found[0], external_id=code, url=url, ats=NAME)] if found else [])
    doc = parse_page(body, NAME)
    postings: dict[str, Posting] = {}
    for anchor in doc.xpath("//a[@href]"):
        posting = _posting(anchor, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    if not postings and not doc.xpath("//*[contains(@id, 'resumator')]"):
        raise ReadError(f"{NAME}: the page has no JazzHR job list (a bot wall or another site?)")
    return Page(list(postings.values()))


def detail_request(posting: Posting, url: str) -> PageRequest | None:
    """The job page: its JSON-LD has the date, type and description the list lacks."""
    return PageRequest(url=posting.url, accept=HTML_ACCEPT) if _code(posting.url) else None


READER = Reader(NAME, read, first_request, detail_request=detail_request)
