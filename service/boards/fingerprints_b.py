"""URL forms and careers-page fingerprints of Eightfold, Taleo and Phenom, as data.

Pure: no network. `board_token(url)` gives ``(kind, token)`` for a URL of one of these boards
(the token each reader's ``first_request`` takes); `page_board(url, html)` looks at a careers
page for the fingerprints the reference gives. Meant to be wired into `detect()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_DOMAIN = re.compile(r"^[a-z0-9.-]+\.[a-z]{2,}$")

# --- Eightfold: {tenant}.eightfold.ai/careers?domain=…, /careers/job/{id}, /api/apply/v2/jobs
EIGHTFOLD_HOST = re.compile(rf"^(?P<tenant>{_LABEL})\.eightfold\.ai$")
EIGHTFOLD_IN_PAGE = re.compile(
    rf"(?:https?:)?//(?P<tenant>{_LABEL})\.eightfold\.ai/(?:careers|api/apply)"
    r"[^\s\"'<>]*?(?:[?&](?:amp;)?domain=(?P<domain>[A-Za-z0-9.-]+))?(?=[\s\"'<>&]|$)",
    re.I,
)


def _eightfold(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    """``tenant`` or ``tenant/domain`` of an Eightfold careers, job or API URL."""
    match = EIGHTFOLD_HOST.match(host)
    if match is None or not path.startswith(("/careers", "/api/apply/")):
        return None
    domain = (query.get("domain") or [""])[0].lower()
    return f"{match['tenant']}/{domain}" if _DOMAIN.match(domain) else match["tenant"]


_URL_MATCHERS: dict[str, Callable[[str, str, dict[str, list[str]]], str | None]] = {
    "eightfold": _eightfold,
}


def board_token(url: str) -> tuple[str, str] | None:
    """``(kind, token)`` when ``url`` is one of these boards' URL forms, else None."""
    text = url.strip()
    if "//" not in text:
        text = f"https://{text}"
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    query = parse_qs(parts.query)
    for kind, matcher in _URL_MATCHERS.items():
        token = matcher(host, parts.path or "/", query)
        if token:
            return kind, token
    return None


def _eightfold_in_page(page_url: str, html: str) -> str | None:
    """The Eightfold board a careers page links to or embeds."""
    found = EIGHTFOLD_IN_PAGE.search(html)
    if found is None:
        return None
    domain = (found["domain"] or "").lower()
    tenant = found["tenant"].lower()
    return f"{tenant}/{domain}" if _DOMAIN.match(domain) else tenant


_PAGE_MATCHERS: dict[str, Callable[[str, str], str | None]] = {
    "eightfold": _eightfold_in_page,
}


def page_board(page_url: str, html: str) -> tuple[str, str] | None:
    """``(kind, token)`` of the board a careers page at ``page_url`` shows, else None."""
    found = board_token(page_url)
    if found:
        return found
    for kind, matcher in _PAGE_MATCHERS.items():
        token = matcher(page_url, html)
        if token:
            return kind, token
    return None
