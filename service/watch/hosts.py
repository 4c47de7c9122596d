"""Politeness across all workers: one request in flight per host, and a minimum gap per host.

`PoliteFetcher` is the safe fetcher with each fetch taken in turn: a Redis lock per host
(``SET NX PX``, released only by its holder; its TTL frees it if a worker dies holding it) and
a "next allowed at" key the holder sets when its request ends. A poll that cannot get its turn
within ``wait`` seconds fails with a FetchTimeout (saved on the source like any fetch error).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from redis import Redis

from service.boards.base import PageRequest
from service.boards.errors import FetchTimeout
from service.boards.fetch import Fetcher, FetchPolicy, FetchResult, Kind, Validators

LOCK_PREFIX = "nextround:host:lock:"
NEXT_PREFIX = "nextround:host:next:"
POLL_STEP = 0.05

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class PoliteFetcher(Fetcher):
    """The safe fetcher, taking its turn at each host through Redis."""

    def __init__(
        self, policy: FetchPolicy, redis: Redis, *, gap_ms: int, wait: float, lock_ms: int = 0
    ) -> None:
        super().__init__(policy)
        self.redis = redis
        self.gap_ms = max(0, gap_ms)
        self.wait = wait
        # a lock outlives the longest fetch, so only a dead holder's lock ever expires
        self.lock_ms = lock_ms or int((policy.total_deadline + 30) * 1000)

    def fetch(
        self,
        request: PageRequest | str,
        *,
        kind: Kind | None = None,
        validators: Validators | None = None,
    ) -> FetchResult:
        """Fetch when it is this host's turn (see the module docstring)."""
        url = request if isinstance(request, str) else request.url
        with self.turn(urlsplit(url).netloc.lower()):
            return super().fetch(request, kind=kind, validators=validators)

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Hold ``host``'s lock, once its gap since the last request has passed."""
        token = uuid.uuid4().hex
        deadline = time.monotonic() + self.wait
        while not self.redis.set(LOCK_PREFIX + host, token, nx=True, px=self.lock_ms):
            _wait_or_give_up(deadline, host)
        try:
            self._wait_for_gap(host, deadline)
            yield
        finally:
            if self.gap_ms:
                next_at = int(time.time() * 1000) + self.gap_ms
                self.redis.set(NEXT_PREFIX + host, next_at, px=self.gap_ms)
            self.redis.eval(_RELEASE, 1, LOCK_PREFIX + host, token)

    def _wait_for_gap(self, host: str, deadline: float) -> None:
        while True:
            raw = self.redis.get(NEXT_PREFIX + host)
            left = (int(raw) - int(time.time() * 1000)) / 1000 if raw else 0.0
            if left <= 0:
                return
            if time.monotonic() + left > deadline:
                raise FetchTimeout(f"{host} was busy with other requests for too long")
            time.sleep(left)


def _wait_or_give_up(deadline: float, host: str) -> None:
    if time.monotonic() >= deadline:
        raise FetchTimeout(f"{host} was busy with other requests for too long; trying later")
    time.sleep(POLL_STEP)
