"""Real HTTP servers on loopback for the fetcher tests, and a guard against any other traffic.

`LoopbackServer` is a ThreadingHTTPServer on 127.0.0.1 (or ::1) on an ephemeral port; tests give
it routes (path -> function writing the response) and read back what it received.
`ConnectGuard` watches every socket connect and getaddrinfo in the process (a sys audit hook):
while a test runs it fails the test on a connect anywhere but loopback (or on any connect at all
after `forbid_all()`), and on a DNS lookup of anything but an IP literal or "localhost".
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import socketserver
import ssl
import sys
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import brotli

Route = Callable[["Handler"], None]


@dataclass(frozen=True)
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Handler(BaseHTTPRequestHandler):
    """Dispatches to the server's routes; unknown paths answer 404."""

    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.owner.received.append(Received(self.command, self.path, headers, body))
        route = self.server.owner.routes.get(path)
        try:
            if route is None:
                self.reply(404, b"not found")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        """Send a whole response with a Content-Length (unless headers give one)."""
        self.send_response(status)
        given = {k.lower() for k in (headers or {})}
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "content-length" not in given:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read `received` instead."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LoopbackServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up (the fetcher closing a connection it is done with) is no error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def server_bind(self) -> None:
        """Bind without the reverse DNS lookup HTTPServer does for server_name."""
        socketserver.TCPServer.server_bind(self)
        self.server_name = "localhost"
        self.server_port = self.server_address[1]


class _Server6(_Server):
    address_family = socket.AF_INET6


@dataclass
class LoopbackServer:
    """A real HTTP(S) server in a thread on a loopback address and an ephemeral port."""

    host: str = "127.0.0.1"
    routes: dict[str, Route] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    hung_up: threading.Event = field(default_factory=threading.Event)  # see `drip`
    tls: ssl.SSLContext | None = None

    def start(self) -> LoopbackServer:
        cls = _Server6 if ":" in self.host else _Server
        self._httpd = cls((self.host, 0), Handler)
        self._httpd.owner = self
        if self.tls is not None:
            self._httpd.socket = self.tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str = "/", *, host: str | None = None, scheme: str = "http") -> str:
        """A URL to this server's port; `host` may be any spelling (or a name to stub)."""
        shown = host or (f"[{self.host}]" if ":" in self.host else self.host)
        return f"{scheme}://{shown}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.received]


def drip(handler: Handler, count: int = 10_000) -> None:
    """Send one byte every 0.2 s; a client hanging up first sets the server's ``hung_up``."""
    owner = handler.server.owner
    for _ in range(count):
        try:
            handler.wfile.write(b"x")
            handler.wfile.flush()
        except OSError:  # a broken pipe or a reset: the client closed the connection
            owner.hung_up.set()
            return
        if owner.stopping.wait(0.2):
            return


def stub_resolver(table: dict[str, list[str]]) -> Callable[[str, int], list[str]]:
    """A resolver answering from a table (no DNS); unknown names fail like getaddrinfo."""

    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} not in the test table")
        return list(table[host])

    return resolve


class ConnectGuard:
    """Fails the test on traffic it does not allow; records every connect it sees."""

    def __init__(self) -> None:
        self.allow_loopback = True
        self.connects: list[tuple[str, int]] = []
        self.refused: list[str] = []

    def forbid_all(self) -> None:
        """From now on any connect (even to loopback) fails the test."""
        self.allow_loopback = False

    def on_connect(self, address: Any) -> None:
        if not isinstance(address, tuple):
            return
        host, port = str(address[0]), int(address[1])
        self.connects.append((host, port))
        if not (self.allow_loopback and _is_loopback(host)):
            self.refused.append(f"connect to {host}:{port}")
            raise AssertionError(f"the test tried to connect to {host}:{port}")

    def on_lookup(self, host: Any) -> None:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name == "localhost" or _is_ip(name):
            return
        self.refused.append(f"DNS lookup of {name}")
        raise AssertionError(f"the test tried a real DNS lookup of {name!r}")


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    address = ipaddress.ip_address(host.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback


_active: list[ConnectGuard] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """The process-wide audit hook; does nothing unless a guard is active."""
    if not _active:
        return
    if event == "socket.connect":
        _active[-1].on_connect(args[1])
    elif event == "socket.getaddrinfo":
        _active[-1].on_lookup(args[0])


@functools.cache
def _install_hook() -> None:
    """Audit hooks cannot be removed, so one is installed once and switched by `_active`."""
    sys.addaudithook(_audit)


def activate(guard: ConnectGuard) -> None:
    _install_hook()
    _active.append(guard)


def deactivate(guard: ConnectGuard) -> None:
    _active.remove(guard)


@functools.cache
def gzip_bomb(size: int = 50_000_000) -> bytes:
    """`size` zero bytes, gzip-compressed (about 50 KB for 50 MB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1_000_000)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, packer.flush()])


@functools.cache
def brotli_bomb(size: int = 50_000_000) -> bytes:
    """`size` zero bytes, brotli-compressed."""
    packer = brotli.Compressor(quality=5)
    block = bytes(1_000_000)
    parts = [packer.process(block) for _ in range(size // len(block))]
    return b"".join([*parts, packer.finish()])
