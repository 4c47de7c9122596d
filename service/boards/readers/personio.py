"""Personio XML feed: ``https://{company}.jobs.personio.de/xml?language=en`` (or ``.com``).

The whole board comes in one ``<workzag-jobs>`` document, no paging. The feed holds no posting
link, so ``url`` is built as ``https://{host}/job/{id}`` from the host the feed was fetched from.
A ``<position>`` without ``<id>`` or ``<name>`` is skipped; a repeated id keeps its first
position. A document that is not a ``<workzag-jobs>`` feed, XML that does not parse, or XML with
entity declarations (billion laughs, external entities) raises ``ReadError``. The XML parser
never touches the network and never expands entities.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree

from service.boards.base import Page, PageRequest, Posting, Reader, ReadError, infer_remote
from service.boards.pages import parse_xml
from service.boards.text import clean, html_to_text, iso_datetime

NAME = "personio"


def first_request(token: str) -> PageRequest:
    """The English XML feed of the company ``token`` (e.g. ``"acme"``)."""
    company = token.strip().lower()
    if not company or not all(c.isascii() and (c.isalnum() or c == "-") for c in company):
        raise ValueError(f"{NAME}: expected a company name like 'acme', got {token!r}")
    return PageRequest(
        url=f"https://{company}.jobs.personio.de/xml?language=en", accept="application/xml"
    )


def _text(element: etree._Element, path: str) -> str | None:
    """Cleaned text of the first ``path`` child, or None."""
    child = element.find(path)
    if child is None:
        return None
    return clean("".join(child.itertext()))


def _location(position: etree._Element) -> str | None:
    """Main office then additional offices, without repeats, joined with " | "."""
    offices = [_text(position, "office")]
    offices += [clean("".join(o.itertext())) for o in position.iterfind("additionalOffices/office")]
    unique = list(dict.fromkeys(o for o in offices if o))
    return " | ".join(unique) or None


def _description(position: etree._Element) -> str | None:
    """Each ``jobDescription`` as its heading and its HTML value turned into text."""
    sections = []
    for part in position.iterfind("jobDescriptions/jobDescription"):
        heading = _text(part, "name")
        value = part.find("value")
        body = html_to_text(value.text if value is not None else None)
        sections.append("\n\n".join(s for s in (heading, body) if s))
    return "\n\n".join(s for s in sections if s) or None


def _base_url(url: str) -> str:
    """``scheme://host`` of the feed URL; postings live under it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ReadError(f"{NAME}: the feed URL {url!r} is needed to build posting links")
    return f"{parts.scheme}://{parts.netloc}"


def _posting(position: etree._Element, base: str) -> Posting | None:
    """One ``<position>`` as a Posting, or None without id or title."""
    job_id, title = _text(position, "id"), _text(position, "name")
    if not job_id or not title:
        return None
    location = _location(position)
    kinds = [_text(position, "employmentType"), _text(position, "schedule")]
    return Posting(
        external_id=job_id,
        title=title,
        url=f"{base}/job/{job_id}",
        ats=NAME,
        location=location,
        remote=infer_remote(location),
        department=_text(position, "department") or _text(position, "recruitingCategory"),
        employment_type=", ".join(k for k in kinds if k) or None,
        posted_at=iso_datetime(_text(position, "createdAt")),
        description_text=_description(position),
    )


def read(body: bytes, *, url: str) -> Page:
    """Postings of one Personio XML feed fetched from ``url``."""
    root = parse_xml(body, NAME)
    if root.tag != "workzag-jobs":
        raise ReadError(f"{NAME}: expected a <workzag-jobs> feed, got <{root.tag}>")
    base = _base_url(url)
    postings: dict[str, Posting] = {}
    for position in root.iterfind("position"):
        posting = _posting(position, base)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(postings=list(postings.values()))


READER = Reader(NAME, read, first_request)
