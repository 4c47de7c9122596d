"""Host lookups of one fetch: each host asked once, and never past the fetch's total deadline."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from service.boards.addresses import Resolver
from service.boards.errors import FetchTimeout
from service.boards.pinning import Deadline

_WORKERS = 2


class DeadlineResolver:
    """A resolver for one fetch: answers (or failures) kept per host, lookups bounded in time.

    The resolver runs in a worker thread so a lookup that hangs cannot outlive the deadline;
    robots.txt and the page (and redirects back to a host) share one lookup.
    """

    def __init__(self, resolver: Resolver, deadline: Deadline) -> None:
        self._resolver = resolver
        self._deadline = deadline
        self._answers: dict[str, Future[list[str]]] = {}
        self._pool: ThreadPoolExecutor | None = None

    def __call__(self, host: str, port: int) -> list[str]:
        """The addresses of ``host``; FetchTimeout when the lookup outlasts the deadline."""
        future = self._answers.get(host)
        if future is None:
            if self._deadline.remaining() <= 0:
                raise self._timeout(host)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(_WORKERS, thread_name_prefix="boards-lookup")
            future = self._pool.submit(lambda: list(self._resolver(host, port)))
            self._answers[host] = future
        try:
            return list(future.result(timeout=max(self._deadline.remaining(), 0)))
        except TimeoutError as exc:
            if future.done():
                raise  # the resolver's own timeout: a lookup failure, not the deadline
            raise self._timeout(host) from exc

    def close(self) -> None:
        """Let go of the worker threads without waiting for a lookup that still hangs."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def _timeout(self, host: str) -> FetchTimeout:
        return FetchTimeout(
            f"looking up {host} did not finish within the {self._deadline.seconds:g} s "
            "a fetch may take; try again later"
        )
