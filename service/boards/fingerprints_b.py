"""URL forms and careers-page fingerprints of Eightfold, Taleo and Phenom, as data.

Pure: no network. `board_token(url)` gives ``(kind, token)`` for a URL of one of these boards
(the token each reader's ``first_request`` takes); `page_board(url, html)` looks at a careers
page for the fingerprints the reference gives. Meant to be wired into `detect()`. A Taleo
career-section URL alone lacks the portal number its search needs: `taleo_section(url)` says
the page must be fetched, and `page_board` finds the portal in it. Phenom sites live on the
company's own host, so only their page tells them apart.
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


# --- Taleo Enterprise: {tenant}.taleo.net/careersection/{section}/jobsearch.ftl (the page holds
# the portal number the search needs) and the searchjobs API (?portal=); Business Edition:
# {pod}.tbe.taleo.net/{path}/ats/careers/v2/searchResults|viewRequisition?org=ORG&cws=N.
TALEO_HOST = re.compile(rf"^(?P<tenant>{_LABEL})\.taleo\.net$")
TALEO_TBE_HOST = re.compile(rf"^(?P<pod>{_LABEL})\.tbe\.taleo\.net$")
TALEO_SECTION_PATH = re.compile(r"^/careersection/(?P<section>[A-Za-z0-9_.-]+)/[a-z]+\.ftl$")
TALEO_TBE_PATH = re.compile(r"^/(?P<path>[A-Za-z0-9_.-]+)/ats/careers/")
TALEO_PORTAL_IN_PAGE = re.compile(r"""portalNo["']?\s*[:=]\s*["']?(?P<portal>\d{1,20})""")
TALEO_TBE_IN_PAGE = re.compile(
    r"https?://[a-z0-9-]+\.tbe\.taleo\.net/[A-Za-z0-9_.-]+/ats/careers/[^\s\"'<>]+", re.I
)
_CODE = re.compile(r"^[A-Za-z0-9_.-]+$")


def _first(query: dict[str, list[str]], name: str) -> str:
    return (query.get(name) or [""])[0].strip()


def _taleo(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    """``pod/path/ORG/cws`` of a Business Edition URL, ``tenant/section/portal`` of a search."""
    if tbe := TALEO_TBE_HOST.match(host):
        where = TALEO_TBE_PATH.match(path)
        org, cws = _first(query, "org"), _first(query, "cws")
        if where and _CODE.match(org) and cws.isdigit():
            return f"{tbe['pod']}/{where['path']}/{org}/{cws}"
        return None
    tenant = TALEO_HOST.match(host)
    section = _first(query, "section") or _first(query, "csNo")
    portal = _first(query, "portal")
    if tenant and path.startswith("/careersection/") and portal.isdigit() and _CODE.match(section):
        return f"{tenant['tenant']}/{section}/{portal}"
    return None


def taleo_section(url: str) -> tuple[str, str] | None:
    """``(tenant, section)`` of a career-section page URL: fetch it to find its portal."""
    try:
        parts = urlsplit(url if "//" in url else f"https://{url}")
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    tenant, section = TALEO_HOST.match(host), TALEO_SECTION_PATH.match(parts.path)
    return (tenant["tenant"], section["section"]) if tenant and section else None


def _taleo_in_page(page_url: str, html: str) -> str | None:
    """A section page's own board (its ``portalNo``), else a Business Edition link."""
    section = taleo_section(page_url)
    portal = TALEO_PORTAL_IN_PAGE.search(html)
    if section and portal:
        return f"{section[0]}/{section[1]}/{portal['portal']}"
    for link in TALEO_TBE_IN_PAGE.finditer(html):
        found = board_token(link.group(0).replace("&amp;", "&"))
        if found and found[0] == "taleo":
            return found[1]
    return None


# --- Phenom: careers sites on the company's own host, recognised by their page: Phenom's CDN
# (cdn.phenompeople.com) or its phApp globals (phApp.ddo, phApp.refNum / "refNum").
PHENOM_MARKS = re.compile(r"cdn\.phenompeople\.com|phApp\.(?:ddo|refNum)\b", re.I)
PHENOM_LOCALE_PATH = re.compile(r"^/(?P<prefix>[a-z]{2,8}/[a-z]{2,3})(?:/|$)", re.I)


def _phenom_in_page(page_url: str, html: str) -> str | None:
    """``host[/country/language]`` of a page carrying Phenom's fingerprints."""
    if not PHENOM_MARKS.search(html):
        return None
    try:
        parts = urlsplit(page_url if "//" in page_url else f"https://{page_url}")
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    locale = PHENOM_LOCALE_PATH.match(parts.path)
    return f"{host}/{locale['prefix'].lower()}" if locale else host


_URL_MATCHERS: dict[str, Callable[[str, str, dict[str, list[str]]], str | None]] = {
    "eightfold": _eightfold,
    "taleo": _taleo,
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
    query = parse_qs(parts.fragment) | parse_qs(parts.query)  # Taleo's section: the fragment
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
    "taleo": _taleo_in_page,
    "phenom": _phenom_in_page,
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
