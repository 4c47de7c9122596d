"""Teamtailor: the RSS feed ``https://{company}.teamtailor.com/jobs.rss`` or its JSON Feed.

The form is told by content: a JSON object with an ``items`` list is the JSON Feed
(``/jobs.json``, each item with a schema.org ``JobPosting`` under ``_jobposting``), anything
else must be an RSS ``<rss><channel><item>`` feed. No paging. ``external_id`` is the item's
``guid`` (RSS) or ``id`` (JSON Feed), the same UUID in both; ``url`` is its ``link``/``url``.
``remoteStatus`` gives ``remote`` ("fully" and "temporary" are remote, "hybrid" and "none" are
not); ``location`` is each ``tt:location``'s name (else city, country) joined with " | ".
An item without id, title or http(s) link is skipped; a repeated id keeps its first item.
Other shapes, broken XML/JSON and XML with entity declarations raise ``ReadError``; the XML
parser never touches the network and never expands entities.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from lxml import etree

from service.boards.base import Page, PageRequest, Posting, Reader, ReadError, infer_remote
from service.boards.pages import absolute_url, parse_xml
from service.boards.readers._json import load_json
from service.boards.readers.jsonld import posting_from_node
from service.boards.text import clean, html_to_text, iso_datetime

NAME = "teamtailor"

_REMOTE_STATUS = {"fully": True, "temporary": True, "hybrid": False, "none": False}


def first_request(token: str) -> PageRequest:
    """The RSS feed of the company ``token`` (e.g. ``"upcloud"``)."""
    company = token.strip().lower()
    if not company or not all(c.isascii() and (c.isalnum() or c == "-") for c in company):
        raise ValueError(f"{NAME}: expected a company name like 'upcloud', got {token!r}")
    return PageRequest(
        url=f"https://{company}.teamtailor.com/jobs.rss", accept="application/rss+xml"
    )


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    """Child elements called ``name`` in any namespace (``tt:`` URIs vary)."""
    return [c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _child_text(element: etree._Element, name: str) -> str | None:
    """Cleaned text of the first child called ``name``."""
    found = _children(element, name)
    return clean("".join(found[0].itertext())) if found else None


def _rss_location(item: etree._Element) -> str | None:
    """Every ``tt:location`` as its name, else "city, country", joined with " | "."""
    names = []
    for group in _children(item, "locations"):
        for place in _children(group, "location"):
            parts = (_child_text(place, "city"), _child_text(place, "country"))
            names.append(_child_text(place, "name") or ", ".join(p for p in parts if p))
    return " | ".join(dict.fromkeys(n for n in names if n)) or None


def _remote(status: str | None, location: str | None) -> bool | None:
    """The board's ``remoteStatus``, else clear wording in the location."""
    flag = _REMOTE_STATUS.get((status or "").lower())
    return flag if flag is not None else infer_remote(location)


def _rss_posting(item: etree._Element, url: str) -> Posting | None:
    """One RSS ``<item>``, or None without guid, title or link."""
    guid, title = _child_text(item, "guid"), _child_text(item, "title")
    link = absolute_url(_child_text(item, "link"), url)
    if not guid or not title or not link:
        return None
    location = _rss_location(item)
    return Posting(
        external_id=guid,
        title=title,
        url=link,
        ats=NAME,
        location=location,
        remote=_remote(_child_text(item, "remoteStatus"), location),
        department=_child_text(item, "department"),
        posted_at=iso_datetime(_child_text(item, "pubDate")),
        description_text=html_to_text(_child_text(item, "description")),
    )


def _read_rss(body: bytes, url: str) -> list[Posting]:
    """Postings of an RSS feed."""
    root = parse_xml(body, NAME, unreadable="neither JSON nor well-formed XML")
    channels = _children(root, "channel") if etree.QName(root).localname == "rss" else []
    if not channels:
        raise ReadError(f"{NAME}: expected an RSS feed (<rss><channel>), got <{root.tag}>")
    found = (_rss_posting(item, url) for item in _children(channels[0], "item"))
    return [p for p in found if p is not None]


def _string(value: Any) -> str | None:
    """Cleaned text of a string field; another type counts as missing."""
    return clean(value) if isinstance(value, str) else None


def _feed_posting(item: dict[str, Any], url: str) -> Posting | None:
    """One JSON Feed item, or None without id, title or url."""
    item_id, title = _string(item.get("id")), _string(item.get("title"))
    link = absolute_url(_string(item.get("url")), url)
    if not item_id or not title or not link:
        return None
    job = item.get("_jobposting")
    base = posting_from_node(job, link, NAME) if isinstance(job, dict) else None
    description = html_to_text(_string(item.get("content_html"))) or _string(
        item.get("content_text")
    )
    if base is None:
        base = Posting(external_id=item_id, title=title, url=link, ats=NAME)
    return dataclasses.replace(
        base,
        external_id=item_id,
        title=title,
        url=link,
        posted_at=iso_datetime(item.get("date_published")) or base.posted_at,
        updated_at=iso_datetime(item.get("date_modified")) or base.updated_at,
        description_text=description or base.description_text,
    )


def _read_json_feed(data: Any, url: str) -> list[Posting]:
    """Postings of a JSON Feed."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        got = type(data).__name__ if not isinstance(data, dict) else "an object without it"
        raise ReadError(f"{NAME}: expected a JSON Feed object with an 'items' list, got {got}")
    postings = []
    for item in data["items"]:
        if not isinstance(item, dict):
            raise ReadError(f"{NAME}: expected each JSON Feed item to be an object")
        posting = _feed_posting(item, url)
        if posting is not None:
            postings.append(posting)
    return postings


def read(body: bytes, *, url: str) -> Page:
    """Postings of one Teamtailor RSS feed or JSON Feed fetched from ``url``."""
    if body.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"["):
        found = _read_json_feed(load_json(body, NAME), url)
    else:
        found = _read_rss(body, url)
    postings: dict[str, Posting] = {}
    for posting in found:
        postings.setdefault(posting.external_id, posting)
    return Page(postings=list(postings.values()))


READER = Reader(NAME, read, first_request)
