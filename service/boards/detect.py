"""Which job board a URL or a company's careers page points at, and the board's token.

Pure: no network. ``detect(url)`` recognises the hosted board and API URL forms of every board
reader (job-detail URLs under a board give the board itself). With the page's ``html`` it also
looks for an embedded or linked board (iframes, scripts, ``data-domain``, links, URLs and
Greenhouse ``urlToken``/``boardToken`` in inline scripts, Recruitee's CDN on a company's own
domain, the enterprise boards' page fingerprints in `service.boards.detect_enterprise` and
`service.boards.fingerprints_b`), then
for schema.org ``JobPosting`` JSON-LD (``jsonld``), and falls back to ``html``. For ``jsonld``
and ``html`` the token and ``api_url`` are the page URL itself (so a Taleo career section's
page, which holds its portal number, is fetched and given back).
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

from service.boards.detect_enterprise import board_token, site_token
from service.boards.detect_hr import board_token as hr_board_token
from service.boards.detect_smb import board_token as smb_board_token
from service.boards.fingerprints_b import board_token as board_token_b
from service.boards.fingerprints_b import page_board, taleo_section
from service.boards.readers import READER_NAMES, get_reader
from service.boards.readers.jsonld import job_postings, load_block


class DetectError(ValueError):
    """The text given is not a web address at all."""


@dataclass(frozen=True, slots=True)
class Board:
    """A detected board: the reader to use, its token and the URL of its first request."""

    ats: str
    token: str
    api_url: str

    def to_dict(self) -> dict[str, str]:
        return {"ats": self.ats, "token": self.token, "api_url": self.api_url}


@dataclass(frozen=True, slots=True)
class _Url:
    """The parts of a URL the matchers look at."""

    host: str
    segments: list[str]
    query: dict[str, list[str]]


_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_ASHBY_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")
_LABEL = r"([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)"
_LOCALE = re.compile(r"^[a-z]{2}(?:-[A-Za-z]{2,4})?$")
_BARE_HOST = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:[/?#]|$)")

_GREENHOUSE_HOSTS = frozenset(
    {"boards.greenhouse.io", "job-boards.greenhouse.io", "job-boards.eu.greenhouse.io",
     "boards.eu.greenhouse.io"}
)  # fmt: skip
_GREENHOUSE_API_HOSTS = frozenset({"boards-api.greenhouse.io", "boards-api.eu.greenhouse.io"})
_LEVER_HOSTS = {"jobs.lever.co": "", "api.lever.co": "", "jobs.eu.lever.co": "eu:",
                "api.eu.lever.co": "eu:"}  # fmt: skip
_SMARTRECRUITERS_HOSTS = frozenset({"jobs.smartrecruiters.com", "careers.smartrecruiters.com"})
_WORKABLE_SUB = re.compile(rf"^{_LABEL}\.workable\.com$")
_RECRUITEE_SUB = re.compile(rf"^{_LABEL}\.recruitee\.com$")
_PERSONIO_SUB = re.compile(rf"^{_LABEL}\.jobs\.personio\.(de|com)$")
_WORKDAY_SUB = re.compile(rf"^{_LABEL}\.(wd\d+)\.myworkdayjobs\.com$")
_BAMBOOHR_SUB = re.compile(rf"^{_LABEL}\.bamboohr\.com$")
_TEAMTAILOR_SUB = re.compile(rf"^{_LABEL}\.teamtailor\.com$")
# Vendor subdomains that are the vendor's own site, not a customer's board.
_VENDOR_SUBDOMAINS = frozenset(
    {"www", "www2", "api", "app", "apply", "jobs", "help", "support", "docs", "blog", "status",
     "resources", "developers", "partners", "marketplace", "cdn", "assets", "static", "go",
     "info", "learn", "community", "careers", "career", "login", "my", "get", "try", "hire"}
)  # fmt: skip
# First path segments of a customer's subdomain board: a page's link elsewhere is not evidence.
_BOARD_PATHS = {
    "bamboohr": frozenset({"careers", "jobs"}),
    "teamtailor": frozenset({"jobs", "jobs.rss"}),
    "workable": frozenset({"", "j", "jobs"}),
    "recruitee": frozenset({"", "o", "api"}),
    "personio": frozenset({"", "job", "xml", "search.json"}),
}


def _greenhouse(url: _Url) -> str | None:
    """``boards[.eu]/job-boards[.eu]`` board or embed, or the boards API."""
    segs = url.segments
    if url.host in _GREENHOUSE_API_HOSTS:
        return segs[2] if len(segs) > 2 and segs[:2] == ["v1", "boards"] else None
    if url.host not in _GREENHOUSE_HOSTS:
        return None
    if url.query.get("for"):
        return url.query["for"][0]
    return segs[0] if segs and segs[0] != "embed" else None


def _lever(url: _Url) -> str | None:
    """``jobs[.eu].lever.co/{site}`` or its API; the EU instance's sites are ``eu:{site}``."""
    if url.host not in _LEVER_HOSTS:
        return None
    segs = url.segments
    if url.host.startswith("api."):
        site = segs[2] if len(segs) > 2 and segs[:2] == ["v0", "postings"] else None
    else:
        site = segs[0] if segs else None
    return _LEVER_HOSTS[url.host] + site if site and _TOKEN.match(site) else None


def _ashby(url: _Url) -> str | None:
    """``jobs.ashbyhq.com/{board}`` or ``api.ashbyhq.com/posting-api/job-board/{board}``."""
    segs = url.segments
    if url.host == "api.ashbyhq.com":
        ok = len(segs) > 2 and segs[:2] == ["posting-api", "job-board"]
        return segs[2] if ok else None
    if url.host == "jobs.ashbyhq.com" and segs and segs[0] != "api":
        return segs[0]
    return None


def _workable(url: _Url) -> str | None:
    """``apply.workable.com/{account}``, its widget/v3 API, or ``{account}.workable.com``."""
    segs = url.segments
    if url.host == "apply.workable.com":
        if segs[:1] == ["api"]:
            at = segs.index("accounts") if "accounts" in segs else -1
            return segs[at + 1] if 0 <= at < len(segs) - 1 else None
        return segs[0] if segs and segs[0] != "j" else None
    match = _WORKABLE_SUB.match(url.host)
    if match and match[1] not in _VENDOR_SUBDOMAINS:
        return match[1]
    return None


def _smartrecruiters(url: _Url) -> str | None:
    """``jobs.``/``careers.smartrecruiters.com/{company}`` or the v1 postings API."""
    segs = url.segments
    if url.host == "api.smartrecruiters.com":
        return segs[2] if len(segs) > 2 and segs[:2] == ["v1", "companies"] else None
    if url.host in _SMARTRECRUITERS_HOSTS and segs and segs[0] not in ("oneclick-ui", "sr-jobs"):
        return segs[0]
    return None


def _subdomain(pattern: re.Pattern[str]) -> Callable[[_Url], str | None]:
    """A matcher taking the token from the customer's own subdomain of a vendor host."""

    def match(url: _Url) -> str | None:
        found = pattern.match(url.host)
        return found[1] if found and found[1] not in _VENDOR_SUBDOMAINS else None

    return match


def _workday(url: _Url) -> str | None:
    """``{tenant}.wdN.myworkdayjobs.com/[xx-XX/]{site}`` or its CXS API: ``tenant/wdN/site``."""
    found = _WORKDAY_SUB.match(url.host)
    if not found:
        return None
    tenant, pod = found[1], found[2]
    segs = url.segments
    if segs[:2] == ["wday", "cxs"]:
        site = segs[3] if len(segs) > 3 else None
    else:
        rest = segs[1:] if segs and _LOCALE.match(segs[0]) else segs
        site = rest[0] if rest else None
    if not site or not _TOKEN.match(site):
        return None
    return f"{tenant}/{pod}/{site}"


_MATCHERS: tuple[tuple[str, Callable[[_Url], str | None]], ...] = (
    ("greenhouse", _greenhouse),
    ("lever", _lever),
    ("ashby", _ashby),
    ("workable", _workable),
    ("smartrecruiters", _smartrecruiters),
    ("recruitee", _subdomain(_RECRUITEE_SUB)),
    ("personio", _subdomain(_PERSONIO_SUB)),
    ("workday", _workday),
    ("bamboohr", _subdomain(_BAMBOOHR_SUB)),
    ("teamtailor", _subdomain(_TEAMTAILOR_SUB)),
)


def _absolute(url: str) -> str:
    """``url`` with a scheme: ``//host/...`` and bare ``host.tld/...`` become https."""
    if url.startswith("//"):
        return "https:" + url
    if "://" not in url and _BARE_HOST.match(url):
        return "https://" + url
    return url


def _split(url: str) -> _Url | None:
    """The host, path segments and query of an http(s) URL; None for anything else."""
    try:
        parts = urlsplit(_absolute(url))
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    host = host.rstrip(".").removeprefix("www.")
    segments = [unquote(s).strip() for s in parts.path.split("/") if s.strip()]
    return _Url(host=host, segments=segments, query=parse_qs(parts.query))


def _board_token(url: str) -> tuple[str, str] | None:
    """(ats, token) when ``url`` is one of the known board or API URL forms."""
    parts = _split(url)
    if parts is None:
        return None
    for ats, matcher in _MATCHERS:
        token = matcher(parts)
        if token is None:
            continue
        pattern = _ASHBY_TOKEN if ats == "ashby" else _TOKEN
        if ats in ("workday", "lever") or pattern.match(token):
            return ats, token
        return None
    found = board_token(parts.host, parts.segments, parts.query) or board_token_b(url)
    found = found or hr_board_token(parts.host, parts.segments, parts.query)
    found = found or smb_board_token(parts.host, parts.segments, parts.query)
    return found if found and found[0] in READER_NAMES else None


def _board(ats: str, token: str, board_url: str) -> Board | None:
    """The Board for a token (``api_url`` from the reader's first request, else ``board_url``).

    None when the reader refuses the token (its ``first_request`` raises ValueError).
    """
    first_request = get_reader(ats).first_request
    if first_request is None:
        return Board(ats=ats, token=token, api_url=_absolute(board_url))
    try:
        return Board(ats=ats, token=token, api_url=first_request(token).url)
    except ValueError:
        return None


def _board_at(url: str) -> Board | None:
    """The board when ``url`` is one of the known board or API URL forms, else None."""
    found = _board_token(url)
    return _board(*found, url) if found else None


def page_url(url: str) -> str:
    """The URL as given, with a scheme; DetectError when it is not an http(s) address."""
    text = url.strip() if isinstance(url, str) else ""
    if not text:
        raise DetectError("not a URL: nothing was given")
    if any(ch.isspace() for ch in text):
        raise DetectError(f"not a URL: {text[:80]!r} contains spaces")
    parts = _split(text)
    if parts is None:
        raise DetectError(f"not a URL: {text[:80]!r} is not an http(s) address")
    if "." not in parts.host and parts.host != "localhost" and ":" not in parts.host:
        raise DetectError(f"not a URL: {parts.host!r} is not a host name")
    return _absolute(text)


# --- careers pages ------------------------------------------------------------------------

_URL_IN_TEXT = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?[^\s\"'<>`\\)]*")
_GREENHOUSE_TOKEN = re.compile(
    r"""["']?(?:urlToken|boardToken|board_token)["']?\s*[:=]\s*["']([A-Za-z0-9._-]+)["']"""
)
_RECRUITEE_MARKER = re.compile(r"recruiteecdn\.com|window\.recruitee\b", re.IGNORECASE)


def _document(page_html: str) -> etree._Element | None:
    """The parsed page, or None when lxml cannot make a tree of it."""
    try:
        return lxml_html.document_fromstring(page_html)
    except (etree.ParserError, ValueError):
        try:
            return lxml_html.document_fromstring(page_html.encode("utf-8", "replace"))
        except (etree.ParserError, ValueError):
            return None


def _embeds(doc: etree._Element) -> Iterator[str]:
    """URLs of embedded boards: iframe and script sources, ``data-*`` board domains."""
    for element in doc.iter("iframe", "script", "embed", "object"):
        yield element.get("src") or element.get("data") or ""
    for element in doc.xpath("//*[@data-domain or @data-src or @data-url]"):
        for name in ("data-domain", "data-src", "data-url"):
            yield element.get(name) or ""


def _links(doc: etree._Element) -> Iterator[str]:
    """URLs of links, forms and link elements."""
    for element in doc.iter("a", "link", "area", "form"):
        yield element.get("href") or element.get("action") or ""


def _on_board_path(ats: str, url: str) -> bool:
    """False for a customer subdomain URL outside its board (``acme.bamboohr.com/login``)."""
    parts = _split(url)
    paths = _BOARD_PATHS.get(ats)
    if parts is None or paths is None or parts.host == "apply.workable.com":
        return True
    return (parts.segments[0] if parts.segments else "") in paths


def _most_common(urls: Iterable[str], *, links: bool) -> Board | None:
    """The board seen most often among ``urls``, the first seen winning a tie.

    A link (rather than an embed) to a customer subdomain counts only on the board's own path.
    """
    counts: Counter[Board] = Counter()
    for raw in urls:
        url = html_lib.unescape(raw.strip())
        found = _board_token(url)
        if found is None or (links and not _on_board_path(found[0], url)):
            continue
        board = _board(*found, url)
        if board is not None:
            counts[board] += 1
    return counts.most_common(1)[0][0] if counts else None


def _embedded_board(page_html: str, doc: etree._Element | None) -> Board | None:
    """The board a careers page (parsed as ``doc``) embeds or links to, strongest first."""
    tiers: list[tuple[Iterable[str], bool]] = []
    if doc is not None:
        tiers += [(_embeds(doc), False), (_links(doc), True)]
    text = page_html.replace("\\/", "/")
    tiers.append(((m[0] for m in _URL_IN_TEXT.finditer(text)), True))
    for urls, links in tiers:
        found = _most_common(urls, links=links)
        if found:
            return found
    token = _GREENHOUSE_TOKEN.search(text)
    return _board("greenhouse", token[1], "") if token else None


def _recruitee_site(address: str, page_html: str) -> Board | None:
    """A Recruitee careers site on the company's own domain: its offers API is on that host."""
    if not _RECRUITEE_MARKER.search(page_html):
        return None
    host = urlsplit(address).hostname
    return _board("recruitee", host, address) if host else None


def _has_job_posting(doc: etree._Element | None) -> bool:
    """True when a JSON-LD block on the page holds a schema.org JobPosting."""
    if doc is None:
        return False
    blocks = (
        load_block(script.text)
        for script in doc.iter("script")
        if "ld+json" in (script.get("type") or "").lower() and script.text
    )
    return any(next(job_postings(values), None) is not None for values in blocks)


def detect(url: str, html: str | None = None) -> Board:
    """The board behind ``url`` (and the careers page ``html`` fetched from it, when given)."""
    address = page_url(url)
    board = _board_at(address)
    if board is not None:
        return board
    if not html and taleo_section(address):  # its page holds the portal number: fetch it
        return Board(ats="html", token=address, api_url=address)
    doc = _document(html) if html else None
    if html:
        board = _embedded_board(html, doc) or _recruitee_site(address, html)
        site = None if board else site_token(address, html) or page_board(address, html)
        if site and site[0] in READER_NAMES:
            board = _board(*site, address)
    if board is not None:
        return board
    kind = "jsonld" if _has_job_posting(doc) else "html"
    return Board(ats=kind, token=address, api_url=address)
