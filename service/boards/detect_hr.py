"""Detection of the HR-suite boards (Paylocity, …): their URL forms, as data. Pure.

`board_token` recognises a board from the parts of a URL (host, path segments, query), like
`service.boards.detect_enterprise.board_token`; a careers page linking to or framing one of
these URLs is found by `detect()`'s search of the page's links and embeds.

- Paylocity: ``recruiting.paylocity.com/recruiting/jobs/All/{GUID}[/{label}]`` (the board) and
  ``…/jobs/Details/{JobId}/{GUID}`` (a job page that names its board); the token is the GUID.
- UKG Pro Recruiting: ``{host}/{CODE}/JobBoard/{GUID}/…`` on ``recruiting[2].ultipro.com``,
  ``recruiting.ultipro.ca`` or ``*.rec.pro.ukg.net`` (the board, its job pages, its search API);
  the token is ``CODE/GUID``, with the host in front when it is not ``recruiting2.ultipro.com``.
- ADP Workforce Now: a career center ``workforcenow[.cloud].adp.com/mascsr/…?cid={GUID}&ccId=…``
  (its page, or the requisitions API); the token is ``[cloud/]cid[/ccId]``.
- Dayforce: a career site ``jobs.dayforcehcm.com/{culture}/{tenant}/{site}[/jobs/{id}]``; the
  token is ``tenant/site``, with the culture in front when it is not ``en-US``. The legacy
  ``{pod}.dayforcehcm.com/CandidatePortal/…`` pages are not read.
"""

from __future__ import annotations

import re

from service.boards.readers import adp, dayforce, ukg

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


def _ukg(host: str, segments: list[str]) -> str | None:
    """``[host/]CODE/GUID`` of a UKG Pro Recruiting board URL."""
    if len(segments) < 3 or segments[1].lower() != "jobboard":
        return None
    token = f"{host}/{segments[0]}/{segments[2]}"
    parts = ukg.board_parts(token)
    if parts is None:
        return None
    found_host, code, guid = parts
    return f"{code}/{guid}" if found_host == ukg.DEFAULT_HOST else f"{found_host}/{code}/{guid}"


def _adp(host: str, segments: list[str], query: dict[str, list[str]]) -> str | None:
    """``[cloud/]cid[/ccId]`` of an ADP Workforce Now career center or API URL."""
    where = next((key for key, known in adp.HOSTS.items() if known == host), None)
    if where is None or segments[:1] != ["mascsr"]:
        return None
    cid, cc_id = (query.get("cid") or [""])[0], (query.get("ccId") or [""])[0]
    token = "/".join(part for part in (where, cid, cc_id) if part)
    return token if adp.board_parts(token) else None


def _dayforce(host: str, segments: list[str]) -> str | None:
    """``[culture/]tenant/site`` of a Dayforce career site or job URL."""
    if host != dayforce.HOST or len(segments) < 3 or segments[0].lower() == "api":
        return None
    parts = dayforce.board_parts("/".join(segments[:3]))
    if parts is None:
        return None
    culture, tenant, site = parts
    return (
        f"{tenant}/{site}" if culture == dayforce.DEFAULT_CULTURE else f"{culture}/{tenant}/{site}"
    )


def board_token(
    host: str, segments: list[str], query: dict[str, list[str]]
) -> tuple[str, str] | None:
    """(ats, token) when the URL parts are one of the HR-suite boards' URL forms."""
    host = host.lower()
    paylocity = _paylocity(host, segments)
    if paylocity:
        return "paylocity", paylocity
    found = _ukg(host, segments)
    if found:
        return "ukg", found
    found = _adp(host, segments, query)
    if found:
        return "adp", found
    found = _dayforce(host, segments)
    return ("dayforce", found) if found else None
