"""Politeness across all workers: one request in flight per host, and a minimum gap per host.

`PoliteFetcher` is the safe fetcher with each fetch taken in turn: a Redis lock per host
(``SET NX PX``, released only by its holder) and a "next allowed at" key the holder sets when
its request ends; taking the lock and reading the gap is one round trip, as is ending the turn.
A poll that cannot get its turn within ``wait`` seconds fails with a FetchTimeout (saved on the
source like any fetch error).

A holder that died (SIGKILL, the OOM killer) cannot release its lock. Its TTL frees it at last,
but that outlives the longest fetch (a minute): meanwhile every poll of boards on that host
would wait. So the lock names its holder (machine and process id), and a waiter on the same
machine that finds the holder's process gone takes the lock over at once. A holder on another
machine is left to its TTL.
"""

from __future__ import annotations

import functools
import os
import socket
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

# Take the lock; then answer {1, next allowed at (ms, 0 if none)}, else {0, the holder}.
_TAKE = """
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, tonumber(redis.call('get', KEYS[2]) or '0')}
end
return {0, redis.call('get', KEYS[1]) or ''}
"""
# Set the gap (when there is one), then release the lock if ARGV[1] still holds it (with no
# gap: how a dead holder's lock is released).
_END = """
if tonumber(ARGV[3]) > 0 then redis.call('set', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


@functools.cache
def _machine() -> str:
    """This machine (and process id namespace): where a holder's process id can be checked."""
    try:
        namespace = os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        namespace = 0
    return f"{socket.gethostname()}/{namespace}"


def holder_is_gone(holder: str, machine: str | None = None) -> bool:
    """Whether the lock value ``holder`` names a process of this machine that no longer runs."""
    where, _, rest = holder.rpartition("|")
    pid_text = rest.split(":", 1)[0]
    if where != (machine or _machine()) or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it runs, as another user
    return False


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
        token = f"{_machine()}|{os.getpid()}:{uuid.uuid4().hex}"
        keys = (LOCK_PREFIX + host, NEXT_PREFIX + host)
        deadline = time.monotonic() + self.wait
        while True:
            taken, value = self.redis.eval(_TAKE, 2, *keys, token, self.lock_ms)
            if taken:
                break
            holder = value.decode() if isinstance(value, bytes) else str(value)
            if holder and holder_is_gone(holder):
                self.redis.eval(_END, 2, *keys, holder, 0, 0)
                continue
            _wait_or_give_up(deadline, host)
        try:
            self._wait_for_gap(int(value), host, deadline)
            yield
        finally:
            next_at = int(time.time() * 1000) + self.gap_ms
            self.redis.eval(_END, 2, *keys, token, next_at, self.gap_ms)

    @staticmethod
    def _wait_for_gap(next_at_ms: int, host: str, deadline: float) -> None:
        left = (next_at_ms - int(time.time() * 1000)) / 1000 if next_at_ms else 0.0
        if left <= 0:
            return
        if time.monotonic() + left > deadline:
            raise FetchTimeout(f"{host} was busy with other requests for too long")
        time.sleep(left)


def _wait_or_give_up(deadline: float, host: str) -> None:
    if time.monotonic() >= deadline:
        raise FetchTimeout(f"{host} was busy with other requests for too long; trying later")
    time.sleep(POLL_STEP)
