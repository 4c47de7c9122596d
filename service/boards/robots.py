"""robots.txt rules per origin (RFC 9309, parsed by Protego), kept in memory for a while.

Decisions: a robots.txt answered 2xx is obeyed; 4xx (e.g. 404) means no rules, everything
allowed; 5xx means "disallow everything" as RFC 9309 section 2.3.1.4 asks, kept only for
`error_ttl` so a passing outage does not block a site for a day. A robots.txt that cannot be
fetched at all (timeout, refused, unreachable) counts as allowed and is not kept: the page fetch
that follows reports the real problem.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from protego import Protego

Origin = tuple[str, str, int]
ROBOTS_MAX_BYTES = 500 * 1024
"""RFC 9309 asks crawlers to parse at least 500 KiB; more is not read."""


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of one origin: parsed robots.txt, or allow-all / disallow-all."""

    parser: Protego | None = None
    disallow_all: bool = False

    def allows(self, url: str, agent: str) -> bool:
        """Whether `agent` (the User-Agent product token) may fetch `url`."""
        if self.disallow_all:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        """The Crawl-delay asked of `agent`, in seconds, if any."""
        delay = self.parser.crawl_delay(agent) if self.parser else None
        return float(delay) if delay is not None else None


ALLOW_ALL = RobotsRules()
DISALLOW_ALL = RobotsRules(disallow_all=True)


def rules_from_response(status: int, body: bytes) -> RobotsRules:
    """RFC 9309 reading of a robots.txt response status and body."""
    if 200 <= status < 300:
        return RobotsRules(parser=Protego.parse(body.decode("utf-8", errors="replace")))
    if status >= 500:
        return DISALLOW_ALL
    return ALLOW_ALL


class RobotsCache:
    """Rules per origin, in memory, each kept for `ttl` seconds (`error_ttl` after a 5xx)."""

    def __init__(
        self,
        *,
        ttl: float = 24 * 3600.0,
        error_ttl: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.error_ttl = error_ttl
        self._clock = clock
        self._entries: dict[Origin, tuple[float, RobotsRules]] = {}
        self._lock = threading.Lock()

    def get(self, origin: Origin) -> RobotsRules | None:
        """The rules kept for this origin, or None when unknown or expired."""
        with self._lock:
            entry = self._entries.get(origin)
            if entry is None or entry[0] <= self._clock():
                self._entries.pop(origin, None)
                return None
            return entry[1]

    def put(self, origin: Origin, rules: RobotsRules) -> None:
        """Keep rules for an origin; disallow-all (a 5xx) only for the short error_ttl."""
        ttl = self.error_ttl if rules.disallow_all else self.ttl
        with self._lock:
            self._entries[origin] = (self._clock() + ttl, rules)
