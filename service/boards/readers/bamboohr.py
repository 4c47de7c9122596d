"""BambooHR: ``https://{tenant}.bamboohr.com/careers/list`` (the token is the tenant).

The whole board comes in one ``{"meta": {"totalCount"}, "result": [...]}`` response, no paging.
``external_id`` is the opening's ``id`` and ``url`` the public page
``https://{host}/careers/{id}`` on the host the list came from. ``location`` is the opening's
``location`` (city, state), else its ``atsLocation`` (city, state or province, country).
``isRemote``, else ``locationType`` ("0" on-site, "1" remote, "2" hybrid, which is not remote),
gives ``remote``; else clear wording in the location.
An opening without ``id`` or ``jobOpeningName`` (or with a field of the wrong type, which counts
as missing) is skipped; a repeated id keeps its first opening. A response of another shape raises
``ReadError``. The list carries no dates or descriptions.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from service.boards.base import Page, PageRequest, Posting, Reader, ReadError, infer_remote
from service.boards.readers._json import scrub_surrogates, strict_loads
from service.boards.text import clean

NAME = "bamboohr"

# BambooHR's locationType codes: "0" on-site, "1" remote, "2" hybrid (hybrid is not remote).
_LOCATION_TYPES = {"0": False, "1": True, "2": False}


def first_request(token: str) -> PageRequest:
    """The list of openings of the tenant ``token`` (e.g. ``"acme"``)."""
    tenant = token.strip().lower()
    if not tenant or not all(c.isascii() and (c.isalnum() or c == "-") for c in tenant):
        raise ValueError(f"{NAME}: expected a tenant name like 'acme', got {token!r}")
    return PageRequest(url=f"https://{tenant}.bamboohr.com/careers/list")


def _string(value: Any) -> str | None:
    """Cleaned text of a string (or number, for ids); other types count as missing."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return clean(value)


def _place(*parts: Any) -> str | None:
    """Non-empty parts joined with ", "."""
    texts = [t for t in map(_string, parts) if t]
    return ", ".join(dict.fromkeys(texts)) or None


def _location(job: dict[str, Any]) -> str | None:
    """The opening's stated location, else its ATS location."""
    own = job.get("location")
    if isinstance(own, dict):
        found = _place(own.get("city"), own.get("state"))
        if found:
            return found
    ats = job.get("atsLocation")
    if isinstance(ats, dict):
        return _place(ats.get("city"), ats.get("state") or ats.get("province"), ats.get("country"))
    return None


def _remote(job: dict[str, Any], location: str | None) -> bool | None:
    """``isRemote`` when set, else the ``locationType`` code, else clear wording."""
    flag = job.get("isRemote")
    if isinstance(flag, bool):
        return flag
    kind = _LOCATION_TYPES.get(str(job.get("locationType")))
    return kind if kind is not None else infer_remote(location)


def _posting(job: dict[str, Any], base: str) -> Posting | None:
    """One ``result`` entry, or None without id or title."""
    job_id, title = _string(job.get("id")), _string(job.get("jobOpeningName"))
    if not job_id or not title:
        return None
    location = _location(job)
    return Posting(
        external_id=job_id,
        title=title,
        url=f"{base}/careers/{quote(job_id, safe='')}",
        ats=NAME,
        location=location,
        remote=_remote(job, location),
        department=_string(job.get("departmentLabel")),
        employment_type=_string(job.get("employmentStatusLabel"))
        or _string(job.get("employmentType")),
    )


def _base_url(url: str) -> str:
    """``scheme://host`` of the list URL; postings live under it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ReadError(f"{NAME}: the list URL {url!r} is needed to build posting links")
    return f"{parts.scheme}://{parts.netloc}"


def read(body: bytes, *, url: str) -> Page:
    """Postings of one ``/careers/list`` response fetched from ``url``."""
    try:
        data = scrub_surrogates(strict_loads(body))
    except (ValueError, RecursionError) as exc:
        raise ReadError(f"{NAME}: the response is not JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("result"), list):
        got = type(data).__name__ if not isinstance(data, dict) else "an object without it"
        raise ReadError(f"{NAME}: expected an object with a 'result' list, got {got}")
    base = _base_url(url)
    postings: dict[str, Posting] = {}
    for job in data["result"]:
        if not isinstance(job, dict):
            raise ReadError(f"{NAME}: expected each result to be an object")
        posting = _posting(job, base)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    return Page(postings=list(postings.values()))


READER = Reader(NAME, read, first_request)
