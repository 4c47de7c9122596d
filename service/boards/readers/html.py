"""A plain careers page: job links found by heuristics, or by CSS selectors the user gives.

Heuristics: an anchor is a job link when its absolute http(s) URL is a posting on a known board
(Greenhouse, Lever, Ashby, …), carries a job id parameter (``gh_jid=``, ``jobId=``), or has a
path like ``/job/…``, ``/jobs/<slug>``, ``/careers/<slug>``, ``/positions/…``, ``/openings/…``
or ``/vacancies/…`` whose slug is not a listing or navigation page. Listing pages, login,
legal, social media, ``mailto:`` and ``javascript:`` links are left out. The title is the link's
own text (or the heading beside a generic "Apply" link); the location comes from an element
whose class or attributes mention "location" in the same item (or a "Location" table column).

Selectors: ``read(body, url=..., selectors=Selectors(item=..., title=..., link=..., location=...))``
takes every ``item``; inside it ``link`` (default: the item itself or its first link), ``title``
(default: the link text) and ``location`` (default: none). They run through soupsieve (bs4).

Either way ``external_id`` is the canonical absolute URL (no fragment, no ``utm_*`` or other
tracking parameters) and postings are deduplicated by it; a link without a title is skipped.
An empty or binary body raises ``ReadError``; a page without job links is an empty Page.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import lxml.html
import soupsieve
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag, XMLParsedAsHTMLWarning
from lxml import etree

from service.boards.base import Page, Posting, Reader, ReadError, infer_remote
from service.boards.pages import absolute_url, canonical_url, check_body, decode_page, parse_page

NAME = "html"

_JOB_WORDS = {
    "job", "jobs", "career", "careers", "position", "positions", "opening", "openings",
    "vacancy", "vacancies", "stellen", "stellenangebote", "offer", "offers",
}  # fmt: skip
_NAV_SLUGS = re.compile(
    r"^(search|all|list|index|apply|login|log-in|signin|sign-in|register|alerts?|saved|faq|"
    r"benefits|teams?|departments?|locations?|culture|values|life|about|students|internships?|"
    r"graduates?|early-careers|life-at-.*|working-at-.*|our-.*|how-we-.*|why-.*|"
    r"open-(positions|roles)|current-openings|all-jobs|job-search|(jobs|careers)(\.html?)?)$",
    re.I,
)
_NAV_PAGES = re.compile(
    r"(^|/)(login|signin|sign-in|register|privacy|privacy-policy|terms|cookies?|imprint|"
    r"impressum|legal|contact|sitemap)(\.\w+)?/?$",
    re.I,
)
_SOCIAL = re.compile(
    r"(^|\.)(linkedin|twitter|x|facebook|instagram|youtube|tiktok|glassdoor|xing|kununu|"
    r"github|medium)\.com$",
    re.I,
)
_ATS_HOSTS = re.compile(
    r"(^|\.)(greenhouse\.io|lever\.co|ashbyhq\.com|workable\.com|smartrecruiters\.com|"
    r"recruitee\.com|personio\.(de|com)|myworkdayjobs\.com|teamtailor\.com|bamboohr\.com|"
    r"icims\.com)$",
    re.I,
)
_JOB_PARAMS = {"gh_jid", "jobid", "job_id", "job", "jid", "vacancyid", "vacancy_id", "posting_id"}
_GENERIC_TEXT = re.compile(
    r"^(apply( now| here)?|view( job| details| position| role)?|details|learn more|read more|"
    r"more|see more|see details|open|\u2192|\u203a|\u00bb)$",
    re.I,
)
_SKIP_EXTENSIONS = re.compile(r"\.(png|jpe?g|gif|svg|css|js|ico|webp|zip)$", re.I)
_MAX_TITLE = 200


@dataclass(frozen=True, slots=True)
class Selectors:
    """CSS selectors for a careers page: each ``item`` holds one job's link, title, location."""

    item: str
    title: str | None = None
    link: str | None = None
    location: str | None = None


def _line(value: str | None) -> str | None:
    """``value`` on one line with single spaces; None when empty."""
    return (" ".join(value.split()) or None) if value else None


def is_job_url(url: str) -> bool:
    """Whether an absolute URL looks like one job posting rather than a listing or nav page."""
    parts = urlsplit(url)
    host, path = parts.hostname or "", parts.path
    if _SOCIAL.search(host) or _NAV_PAGES.search(path) or _SKIP_EXTENSIONS.search(path):
        return False
    params = {k.lower() for k, _ in parse_qsl(parts.query)}
    if params & _JOB_PARAMS:
        return True
    segments = [s for s in re.sub(r"/apply/?$", "", path).split("/") if s]
    if _ATS_HOSTS.search(host):
        return len(segments) >= 2 and not _NAV_SLUGS.match(segments[-1])
    keywords = [s.lower() for s in segments[:-1] if s.lower() in _JOB_WORDS]
    if not keywords or _NAV_SLUGS.match(segments[-1]):
        return False
    # "/job/x" is a posting; after "/jobs/" or "/careers/" the slug must look like one.
    return "job" in keywords or bool(re.search(r"[\d_-]", segments[-1]))


def _class_words(element: etree._Element) -> str:
    """Class, id, itemprop and data-* attribute names and values, lower-cased, for matching."""
    names = " ".join(f"{k} {v}" for k, v in element.attrib.items() if k != "href")
    return names.lower()


def _find_marked(scope: etree._Element, word: str) -> str | None:
    """Text (or ``data-{word}`` value) of the first element in ``scope`` marked with ``word``."""
    value = scope.get(f"data-{word}")
    if value:
        return _line(value)
    for element in scope.iter():
        if isinstance(element.tag, str) and element is not scope and word in _class_words(element):
            text = _line(element.get(f"data-{word}") or element.text_content())
            if text:
                return text
    return None


def _container(anchor: etree._Element, job_anchors: set[etree._Element]) -> etree._Element:
    """The largest ancestor (at most 4 up) that holds no other job link than ``anchor``."""
    best = anchor
    parent = anchor.getparent()
    for _ in range(4):
        if parent is None or parent.tag in ("body", "html"):
            break
        others = (a for a in parent.iter("a") if a in job_anchors and a is not anchor)
        if next(others, None) is not None:
            break
        best, parent = parent, parent.getparent()
    return best


_BLOCK = {"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "br", "section"}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_NOT_TITLE = ("location", "department", "date", "meta", "tag", "badge")


def _text_without(element: etree._Element, skip: tuple[str, ...]) -> str:
    """Text of ``element`` leaving out scripts, comments and children marked with ``skip``."""
    pieces = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in ("script", "style"):
            words = _class_words(child)
            if not any(w in words for w in skip):
                gap = " " if child.tag in _BLOCK else ""
                pieces.append(gap + _text_without(child, skip) + gap)
        pieces.append(child.tail or "")
    return "".join(pieces)


def _heading(scope: etree._Element) -> str | None:
    """Text of the first heading or element whose class mentions "title" inside ``scope``."""
    for element in scope.iter():
        if not isinstance(element.tag, str) or element is scope:
            continue
        if element.tag in _HEADINGS or "title" in (element.get("class") or "").lower():
            text = _line(element.text_content())
            if text:
                return text
    return None


def _usable(title: str | None) -> str | None:
    """``title`` unless it is empty, generic ("Apply now") or too long to be a job title."""
    if not title or _GENERIC_TEXT.match(title) or len(title) > _MAX_TITLE:
        return None
    return title


def _title(anchor: etree._Element, container: etree._Element) -> str | None:
    """The job title: a heading in the link, its own text, a heading beside it, its label."""
    candidates = (
        lambda: _heading(anchor),
        lambda: _line(_text_without(anchor, _NOT_TITLE)),
        lambda: _heading(container) if container is not anchor else None,
        lambda: _line(anchor.get("title") or anchor.get("aria-label")),
    )
    for candidate in candidates:
        title = _usable(candidate())
        if title:
            return title
    return None


_Headers = dict[etree._Element, tuple[etree._Element | None, list[str]]]


def _table_header(
    table: etree._Element, headers: _Headers
) -> tuple[etree._Element | None, list[str]]:
    """The header row of ``table`` and its column names, found once per table."""
    if table not in headers:
        header = next((row for row in table.iter("tr") if row.find("th") is not None), None)
        names = (
            []
            if header is None
            else [_line(c.text_content()) or "" for c in header if c.tag in ("th", "td")]
        )
        headers[table] = (header, names)
    return headers[table]


def _table_cell(container: etree._Element, word: str, headers: _Headers) -> str | None:
    """The cell of a table row under the column headed ``word`` (e.g. "Location")."""
    if container.tag != "tr":
        return None
    table = next(container.iterancestors("table"), None)
    if table is None:
        return None
    header, names = _table_header(table, headers)
    if header is None or header is container:
        return None
    cells = [c for c in container if c.tag in ("th", "td")]
    for index, name in enumerate(names):
        if word in name.lower() and index < len(cells):
            return _line(cells[index].text_content())
    return None


def _posting(
    anchor: etree._Element, url: str, job_anchors: set[etree._Element], headers: _Headers
) -> Posting | None:
    """One job link as a Posting, or None when no title can be found."""
    container = _container(anchor, job_anchors)
    title = _title(anchor, container)
    if title is None:
        return None
    location = _find_marked(container, "location") or _table_cell(container, "location", headers)
    department = _find_marked(container, "department") or _table_cell(
        container, "department", headers
    )
    canonical = canonical_url(url)
    return Posting(
        external_id=canonical,
        title=title,
        url=canonical,
        ats=NAME,
        location=location,
        remote=infer_remote(location, title),
        department=department,
    )


def _read_heuristics(root: lxml.html.HtmlElement, url: str) -> list[Posting]:
    """Postings from every anchor that looks like a job link."""
    base_element = root.find(".//base[@href]")
    base = absolute_url(base_element.get("href"), url) if base_element is not None else None
    page = canonical_url(url) if absolute_url(url, url) else None
    links = []
    for anchor in root.iter("a"):
        absolute = absolute_url(anchor.get("href"), base or url)
        if absolute and is_job_url(absolute) and canonical_url(absolute) != page:
            links.append((anchor, absolute))
    job_anchors = {anchor for anchor, _ in links}
    headers: _Headers = {}
    return [p for a, u in links if (p := _posting(a, u, job_anchors, headers)) is not None]


def _compile(selectors: Selectors) -> dict[str, soupsieve.SoupSieve]:
    """The user's selectors compiled; ReadError names the one that is not valid CSS."""
    compiled = {}
    for field in ("item", "title", "link", "location"):
        selector = getattr(selectors, field)
        if selector is None:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)
                compiled[field] = soupsieve.compile(selector)
        except (soupsieve.SelectorSyntaxError, TypeError, ValueError) as exc:
            raise ReadError(f"{NAME}: the {field} selector {selector!r} is not valid CSS") from exc
    return compiled


def _select_text(item: Tag, pattern: soupsieve.SoupSieve | None) -> str | None:
    """Cleaned text of the first match of ``pattern`` inside ``item``."""
    found = pattern.select_one(item) if pattern is not None else None
    return _line(found.get_text(" ")) if found is not None else None


def _read_selectors(body: bytes, url: str, selectors: Selectors) -> list[Posting]:
    """Postings from the items, titles, links and locations the user's selectors pick."""
    compiled = _compile(selectors)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(decode_page(body), "lxml")
    base_tag = soup.find("base", href=True)
    base_href = base_tag.get("href") if isinstance(base_tag, Tag) else None
    url = absolute_url(base_href if isinstance(base_href, str) else None, url) or url
    postings = []
    for item in compiled["item"].select(soup):
        link = compiled["link"].select_one(item) if "link" in compiled else None
        if link is None and "link" not in compiled:
            link = item if item.name == "a" else item.find("a", href=True)
        href = link.get("href") if isinstance(link, Tag) else None
        absolute = absolute_url(href if isinstance(href, str) else None, url)
        link_text = _line(link.get_text(" ")) if isinstance(link, Tag) else None
        title = _usable(_select_text(item, compiled["title"]) if "title" in compiled else link_text)
        if absolute is None or title is None:
            continue
        location = _select_text(item, compiled.get("location"))
        canonical = canonical_url(absolute)
        remote = infer_remote(location, title)
        postings.append(
            Posting(canonical, title, canonical, NAME, location=location, remote=remote)
        )
    return postings


def read(body: bytes, *, url: str, selectors: Selectors | None = None) -> Page:
    """Job postings linked from one careers page fetched from ``url``."""
    if selectors is None:
        found = _read_heuristics(parse_page(body, NAME), url)
    else:
        check_body(body, NAME)
        found = _read_selectors(body, url, selectors)
    postings: dict[str, Posting] = {}
    for posting in found:
        postings.setdefault(posting.external_id, posting)
    return Page(postings=list(postings.values()))


READER = Reader(NAME, read)
