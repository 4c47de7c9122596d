"""Detection of the HR-suite boards (Paylocity, …): their URL forms, as data. Pure.

`board_token` recognises a board from the parts of a URL (host, path segments, query), like
`service.boards.detect_enterprise.board_token`; a careers page linking to or framing one of
these URLs is found by `detect()`'s search of the page's links and embeds.

- Paylocity: ``recruiting.paylocity.com/recruiting/jobs/All/{GUID}[/{label}]`` (the board) and
  ``…/jobs/Details/{JobId}/{GUID}`` (a job page that names its board); the token is the GUID.
"""

from __future__ import annotations

import re

_PAYLOCITY_HOSTS = frozenset({"recruiting.paylocity.com"})
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def _paylocity(host: str, segments: list[str]) -> str | None:
    """The company GUID of a Paylocity board or job-page URL."""
    lowered = [s.lower() for s in segments]
    if host not in _PAYLOCITY_HOSTS or lowered[:2] != ["recruiting", "jobs"]:
        return None
    if lowered[2:3] == ["all"] and len(segments) > 3 and _GUID.match(segments[3]):
        return segments[3].lower()
    if lowered[2:3] == ["details"] and len(segments) > 4 and segments[3].isdigit():
        return segments[4].lower() if _GUID.match(segments[4]) else None
    return None


def board_token(
    host: str, segments: list[str], query: dict[str, list[str]]
) -> tuple[str, str] | None:
    """(ats, token) when the URL parts are one of the HR-suite boards' URL forms."""
    host = host.lower()
    paylocity = _paylocity(host, segments)
    return ("paylocity", paylocity) if paylocity else None
