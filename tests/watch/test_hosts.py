"""Politeness: one request in flight per host across fetchers, and a gap kept in Redis."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid

import pytest
from flask import Flask

from service.boards.errors import FetchTimeout
from service.boards.fetch import Fetcher, FetchPolicy
from service.queue import redis_connection
from service.watch import hosts
from service.watch.hosts import LOCK_PREFIX, NEXT_PREFIX, PoliteFetcher
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


def _lock_held_by(process: subprocess.Popen[bytes], host: str) -> None:
    holder = f"{hosts._machine()}|{process.pid}:{uuid.uuid4().hex}"
    redis_connection().set(LOCK_PREFIX + host, holder, px=120_000)


def test_a_lock_left_by_a_killed_process_of_this_machine_is_taken_over_at_once(
    app: Flask, server: LoopbackServer
) -> None:
    server.routes["/jobs"] = lambda h: h.reply(200, b"{}", {"Content-Type": "application/json"})
    host = server.url("/").split("//")[1].rstrip("/")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # gone (and reaped), its lock left behind for two minutes
    _lock_held_by(dead, host)

    start = time.monotonic()
    polite().fetch(server.url("/jobs"), kind="data")

    assert time.monotonic() - start < 5 and len(server.received) == 1
    assert redis_connection().get(LOCK_PREFIX + host) is None  # ours, released


def test_a_live_holder_keeps_its_lock(app: Flask, server: LoopbackServer) -> None:
    server.routes["/jobs"] = lambda h: h.reply(200, b"{}", {"Content-Type": "application/json"})
    host = server.url("/").split("//")[1].rstrip("/")
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _lock_held_by(alive, host)
        fetcher = PoliteFetcher(
            FetchPolicy(allow_loopback=True), redis_connection(), gap_ms=0, wait=0.3
        )
        with pytest.raises(FetchTimeout, match="busy"):
            fetcher.fetch(server.url("/jobs"), kind="data")
    finally:
        alive.kill()
        alive.wait()
    assert server.received == []


@pytest.mark.parametrize(
    "holder",
    ["another-machine/1|1:abc", "garbage", f"{hosts._machine()}|notapid:abc"],
)
def test_a_holder_elsewhere_or_unreadable_is_never_taken_for_dead(holder: str) -> None:
    assert hosts.holder_is_gone(holder) is False
