"""Lever postings API: ``api.lever.co/v0/postings/{site}?mode=json`` (EU: ``api.eu.lever.co``).

The token is the site name, or ``eu:{site}`` for a board on Lever's EU instance (a board lives on
one instance only, and EU boards answer 404 on the US host); the token keeps ``first_request`` to
the one-argument interface every reader shares. The response is a JSON list of postings; a single
posting (``GET .../postings/{site}/{id}``) reads as one. Pages are asked for with ``skip`` and
``limit=100``: a page holding exactly ``limit`` postings gets a ``next_request`` for the same URL
with ``skip`` moved on by ``limit``.

``external_id`` is the posting ``id``; ``posted_at`` is ``createdAt`` (epoch ms); Lever has no
updated time. ``remote`` comes from ``workplaceType`` ("remote" true, "on-site" and "hybrid"
false), else from clear wording in the locations. The description joins ``description``, the
``lists`` (heading and items) and ``additional``. A posting without ``id``, ``text`` or a usable
link is skipped; optional fields of an unexpected type read as missing; a repeated ``id`` keeps
its first posting. Any other payload shape, including Lever's ``{"ok": false, "error": ...}``,
raises ``ReadError``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from service.boards.base import Page, PageRequest, Paging, Posting, Reader, ReadError, infer_remote
from service.boards.readers._json import (
    absolute_link,
    check_url,
    json_kind,
    json_objects,
    json_text,
    load_json,
)
from service.boards.readers._query import with_query
from service.boards.text import html_to_text, iso_datetime

NAME = "lever"
PAGE_SIZE = 100
_HOSTS = {False: "api.lever.co", True: "api.eu.lever.co"}
_SITE_IN_URL = re.compile(r"/v0/postings/([^/?#]+)")


def first_request(token: str) -> PageRequest:
    """The first page of the site ``token`` (``eu:{site}`` for the EU instance)."""
    token = token.strip().strip("/")
    eu = token.lower().startswith("eu:")
    site = token[3:].strip("/ ") if eu else token
    if not site:
        raise ValueError(f"{NAME}: the site name is empty")
    query = urlencode({"mode": "json", "skip": 0, "limit": PAGE_SIZE})
    return PageRequest(url=f"https://{_HOSTS[eu]}/v0/postings/{quote(site, safe='')}?{query}")


def _postings_list(data: Any) -> tuple[list[Any], bool]:
    """The postings and whether they came as a (pageable) list; ReadError for other shapes."""
    if isinstance(data, list):
        return data, True
    if isinstance(data, dict):
        if data.get("ok") is False:
            raise ReadError(f"{NAME}: the board answered with an error: {data.get('error')!r}")
        if "id" in data and "text" in data:
            return [data], False
    raise ReadError(f"{NAME}: expected a list of postings, got {json_kind(data)}")


def _location(categories: dict[str, Any]) -> str | None:
    """``allLocations`` joined with " | ", else the main ``location``."""
    every = categories.get("allLocations")
    names = [json_text(n) for n in every] if isinstance(every, list) else []
    unique = list(dict.fromkeys(n for n in names if n))
    return " | ".join(unique) or json_text(categories.get("location"))


def _remote(posting: dict[str, Any], location: str | None) -> bool | None:
    """``workplaceType`` when stated, else clear wording in the location."""
    workplace = (json_text(posting.get("workplaceType")) or "").lower()
    if workplace == "remote":
        return True
    if workplace in ("on-site", "onsite", "hybrid"):
        return False
    return infer_remote(location)


def _html_or_plain(posting: dict[str, Any], key: str) -> str | None:
    """Text of the HTML field ``key``, else of its ``{key}Plain`` twin."""
    markup = posting.get(key)
    text = html_to_text(markup) if isinstance(markup, str) else None
    return text or json_text(posting.get(f"{key}Plain"))


def _lists(posting: dict[str, Any]) -> list[str]:
    """Each entry of ``lists`` as its heading followed by its items."""
    sections = []
    lists = posting.get("lists")
    for entry in lists if isinstance(lists, list) else []:
        if not isinstance(entry, dict):
            continue
        content = entry.get("content")
        items = html_to_text(content) if isinstance(content, str) else None
        section = "\n\n".join(s for s in (json_text(entry.get("text")), items) if s)
        if section:
            sections.append(section)
    return sections


def _description(posting: dict[str, Any]) -> str | None:
    """Description, lists and closing text as one plain text."""
    parts = [
        _html_or_plain(posting, "description"),
        *_lists(posting),
        _html_or_plain(posting, "additional"),
    ]
    return "\n\n".join(p for p in parts if p) or None


def _link(posting: dict[str, Any], posting_id: str, url: str) -> str | None:
    """``hostedUrl``, else the posting's page on the jobs site of the API host in ``url``."""
    link = absolute_link(posting.get("hostedUrl"), url)
    if link:
        return link
    parts = urlsplit(url)
    site = _SITE_IN_URL.search(parts.path)
    if not site or not parts.hostname or not parts.hostname.startswith("api."):
        return None
    return f"https://jobs.{parts.hostname[4:]}/{site.group(1)}/{quote(posting_id)}"


def _posting(posting: dict[str, Any], url: str) -> Posting | None:
    """One Lever posting as a Posting, or None without id, title or link."""
    posting_id, title = json_text(posting.get("id")), json_text(posting.get("text"))
    link = _link(posting, posting_id, url) if posting_id else None
    if not posting_id or not title or not link:
        return None
    categories = posting.get("categories")
    categories = categories if isinstance(categories, dict) else {}
    location = _location(categories)
    return Posting(
        external_id=posting_id,
        title=title,
        url=link,
        ats=NAME,
        location=location,
        remote=_remote(posting, location),
        department=json_text(categories.get("department")) or json_text(categories.get("team")),
        employment_type=json_text(categories.get("commitment")),
        posted_at=iso_datetime(posting.get("createdAt")),
        description_text=_description(posting),
    )


def _next_request(url: str, count: int) -> PageRequest | None:
    """The same URL with ``skip`` moved on by ``limit`` when this page was full."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    try:
        limit, skip = int(query.get("limit", "0")), int(query.get("skip", "0") or 0)
    except ValueError:
        return None
    if limit <= 0 or count != limit:
        return None
    return PageRequest(url=with_query(url, skip=str(skip + limit)))


def read(body: bytes, *, url: str) -> Page:
    """Postings of one Lever page (or single posting) fetched from ``url``."""
    check_url(url, NAME)
    items, pageable = _postings_list(load_json(body, NAME))
    postings: dict[str, Posting] = {}
    for item in json_objects(items, f"{NAME}: posting "):
        posting = _posting(item, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    next_request = _next_request(url, len(items)) if pageable else None
    return Page(postings=list(postings.values()), next_request=next_request)


READER = Reader(NAME, read, first_request, Paging.NEXT_REQUEST)
