"""Connections pinned to a checked address, and the total deadline that watches them.

urllib3 pools are created with the checked IP address as their host, so the socket goes exactly
there and nothing resolves the name again (DNS rebinding cannot get through). For https the pool
passes `server_hostname` (SNI) and `assert_hostname` = the real host name, so the certificate is
still verified for the name the user typed; the fetcher sends the real Host header. Each new
socket is checked against the pinned address and handed to the fetch's `Deadline`, which shuts
it down when the total time runs out, waking any read that is blocked on a slow-drip server.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.connection import HTTPConnection, HTTPSConnection

from service.boards.addresses import Target, canonical_host, split_url
from service.boards.errors import UnsafeURL


class Deadline:
    """The total time of one fetch; when it runs out, the sockets it watches are shut down."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._ends = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self.fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return self._ends - time.monotonic()

    @property
    def expired(self) -> bool:
        return self.fired or self.remaining() <= 0

    def watch(self, sock: socket.socket) -> None:
        """Shut this socket down when the deadline passes (at once if it already has)."""
        with self._lock:
            self._sockets.append(sock)
            if self.fired:
                _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    """Wake any blocked read on the socket; the reader then sees the deadline has passed."""
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


@dataclass(frozen=True, slots=True)
class Pin:
    """The checked address a connection must reach, and the deadline that watches it."""

    address: str
    deadline: Deadline

    def accept(self, sock: socket.socket) -> socket.socket:
        """Verify the socket reached the pinned address and put it under the deadline."""
        peer = str(sock.getpeername()[0]).split("%", 1)[0]
        if ipaddress.ip_address(peer) != ipaddress.ip_address(self.address):
            sock.close()
            raise UnsafeURL(f"connected to {peer} instead of the checked {self.address}")
        self.deadline.watch(sock)
        return sock


class PinnedHTTPConnection(HTTPConnection):
    """An HTTP connection to the pool's host, which is the checked IP address."""

    def __init__(self, *args: Any, pin: Pin, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pin = pin

    def _new_conn(self) -> socket.socket:
        return self._pin.accept(super()._new_conn())


class PinnedHTTPSConnection(HTTPSConnection):
    """An HTTPS connection to the checked IP, verifying TLS for the real host name."""

    def __init__(self, *args: Any, pin: Pin, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pin = pin

    def _new_conn(self) -> socket.socket:
        return self._pin.accept(super()._new_conn())


class PinnedHTTPPool(HTTPConnectionPool):
    """A pool whose host is the checked address; its connections verify they reached it."""

    ConnectionCls = PinnedHTTPConnection


class PinnedHTTPSPool(HTTPSConnectionPool):
    """The TLS pool: host = checked address, server_hostname/assert_hostname = real name."""

    ConnectionCls = PinnedHTTPSConnection


class PinnedAdapter(HTTPAdapter):
    """A requests adapter whose only pool connects to one checked address of one target."""

    def __init__(self, target: Target, pin: Pin) -> None:
        super().__init__(max_retries=0, pool_connections=1, pool_maxsize=1)
        self._target = target
        self._pool: HTTPConnectionPool
        if target.scheme == "https":
            self._pool = PinnedHTTPSPool(
                pin.address,
                target.port,
                maxsize=1,
                assert_hostname=target.host,
                server_hostname=target.host,
                pin=pin,
            )
        else:
            self._pool = PinnedHTTPPool(pin.address, target.port, maxsize=1, pin=pin)

    def get_connection_with_tls_context(
        self,
        request: requests.PreparedRequest,
        verify: bool | str | None,
        proxies: Mapping[str, str] | None = None,
        cert: tuple[str, str] | str | None = None,
    ) -> HTTPConnectionPool:
        """The pinned pool, after making sure the request is for the checked target."""
        scheme, host, port = split_url(request.url or "")
        if (scheme, canonical_host(host), port) != self._target.origin:
            raise UnsafeURL(f"refused {request.url}: it is not the checked {self._target.url}")
        return self._pool

    def close(self) -> None:
        super().close()
        self._pool.close()
