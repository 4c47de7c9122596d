"""Base URL overrides: send a board kind's requests to another origin (tests, the offline demo).

``NEXTROUND_BOARD_BASE_URLS`` (read by config) maps a board kind to a base URL, e.g.
``{"greenhouse": "http://127.0.0.1:8001"}``. `first_request` is the one place that applies it:
the reader builds its usual first request and its scheme and host (and port) are replaced by the
base URL's, and the base URL's path, if any, is put before the request's path. ``{host}`` in that
path stands for the request's own host, so a kind whose token is in the host name (Recruitee's
``acme.recruitee.com``) can be told apart on one loopback server:
``{"recruitee": "http://127.0.0.1:8005/{host}"}`` sends ``https://acme.recruitee.com/api/offers/``
to ``http://127.0.0.1:8005/acme.recruitee.com/api/offers/``. Pages, details and session requests
the readers build later follow the first request's URL, so they stay on the same origin. Every
request still goes through the safe fetcher, which refuses loopback unless its policy allows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit

from service.boards.base import PageRequest, Reader
from service.boards.readers import READER_NAMES

HOST_PLACEHOLDER = "{host}"


class BadBaseURL(ValueError):
    """A base URL override names an unknown board kind or is not a plain http(s) URL."""


def checked_base_urls(raw: Mapping[str, str] | None) -> dict[str, str]:
    """``raw`` as kind → base URL, each checked; `BadBaseURL` says which entry is wrong."""
    checked: dict[str, str] = {}
    for kind, base in (raw or {}).items():
        if kind not in READER_NAMES:
            raise BadBaseURL(
                f"board base URLs: unknown board kind {kind!r}; "
                f"choose among: {', '.join(READER_NAMES)}"
            )
        checked[kind] = _checked(kind, base)
    return checked


def _checked(kind: str, base: str) -> str:
    """``base`` when it is an http(s) URL with a host and no query, user-info or fragment."""
    try:
        parts = urlsplit(base.replace(HOST_PLACEHOLDER, "host"))
        parts.port  # noqa: B018 - a bad port raises ValueError here
    except (AttributeError, ValueError) as exc:
        raise BadBaseURL(f"board base URL for {kind!r} is not a URL: {base!r}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadBaseURL(f"board base URL for {kind!r} must be http(s)://host[:port], not {base!r}")
    odd_host = "@" in parts.netloc or HOST_PLACEHOLDER in urlsplit(base).netloc
    if parts.query or parts.fragment or odd_host:
        raise BadBaseURL(
            f"board base URL for {kind!r} may have a path but no query, fragment, "
            f"user-info or {HOST_PLACEHOLDER} in its host: {base!r}"
        )
    return base.rstrip("/")


def rebase(request: PageRequest, base: str) -> PageRequest:
    """``request`` sent to ``base``: its scheme and host replaced, ``base``'s path put first."""
    original = urlsplit(request.url)
    target = urlsplit(base)
    prefix = target.path.rstrip("/").replace(HOST_PLACEHOLDER, original.hostname or "")
    url = urlunsplit(
        (target.scheme, target.netloc, prefix + original.path, original.query, original.fragment)
    )
    return replace(request, url=url)


def first_request(
    reader: Reader, token: str, base_urls: Mapping[str, str] | None = None
) -> PageRequest:
    """The first request of ``reader``'s board ``token``, at its kind's base URL when one is set.

    Raises ValueError when the token is not of the reader's form (as ``first_request`` does).
    """
    if reader.first_request is None:
        raise ValueError(f"{reader.name}: a page reader has no first request of its own")
    request = reader.first_request(token)
    base = (base_urls or {}).get(reader.name)
    return rebase(request, base) if base else request
