"""Time, size and status limits, against real loopback servers (loopback allowed for the test)."""

import gzip
import threading
import tracemalloc

import pytest

from service.boards.fetch import (
    Fetcher,
    FetchPolicy,
    FetchTimeout,
    HTTPStatusError,
    TooLarge,
)
from tests.boards.servers import Handler, LoopbackServer, brotli_bomb, drip, gzip_bomb

pytestmark = pytest.mark.usefixtures("connect_guard")

QUICK = FetchPolicy(allow_loopback=True, total_deadline=1.5)
SMALL = FetchPolicy(allow_loopback=True, max_data_bytes=1_000_000, max_html_bytes=200_000)


def drip_body(handler: Handler) -> None:
    """Announce 10,000 bytes, then send one every 0.2 s (each read succeeds, the whole never)."""
    handler.send_response(200)
    handler.send_header("Content-Length", "10000")
    handler.end_headers()
    drip(handler)


def drip_headers(handler: Handler) -> None:
    """A status line, then one header byte every 0.2 s."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
    drip(handler)


def silent(handler: Handler) -> None:
    """Accept the request and say nothing for a while."""
    handler.server.owner.stopping.wait(3)


def unbounded(handler: Handler) -> None:
    """A body with no Content-Length (ended by closing), larger than the data cap."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Connection", "close")
    handler.end_headers()
    for _ in range(40):
        handler.wfile.write(b"7" * 65_536)
    handler.close_connection = True


@pytest.mark.parametrize("route", [drip_body, drip_headers])
def test_a_slow_drip_is_cut_off_at_the_total_deadline(server: LoopbackServer, route) -> None:
    server.routes["/slow"] = route
    with pytest.raises(FetchTimeout, match=r"longer than 1\.5 s in all"):
        Fetcher(QUICK).fetch(server.url("/slow"), kind="data")
    assert server.hung_up.wait(30)  # the fetcher closed the connection; the drip did not end it


def test_the_deadline_covers_all_redirect_hops(server: LoopbackServer) -> None:
    server.routes["/hop"] = lambda h: h.reply(302, headers={"Location": "/slow"})
    server.routes["/slow"] = drip_body
    with pytest.raises(FetchTimeout, match=r"longer than 1\.5 s in all"):
        Fetcher(QUICK).fetch(server.url("/hop"), kind="data")
    assert server.paths() == ["/hop", "/slow"]
    assert server.hung_up.wait(30)


def test_a_silent_server_hits_the_read_timeout(server: LoopbackServer) -> None:
    server.routes["/silent"] = silent
    policy = FetchPolicy(allow_loopback=True, read_timeout=0.3)
    with pytest.raises(FetchTimeout, match=r"sent nothing for 0\.3 s"):
        Fetcher(policy).fetch(server.url("/silent"), kind="data")


def test_an_announced_oversized_body_is_refused_before_reading(server: LoopbackServer) -> None:
    server.routes["/big"] = lambda h: h.reply(200, b"{}", {"Content-Length": "50000000"})
    with pytest.raises(TooLarge, match="announces 50,000,000 bytes"):
        Fetcher(SMALL).fetch(server.url("/big"), kind="data")


def test_an_oversized_body_without_length_is_cut_at_the_cap(server: LoopbackServer) -> None:
    server.routes["/big"] = unbounded
    with pytest.raises(TooLarge, match="1,000,000-byte limit"):
        Fetcher(SMALL).fetch(server.url("/big"), kind="data")


def test_html_answers_to_a_data_fetch_get_the_html_cap(server: LoopbackServer) -> None:
    page = b"<p>" * 100_000
    server.routes["/page"] = lambda h: h.reply(200, page, {"Content-Type": "text/html"})
    with pytest.raises(TooLarge, match="200,000-byte limit"):
        Fetcher(SMALL).fetch(server.url("/page"), kind="data")


@pytest.mark.parametrize(("encoding", "bomb"), [("gzip", gzip_bomb), ("br", brotli_bomb)])
def test_a_compression_bomb_is_stopped_without_inflating_it(
    server: LoopbackServer, encoding: str, bomb
) -> None:
    payload = bomb()
    assert len(payload) < 1_000_000  # small on the wire: only the decoded size gives it away
    server.routes["/bomb"] = lambda h: h.reply(
        200, payload, {"Content-Type": "application/json", "Content-Encoding": encoding}
    )
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge, match="decompressed body is larger than the 1,000,000"):
            Fetcher(SMALL).fetch(server.url("/bomb"), kind="data")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000  # 50 MB inflated would show here
    assert server.received[0].headers["accept-encoding"].replace(" ", "").startswith("gzip")


def test_a_compressed_body_under_the_cap_is_decoded(server: LoopbackServer) -> None:
    body = b'{"jobs": [' + b'{"id": 1},' * 1000 + b'{"id": 2}]}'
    server.routes["/gz"] = lambda h: h.reply(
        200, gzip.compress(body), {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    )
    assert Fetcher(SMALL).fetch(server.url("/gz"), kind="data").body == body


@pytest.mark.parametrize("status", [404, 410, 403, 500])
def test_error_statuses_raise_with_the_code(server: LoopbackServer, status: int) -> None:
    server.routes["/x"] = lambda h: h.reply(status, b"nope")
    with pytest.raises(HTTPStatusError, match=f"answered {status}") as caught:
        Fetcher(SMALL).fetch(server.url("/x"), kind="data")
    assert caught.value.status == status


def test_a_missing_page_says_to_check_the_url(server: LoopbackServer) -> None:
    with pytest.raises(HTTPStatusError, match="404 Not Found: the page is gone"):
        Fetcher(SMALL).fetch(server.url("/nothing-here"), kind="data")


def test_busy_answers_carry_retry_after(server: LoopbackServer) -> None:
    server.routes["/busy"] = lambda h: h.reply(429, b"", {"Retry-After": "120"})
    with pytest.raises(HTTPStatusError, match="try again later") as caught:
        Fetcher(SMALL).fetch(server.url("/busy"), kind="data")
    assert (caught.value.status, caught.value.retry_after) == (429, 120.0)


def test_a_hanging_host_lookup_counts_against_the_total_deadline(server: LoopbackServer) -> None:
    released = threading.Event()
    answered = threading.Event()

    def slow_resolver(host: str, port: int) -> list[str]:
        released.wait(30)  # a lookup that hangs far beyond the deadline
        answered.set()
        return ["127.0.0.1"]

    try:
        with pytest.raises(FetchTimeout, match=r"looking up careers\.test"):
            Fetcher(QUICK, resolver=slow_resolver).fetch(
                server.url("/careers", host="careers.test")
            )
        assert not answered.is_set()  # the fetch gave up at its deadline, not after the lookup
    finally:
        released.set()
    assert server.received == []


def test_robots_and_page_share_one_host_lookup(server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = lambda h: h.reply(200, b"User-agent: *\nAllow: /\n")
    server.routes["/careers"] = lambda h: h.reply(200, b"<html>jobs</html>")
    lookups: list[str] = []

    def counting_resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    result = Fetcher(QUICK, resolver=counting_resolver).fetch(
        server.url("/careers", host="careers.test")
    )
    assert result.body == b"<html>jobs</html>"
    assert server.paths() == ["/robots.txt", "/careers"]
    assert lookups == ["careers.test"]
