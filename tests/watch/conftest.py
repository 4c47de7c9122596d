"""Fixtures of the watch tests: loopback boards, the connect guard, a watched board."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.models import User, Watch
from service.watch.services import add_watch
from tests.boards.servers import ConnectGuard, LoopbackServer, activate, deactivate
from tests.watch.boards import GreenhouseBoard, job


@pytest.fixture
def connect_guard() -> Iterator[ConnectGuard]:
    """Fails the test on any connect outside loopback or any real DNS lookup."""
    guard = ConnectGuard()
    activate(guard)
    try:
        yield guard
    finally:
        deactivate(guard)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    httpd = LoopbackServer().start()
    try:
        yield httpd
    finally:
        httpd.stop()


@pytest.fixture
def board(server: LoopbackServer) -> GreenhouseBoard:
    """A Greenhouse board with two postings."""
    return GreenhouseBoard(server, [job(1, "Backend Engineer"), job(2, "Data Analyst", "Berlin")])


@pytest.fixture
def watch(user: User, board: GreenhouseBoard) -> Watch:
    """``user`` watching ``board`` for the company Acme."""
    return add_watch(user, board.url, "Acme", ats="greenhouse")
