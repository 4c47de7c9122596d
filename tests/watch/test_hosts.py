"""Politeness: one request in flight per host across fetchers, and a gap kept in Redis."""

from __future__ import annotations

import threading

import pytest
from flask import Flask

from service.boards.fetch import Fetcher, FetchPolicy
from service.queue import redis_connection
from service.watch.hosts import NEXT_PREFIX, PoliteFetcher
from tests.boards.servers import Handler, LoopbackServer

pytestmark = pytest.mark.usefixtures("connect_guard")


class InFlight:
    """A route that counts requests in flight; each waits briefly for a second to overlap it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0
        self.arrived = threading.Event()

    def __call__(self, handler: Handler) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
            if self.now > 1:
                self.arrived.set()
        self.arrived.wait(0.3)  # an overlapping request, if any, arrives meanwhile
        with self.lock:
            self.now -= 1
        handler.reply(200, b"{}", {"Content-Type": "application/json"})


def fetch_together(fetchers: list[Fetcher], url: str) -> None:
    start = threading.Barrier(len(fetchers))

    def run(fetcher: Fetcher) -> None:
        start.wait()
        fetcher.fetch(url, kind="data")

    threads = [threading.Thread(target=run, args=(f,)) for f in fetchers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def polite(gap_ms: int = 0) -> PoliteFetcher:
    return PoliteFetcher(
        FetchPolicy(allow_loopback=True), redis_connection(), gap_ms=gap_ms, wait=30
    )


def test_two_polite_fetchers_never_have_two_requests_in_flight_at_one_host(
    app: Flask, server: LoopbackServer
) -> None:
    route = server.routes["/jobs"] = InFlight()

    fetch_together([polite(), polite(), polite()], server.url("/jobs"))

    assert route.most == 1 and len(server.received) == 3


def test_plain_fetchers_do_overlap_which_the_route_would_show(server: LoopbackServer) -> None:
    route = server.routes["/jobs"] = InFlight()
    plain = FetchPolicy(allow_loopback=True)

    fetch_together([Fetcher(plain), Fetcher(plain)], server.url("/jobs"))

    assert route.most == 2


def test_a_fetch_sets_when_the_host_may_be_asked_next(app: Flask, server: LoopbackServer) -> None:
    server.routes["/jobs"] = lambda h: h.reply(200, b"{}", {"Content-Type": "application/json"})

    polite(gap_ms=60_000).fetch(server.url("/jobs"), kind="data")

    host = server.url("/").split("//")[1].rstrip("/")
    assert redis_connection().pttl(NEXT_PREFIX + host) > 0
