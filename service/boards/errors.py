"""Typed fetch errors: each message says what went wrong and what the user can do about it."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime


class FetchError(Exception):
    """A URL could not be fetched; the message is meant for the user."""


class UnsafeURL(FetchError):
    """The URL or a redirect hop is not http(s), has user-info, or points at a refused address."""


class ConnectFailed(FetchError):
    """The host could not be found, connected to, or its TLS certificate did not verify."""


class FetchTimeout(FetchError):
    """The site was too slow: connect, read, or the total deadline ran out."""


class TooLarge(FetchError):
    """The (decoded) response body is larger than the policy allows."""


class TooManyRedirects(FetchError):
    """The URL redirected more often than the policy allows."""


class RobotsDisallowed(FetchError):
    """The site's robots.txt asks crawlers like ours not to fetch this page."""


class BadResponse(FetchError):
    """The response broke off or could not be decompressed."""


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx or 5xx)."""

    def __init__(self, message: str, *, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def status_error(url: str, status: int, reason: str | None, retry_after: str) -> HTTPStatusError:
    """An HTTPStatusError saying what the status means for the user."""
    said = f"{status} {reason or ''}".strip()
    if status in (404, 410):
        hint = "the page is gone or the URL is wrong; check it in a browser"
    elif status in (401, 403, 405):
        hint = "the site does not let us read this page"  # 405: bot walls (iCIMS) refuse a GET
    elif status == 429 or status >= 500:
        hint = "the site is busy or failing; try again later"
    else:
        hint = "the site did not return the page"
    return HTTPStatusError(
        f"{url} answered {said}: {hint}", status=status, retry_after=_seconds(retry_after)
    )


def _seconds(retry_after: str) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date), or None."""
    value = retry_after.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def too_large(url: str, cap: int, why: str) -> TooLarge:
    """A TooLarge naming the limit."""
    return TooLarge(f"{url} is too large: {why} than the {cap:,}-byte limit")
