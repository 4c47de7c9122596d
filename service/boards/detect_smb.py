"""Detection of the boards smaller employers use: Rippling, Breezy, Pinpoint, Jobvite, JazzHR.

`board_token` recognises a board from the parts of a URL (host, path segments, query), each
kind's token being what its reader's ``first_request`` takes:

- Rippling: ``ats.rippling.com/[{locale}/]{slug}/jobs[/{uuid}]`` and its v1 and v2 APIs
  (``api.rippling.com/platform/api/ats/v1/board/{slug}/jobs``,
  ``ats.rippling.com/api/v2/board/{slug}/jobs``) → ``slug``.
- Breezy HR: ``{company}.breezy.hr[/…]`` (its ``/json`` list, ``/p/{job}`` pages) → ``company``.
- Pinpoint: ``{company}.pinpointhq.com[/…]`` (``postings.json``, ``/en/postings/{uuid}``) →
  ``company``.
- Jobvite: ``jobs.jobvite.com/{tenant}[/search|/jobs|/job/{id}]`` → ``tenant``.
- JazzHR: ``{company}.applytojob.com[/apply/…]`` → ``company``.

The vendors' own subdomains (``www``, ``app``, ``api``, …) are no board. A careers page that
links to or frames one of these is found by `service.boards.detect` through the same forms.

Pure: no network, no Flask.
"""

from __future__ import annotations

import re

_LOCALE = re.compile(r"^[a-z]{2}(?:[-_][A-Za-z]{2})?$")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_BREEZY = re.compile(r"^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.breezy\.hr$")
_JAZZHR = re.compile(r"^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.applytojob\.com$")
_PINPOINT = re.compile(r"^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.pinpointhq\.com$")
_VENDOR = frozenset(
    {"www", "app", "api", "help", "support", "blog", "developer", "developers", "status",
     "marketplace", "attachments", "assets", "cdn", "static", "gui"}
)  # fmt: skip


def _rippling(host: str, segments: list[str]) -> str | None:
    """The board slug of a Rippling board page or API URL."""
    if host not in ("ats.rippling.com", "api.rippling.com"):
        return None
    if "board" in segments and segments[:1] in (["api"], ["platform"]):
        at = segments.index("board")
        slug = segments[at + 1] if at + 1 < len(segments) else ""
        return slug if _SLUG.match(slug) else None
    if host != "ats.rippling.com":
        return None
    if len(segments) > 2 and _LOCALE.match(segments[0]) and segments[1] != "jobs":
        segments = segments[1:]
    if len(segments) >= 2 and segments[1] == "jobs" and _SLUG.match(segments[0]):
        return segments[0]
    return None


def _company(pattern: re.Pattern[str], host: str) -> str | None:
    """The company subdomain of a board host (``{company}.breezy.hr``), not the vendor's own."""
    found = pattern.match(host)
    return found[1] if found and found[1] not in _VENDOR else None


def _jobvite(host: str, segments: list[str]) -> str | None:
    """The tenant of a ``jobs.jobvite.com/{tenant}/…`` page."""
    if host != "jobs.jobvite.com" or not segments or not _SLUG.match(segments[0]):
        return None
    return segments[0]


def board_token(
    host: str, segments: list[str], query: dict[str, list[str]]
) -> tuple[str, str] | None:
    """(ats, token) when the URL parts are one of these boards' URL forms."""
    host = host.lower()
    found = (
        ("rippling", _rippling(host, segments)),
        ("breezy", _company(_BREEZY, host)),
        ("pinpoint", _company(_PINPOINT, host)),
        ("jobvite", _jobvite(host, segments)),
        ("jazzhr", _company(_JAZZHR, host)),
    )
    return next(((ats, token) for ats, token in found if token), None)
