"""schema.org ``JobPosting`` JSON-LD in any page: every ``<script type="application/ld+json">``.

A block may hold one object, an array, an ``@graph``, an ``ItemList`` of ``ListItem.item`` or a
posting nested anywhere (e.g. ``WebPage.mainEntity``); ``@type`` may be a list or a full IRI.
Blocks are read tolerantly (HTML comment or CDATA wrappers, raw control characters, trailing
junk); a block that still is not JSON is skipped. A body that is itself JSON is read as one block.

``external_id`` is ``identifier`` (a PropertyValue's ``value`` or a plain value), else the
canonical posting ``url``; ``url`` is the posting's ``url``, else the page's canonical link, else
the page URL. ``location`` is each Place's ``name`` when it has one (sites fill the address with
defaults), else its locality, region and country with placeholders like "UNAVAILABLE" dropped,
joined with " | "; a ``TELECOMMUTE`` posting adds "Remote (…)" with its applicant location
requirements and is remote. A JobPosting without a title or an absolute URL is skipped; repeated
ids keep the first.
A page with no JobPosting is an empty Page; an empty or binary body raises ``ReadError``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from service.boards.base import Page, Posting, Reader, infer_remote
from service.boards.pages import absolute_url, canonical_url, parse_page
from service.boards.readers._json import finite_float, refuse_constant
from service.boards.text import clean, html_to_text, iso_datetime

NAME = "jsonld"

_PLACEHOLDERS = {
    "unavailable", "n/a", "na", "none", "null", "unknown", "undefined", "-", "--", "tbd",
    "not available", "not specified",
}  # fmt: skip
_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
_DECODER = json.JSONDecoder(strict=False, parse_constant=refuse_constant, parse_float=finite_float)
_MAX_DEPTH = 32
_EXTRA_SECTIONS = (
    ("responsibilities", "Responsibilities"),
    ("qualifications", "Qualifications"),
    ("skills", "Skills"),
    ("educationRequirements", "Education"),
    ("experienceRequirements", "Experience"),
)


def load_block(text: str) -> list[Any]:
    """Every JSON value in one ld+json block, tolerating wrappers and trailing junk."""
    text = _WRAPPERS.sub("", text.strip()).strip()
    values, index = [], 0
    while index < len(text):
        while index < len(text) and text[index] in " \t\r\n;,":
            index += 1
        if index >= len(text):
            break
        try:
            value, index = _DECODER.raw_decode(text, index)
        except (ValueError, RecursionError):
            break
        values.append(value)
    return values


def _types(node: dict[str, Any]) -> set[str]:
    """The node's ``@type``s without IRI or prefix (``schema:JobPosting`` -> ``JobPosting``)."""
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {re.split(r"[/:#]", n)[-1] for n in names if isinstance(n, str)}


def job_postings(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JobPosting object inside a JSON-LD value, in document order."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for entry in value:
            yield from job_postings(entry, depth + 1)
    elif isinstance(value, dict):
        if "JobPosting" in _types(value):
            yield value
            return
        for entry in value.values():
            if isinstance(entry, dict | list):
                yield from job_postings(entry, depth + 1)


def _text(value: Any) -> str | None:
    """A string (or number) value cleaned; a dict's ``name``; None for anything else."""
    if isinstance(value, dict):
        return _text(value.get("name"))
    if isinstance(value, list):
        return next((t for t in map(_text, value) if t), None)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = clean(value)
    return None if text is None or text.lower() in _PLACEHOLDERS else text


def _as_list(value: Any) -> list[Any]:
    """``value`` as a list: itself, one item, or empty for None."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _place(place: Any) -> str | None:
    """One Place (or plain string) as "name" or "locality, region, country"."""
    if not isinstance(place, dict):
        return _text(place)
    name = _text(place.get("name"))
    if name:
        return name
    address = place.get("address")
    if not isinstance(address, dict):
        return _text(address)
    parts = [_text(address.get(k)) for k in ("addressLocality", "addressRegion", "addressCountry")]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or None


def job_location(value: Any) -> str | None:
    """A ``jobLocation`` (one Place or a list) as the places joined with " | "."""
    places = [p for p in map(_place, _as_list(value)) if p]
    return " | ".join(dict.fromkeys(places)) or None


def _is_telecommute(node: dict[str, Any]) -> bool:
    """Whether ``jobLocationType`` says TELECOMMUTE."""
    kinds = _as_list(node.get("jobLocationType"))
    return any(isinstance(k, str) and k.strip().upper() == "TELECOMMUTE" for k in kinds)


def _location(node: dict[str, Any]) -> str | None:
    """Places, plus "Remote (requirements)" for a telecommute posting."""
    places = job_location(node.get("jobLocation"))
    if not _is_telecommute(node):
        return places
    wanted = [p for p in map(_text, _as_list(node.get("applicantLocationRequirements"))) if p]
    remote = f"Remote ({', '.join(wanted)})" if wanted else "Remote"
    return " | ".join(p for p in (places, remote) if p)


def _identifier(value: Any) -> str | None:
    """``identifier`` as text: a PropertyValue's ``value``, or the value itself."""
    for entry in _as_list(value):
        found = _text(entry.get("value")) if isinstance(entry, dict) else _text(entry)
        if found:
            return found
    return None


def _description(node: dict[str, Any]) -> str | None:
    """``description`` (literal "\\n" sequences made real) plus any requirement sections."""
    sections = []
    raw = node.get("description")
    if isinstance(raw, str):
        sections.append(html_to_text(raw.replace("\\n", "\n")))
    for key, heading in _EXTRA_SECTIONS:
        extra = node.get(key)
        if isinstance(extra, str) and (text := html_to_text(extra.replace("\\n", "\n"))):
            sections.append(f"{heading}\n\n{text}")
    return "\n\n".join(s for s in sections if s) or None


def _joined(value: Any) -> str | None:
    """A string or a list of strings joined with ", "."""
    texts = [t for t in map(_text, _as_list(value)) if t]
    return ", ".join(dict.fromkeys(texts)) or None


def posting_from_node(node: dict[str, Any], page_url: str, ats: str = NAME) -> Posting | None:
    """One JobPosting object as a Posting, or None without a title."""
    title = _text(node.get("title")) or _text(node.get("name"))
    if not title:
        return None
    own_url = node.get("url")
    own = absolute_url(own_url if isinstance(own_url, str) else None, page_url)
    absolute = own or absolute_url(page_url, page_url)
    if not absolute:
        return None
    url = canonical_url(absolute)
    location = _location(node)
    return Posting(
        external_id=_identifier(node.get("identifier")) or url,
        title=title,
        url=url,
        ats=ats,
        location=location,
        remote=True if _is_telecommute(node) else infer_remote(location),
        department=_text(node.get("department")) or _joined(node.get("occupationalCategory")),
        employment_type=_joined(node.get("employmentType")),
        posted_at=iso_datetime(node.get("datePosted")),
        updated_at=iso_datetime(node.get("dateModified")),
        description_text=_description(node),
    )


def _blocks(body: bytes, url: str) -> tuple[list[Any], str]:
    """The JSON values of every ld+json block and the page's own canonical URL."""
    stripped = body.lstrip()
    if stripped.startswith((b"{", b"[")):
        try:
            return load_block(stripped.decode("utf-8-sig")), url
        except UnicodeDecodeError:
            pass
    root = parse_page(body, NAME)
    values = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").split(";")[0].strip().lower()
        if kind == "application/ld+json" and script.text:
            values.extend(load_block(script.text))
    link = root.find(".//link[@rel='canonical'][@href]")
    canonical = absolute_url(link.get("href"), url) if link is not None else None
    return values, canonical_url(canonical) if canonical else url


def read(body: bytes, *, url: str) -> Page:
    """The JobPostings embedded in one page fetched from ``url``."""
    values, page_url = _blocks(body, url)
    postings: dict[str, Posting] = {}
    for node in job_postings(values):
        posting = posting_from_node(node, page_url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(postings=list(postings.values()))


READER = Reader(NAME, read)
