"""Fetched documents as trees: HTML pages and XML feeds parsed safely, and the links in them."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from service.boards.base import ReadError

_TRACKING = re.compile(
    r"^(utm_.*|gclid|fbclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|gh_src|trk)$", re.I
)
_CHARSET = re.compile(rb"""charset=["']?([A-Za-z0-9_-]{2,40})""", re.I)


def canonical_url(url: str) -> str:
    """``url`` without fragment, tracking parameters, default port or a trailing "/apply"."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and (parts.scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if not _TRACKING.match(k)]
    path = re.sub(r"/apply/?$", "", parts.path) or "/"
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(query), ""))


def absolute_url(href: str | None, base: str) -> str | None:
    """The absolute http(s) URL of ``href``, or None for other schemes and junk."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    try:
        absolute = urljoin(base, href)
        parts = urlsplit(absolute)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return absolute


def check_body(body: bytes, reader: str) -> None:
    """ReadError for an empty body or a binary one (NUL bytes outside UTF-16)."""
    if not body.strip():
        raise ReadError(f"{reader}: the page is empty")
    utf16 = body.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in body[:1024] and not utf16:
        raise ReadError(f"{reader}: the body is binary, not an HTML page")


def decode_page(body: bytes) -> str:
    """The page as text: UTF-16 by its BOM, UTF-8, else its declared charset, else Windows-1252."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.decode("utf-16", "replace")
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(body[:4096])
    try:
        return body.decode(declared[1].decode("ascii") if declared else "cp1252", "replace")
    except LookupError:
        return body.decode("cp1252", "replace")


def parse_page(body: bytes, reader: str) -> lxml.html.HtmlElement:
    """The HTML document of ``body``; ReadError for an empty or binary body."""
    check_body(body, reader)
    try:
        body.decode("utf-8")
        parser = lxml.html.HTMLParser(encoding="utf-8")
    except UnicodeDecodeError:
        parser = lxml.html.HTMLParser()
    try:
        return lxml.html.document_fromstring(body, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"{reader}: the page has no HTML content ({exc})") from exc


def parse_xml(
    body: bytes, reader: str, *, unreadable: str = "not well-formed XML"
) -> etree._Element:
    """Untrusted XML parsed with no network and no entities; ``unreadable`` words the error."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"{reader}: the feed is {unreadable} ({exc})") from exc
    if root is None:
        raise ReadError(f"{reader}: the feed is empty")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ReadError(f"{reader}: XML entity declarations are refused")
    return root
