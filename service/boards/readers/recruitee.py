"""Recruitee careers API: ``https://{company}.recruitee.com/api/offers/`` (custom domains too).

The whole board comes in one ``{"offers": [...]}`` response, no paging. The token is the company
subdomain, or a whole host name (``jobs.acme.com``) for a careers site on its own domain.
``external_id`` is the offer ``id``; ``url`` is ``careers_url`` (else ``url``, else
``/o/{slug}`` on the host the offers came from). Offers whose ``status`` is present and not
"published" are left out. ``posted_at`` is ``published_at`` (else ``created_at``), ``updated_at``
is ``updated_at`` (Recruitee writes "YYYY-MM-DD HH:MM:SS UTC"). ``remote`` is the board's own
``remote`` (hybrid offers say false), else clear wording in the location. ``location`` is the
offer's ``location`` text as the board shows it, else its ``locations[]`` names joined with
" | ", else city, state and country. ``employment_type`` is the board's code (e.g.
``fulltime_permanent``). The description joins ``description`` and ``requirements``. An offer
without ``id``, ``title`` or a usable link is skipped; optional fields of an unexpected type read
as missing; a repeated ``id`` keeps its first offer. Any other payload shape raises ``ReadError``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from service.boards.base import Page, PageRequest, Posting, Reader, ReadError, infer_remote
from service.boards.readers._json import (
    absolute_link,
    json_kind,
    json_objects,
    json_text,
    load_json,
)
from service.boards.text import html_to_text, iso_datetime

NAME = "recruitee"
_SUBDOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def first_request(token: str) -> PageRequest:
    """The offers of ``{token}.recruitee.com``, or of the host ``token`` when it has a dot."""
    name = token.strip().strip("/").lower()
    if _SUBDOMAIN.fullmatch(name):
        return PageRequest(url=f"https://{name}.recruitee.com/api/offers/")
    if _HOST.fullmatch(name):
        return PageRequest(url=f"https://{name}/api/offers/")
    raise ValueError(f"{NAME}: {token!r} is not a company subdomain or a host name")


def _date(value: object) -> str | None:
    """ISO 8601 from Recruitee's "2026-08-11 20:45:29 UTC" (or any form iso_datetime reads)."""
    if isinstance(value, str) and value.strip().endswith(" UTC"):
        value = value.strip()[:-4] + "+00:00"
    return iso_datetime(value)


def _offers(data: Any) -> list[Any]:
    """The ``offers`` list; ReadError for any other shape."""
    if isinstance(data, dict) and isinstance(data.get("offers"), list):
        return data["offers"]
    raise ReadError(f"{NAME}: expected an object with an 'offers' list, got {json_kind(data)}")


def _location(offer: dict[str, Any]) -> str | None:
    """``location`` as shown, else the ``locations[]`` names, else city, state and country."""
    shown = json_text(offer.get("location"))
    if shown:
        return shown
    entries = offer.get("locations")
    names = [
        json_text(e.get("name")) or json_text(e.get("city"))
        for e in (entries if isinstance(entries, list) else [])
        if isinstance(e, dict)
    ]
    joined = " | ".join(dict.fromkeys(n for n in names if n))
    if joined:
        return joined
    parts = (json_text(offer.get(k)) for k in ("city", "state_name", "country"))
    return ", ".join(dict.fromkeys(p for p in parts if p)) or None


def _description(offer: dict[str, Any]) -> str | None:
    """Description then requirements as one plain text."""
    parts = []
    for key in ("description", "requirements"):
        markup = offer.get(key)
        parts.append(html_to_text(markup) if isinstance(markup, str) else None)
    return "\n\n".join(p for p in parts if p) or None


def _link(offer: dict[str, Any], url: str) -> str | None:
    """``careers_url``, else ``url``, else ``/o/{slug}`` on the host the offers came from."""
    link = absolute_link(offer.get("careers_url"), url) or absolute_link(offer.get("url"), url)
    slug = json_text(offer.get("slug"))
    if link or not slug:
        return link
    return absolute_link(f"/o/{quote(slug, safe='')}", url)


def _posting(offer: dict[str, Any], url: str) -> Posting | None:
    """One published offer as a Posting, or None when unpublished or without id, title or link."""
    status = offer.get("status")
    if status is not None and status != "published":
        return None
    offer_id, title, link = (
        json_text(offer.get("id")),
        json_text(offer.get("title")),
        _link(offer, url),
    )
    if not offer_id or not title or not link:
        return None
    location = _location(offer)
    remote = offer.get("remote")
    return Posting(
        external_id=offer_id,
        title=title,
        url=link,
        ats=NAME,
        location=location,
        remote=remote if isinstance(remote, bool) else infer_remote(location),
        department=json_text(offer.get("department")),
        employment_type=json_text(offer.get("employment_type_code")),
        posted_at=_date(offer.get("published_at")) or _date(offer.get("created_at")),
        updated_at=_date(offer.get("updated_at")),
        description_text=_description(offer),
    )


def read(body: bytes, *, url: str) -> Page:
    """Published postings of one Recruitee offers response fetched from ``url``."""
    postings: dict[str, Posting] = {}
    for offer in json_objects(_offers(load_json(body, NAME)), f"{NAME}: offers"):
        posting = _posting(offer, url)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(postings=list(postings.values()))


READER = Reader(NAME, read, first_request)
