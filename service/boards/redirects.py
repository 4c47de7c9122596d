"""The request after a redirect: its URL, method, body and whether validators may go along."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

from service.boards.addresses import DEFAULT_PORTS
from service.boards.errors import BadResponse, UnsafeURL


@dataclass(frozen=True, slots=True)
class Hop:
    """The request of one hop; ``same_origin`` while every hop so far stayed on the first origin."""

    url: str
    method: str
    json_body: dict[str, Any] | None
    same_origin: bool = True

    def redirected(self, status: int, location: str) -> Hop:
        """The next hop, as browsers make it, but safer.

        303 (and 301/302 after POST) become GET without body; leaving the origin drops a POST
        body (the request becomes a GET) and, via ``same_origin``, the conditional validators;
        leaving https for plain http raises UnsafeURL; a Location that is no URL, BadResponse.
        """
        try:
            url = urljoin(self.url, location.strip())
            old, new = urlsplit(self.url), urlsplit(url)
            same = self.same_origin and _origin(old) == _origin(new)
        except ValueError as exc:
            raise BadResponse(
                f"{self.url} redirected to {location[:200]!r}, which is not a valid URL ({exc})"
            ) from exc
        if old.scheme.lower() == "https" and new.scheme.lower() == "http":
            raise UnsafeURL(
                f"refused the redirect from {self.url} to {url}: it leaves https for plain http"
            )
        if status == 303 or (status in (301, 302) and self.method == "POST"):
            return Hop(url, "GET", None, same)
        if not same and self.method == "POST":
            return Hop(url, "GET", None, same)
        return Hop(url, self.method, self.json_body, same)


def _origin(parts: SplitResult) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in."""
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").rstrip("."), parts.port or DEFAULT_PORTS.get(scheme)
