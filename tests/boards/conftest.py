"""Fixtures shared by the board tests."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.boards.servers import ConnectGuard, LoopbackServer, activate, deactivate

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured"


@pytest.fixture
def board_samples() -> Path:
    """The real captured board responses kept in tests/data/boards/captured (see SOURCES.md)."""
    return CAPTURED


# Fixtures of the fetcher tests (test_fetch*.py): loopback servers and the connect guard.


@pytest.fixture
def connect_guard() -> Iterator[ConnectGuard]:
    """Fails the test on any connect outside loopback or any real DNS lookup while it runs."""
    guard = ConnectGuard()
    activate(guard)
    try:
        yield guard
    finally:
        deactivate(guard)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    """A real HTTP server on 127.0.0.1 and an ephemeral port, shut down after the test."""
    httpd = LoopbackServer().start()
    try:
        yield httpd
    finally:
        httpd.stop()
