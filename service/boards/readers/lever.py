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

import json
import re
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from service.boards.base import Page, PageRequest, Posting, ReadError, infer_remote
from service.boards.text import clean, html_to_text, iso_datetime

NAME = "lever"
PAGE_SIZE = 100
_HOSTS = {False: "api.lever.co", True: "api.eu.lever.co"}
_SITE_IN_URL = re.compile(r"/v0/postings/([^/?#]+)")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_KINDS = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}


def first_request(token: str) -> PageRequest:
    """The first page of the site ``token`` (``eu:{site}`` for the EU instance)."""
    token = token.strip().strip("/")
    eu = token.lower().startswith("eu:")
    site = token[3:].strip("/ ") if eu else token
    if not site:
        raise ValueError(f"{NAME}: the site name is empty")
    query = urlencode({"mode": "json", "skip": 0, "limit": PAGE_SIZE})
    return PageRequest(url=f"https://{_HOSTS[eu]}/v0/postings/{quote(site, safe='')}?{query}")


def _scrub(value: Any) -> Any:
    """``value`` with lone UTF-16 surrogates (from escapes like ``\\ud800``) made U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    if isinstance(value, dict):
        return {_scrub(key): _scrub(item) for key, item in value.items()}
    return value


def _load(body: bytes) -> Any:
    """Decoded JSON with lone surrogates replaced, or ReadError saying why not."""
    try:
        text = body.decode(json.detect_encoding(body))
        data = json.loads(text)
        return _scrub(data) if _SURROGATE_ESCAPE.search(text) else data
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadError(f"{NAME}: the response is not valid JSON ({exc})") from exc
    except RecursionError as exc:
        raise ReadError(f"{NAME}: the JSON is nested too deeply") from exc


def _kind(value: object) -> str:
    """How a JSON value looks, for error messages."""
    if isinstance(value, dict) and value:
        return "an object with keys " + ", ".join(repr(k) for k in list(value)[:6])
    return _JSON_KINDS.get(type(value), "null" if value is None else "a number")


def _text(value: object) -> str | None:
    """A cleaned string from a JSON string or number; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return clean(value)


def _absolute(link: object, base: str) -> str | None:
    """``link`` made absolute against ``base``; None unless it is an http(s) URL."""
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        absolute = urljoin(base, link.strip())
        parts = urlsplit(absolute)
    except ValueError:
        return None
    return absolute if parts.scheme in ("http", "https") and parts.netloc else None


def _postings_list(data: Any) -> tuple[list[Any], bool]:
    """The postings and whether they came as a (pageable) list; ReadError for other shapes."""
    if isinstance(data, list):
        return data, True
    if isinstance(data, dict):
        if data.get("ok") is False:
            raise ReadError(f"{NAME}: the board answered with an error: {data.get('error')!r}")
        if "id" in data and "text" in data:
            return [data], False
    raise ReadError(f"{NAME}: expected a list of postings, got {_kind(data)}")


def _location(categories: dict[str, Any]) -> str | None:
    """``allLocations`` joined with " | ", else the main ``location``."""
    every = categories.get("allLocations")
    names = [_text(n) for n in every] if isinstance(every, list) else []
    unique = list(dict.fromkeys(n for n in names if n))
    return " | ".join(unique) or _text(categories.get("location"))


def _remote(posting: dict[str, Any], location: str | None) -> bool | None:
    """``workplaceType`` when stated, else clear wording in the location."""
    workplace = (_text(posting.get("workplaceType")) or "").lower()
    if workplace == "remote":
        return True
    if workplace in ("on-site", "onsite", "hybrid"):
        return False
    return infer_remote(location)


def _html_or_plain(posting: dict[str, Any], key: str) -> str | None:
    """Text of the HTML field ``key``, else of its ``{key}Plain`` twin."""
    markup = posting.get(key)
    text = html_to_text(markup) if isinstance(markup, str) else None
    return text or _text(posting.get(f"{key}Plain"))


def _lists(posting: dict[str, Any]) -> list[str]:
    """Each entry of ``lists`` as its heading followed by its items."""
    sections = []
    lists = posting.get("lists")
    for entry in lists if isinstance(lists, list) else []:
        if not isinstance(entry, dict):
            continue
        content = entry.get("content")
        items = html_to_text(content) if isinstance(content, str) else None
        section = "\n\n".join(s for s in (_text(entry.get("text")), items) if s)
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
    link = _absolute(posting.get("hostedUrl"), url)
    if link:
        return link
    parts = urlsplit(url)
    site = _SITE_IN_URL.search(parts.path)
    if not site or not parts.hostname or not parts.hostname.startswith("api."):
        return None
    return f"https://jobs.{parts.hostname[4:]}/{site.group(1)}/{quote(posting_id)}"


def _posting(posting: dict[str, Any], url: str) -> Posting | None:
    """One Lever posting as a Posting, or None without id, title or link."""
    posting_id, title = _text(posting.get("id")), _text(posting.get("text"))
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
        department=_text(categories.get("department")) or _text(categories.get("team")),
        employment_type=_text(categories.get("commitment")),
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
    query["skip"] = str(skip + limit)
    return PageRequest(url=urlunsplit(parts._replace(query=urlencode(query))))


def _valid_url(url: str) -> None:
    """ReadError unless ``url`` (where the response came from) parses as a URL."""
    try:
        urlsplit(url)
    except ValueError as exc:
        raise ReadError(f"{NAME}: the response URL {url!r} is not a valid URL ({exc})") from exc


def read(body: bytes, *, url: str) -> Page:
    """Postings of one Lever page (or single posting) fetched from ``url``."""
    _valid_url(url)
    items, pageable = _postings_list(_load(body))
    postings: dict[str, Posting] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ReadError(f"{NAME}: posting [{index}] should be an object, got {_kind(item)}")
        posting = _posting(item, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    next_request = _next_request(url, len(items)) if pageable else None
    return Page(postings=list(postings.values()), next_request=next_request)
