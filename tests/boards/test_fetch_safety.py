"""The fetcher against real loopback servers: what it refuses, and that it refuses before connect.

The connect guard fails a test on any connect outside loopback and on any real DNS lookup, so
refused private, link-local and reserved addresses are proven never reached; after
`forbid_all()` even loopback connects fail the test.
"""

import re
from collections.abc import Iterator

import pytest

from service.boards.base import PageRequest
from service.boards.fetch import (
    BadResponse,
    ConnectFailed,
    Fetcher,
    FetchPolicy,
    TooManyRedirects,
    UnsafeURL,
    Validators,
)
from tests.boards.servers import ConnectGuard, Handler, LoopbackServer, stub_resolver

pytestmark = pytest.mark.usefixtures("connect_guard")

LOOPBACK_OK = FetchPolicy(allow_loopback=True)


def ok(handler: Handler) -> None:
    handler.reply(200, b'{"jobs": []}', {"Content-Type": "application/json"})


@pytest.fixture
def server6() -> Iterator[LoopbackServer]:
    """A real HTTP server on ::1."""
    httpd = LoopbackServer(host="::1").start()
    try:
        yield httpd
    finally:
        httpd.stop()


LOOPBACK_SPELLINGS = [
    "127.0.0.1",
    "127.1",
    "2130706433",
    "0177.0.0.1",
    "0x7f000001",
    "0x7f.1",
    "127.000.000.001",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "localhost",
    "LOCALHOST.",
    "careers.test",
]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_every_loopback_form_is_refused_before_connecting(
    server: LoopbackServer, connect_guard: ConnectGuard, host: str
) -> None:
    server.routes["/jobs"] = ok
    connect_guard.forbid_all()
    resolver = stub_resolver({"careers.test": ["127.0.0.1"], "localhost": ["127.0.0.1", "::1"]})
    with pytest.raises(UnsafeURL, match="loopback"):
        Fetcher(FetchPolicy(), resolver=resolver).fetch(server.url("/jobs", host=host), kind="data")
    assert server.received == []
    assert connect_guard.connects == []


def test_localhost_through_the_real_resolver_is_refused(
    server: LoopbackServer, connect_guard: ConnectGuard
) -> None:
    server.routes["/jobs"] = ok
    connect_guard.forbid_all()
    with pytest.raises(UnsafeURL, match=r"localhost resolves to .*loopback"):
        Fetcher(FetchPolicy()).fetch(server.url("/jobs", host="localhost"), kind="data")
    assert server.received == []


def test_ipv6_loopback_is_refused_before_connecting(
    server6: LoopbackServer, connect_guard: ConnectGuard
) -> None:
    server6.routes["/jobs"] = ok
    connect_guard.forbid_all()
    with pytest.raises(UnsafeURL, match="loopback"):
        Fetcher(FetchPolicy()).fetch(server6.url("/jobs"), kind="data")
    assert server6.received == []


def test_the_same_servers_answer_when_loopback_is_allowed(
    server: LoopbackServer, server6: LoopbackServer
) -> None:
    server.routes["/jobs"] = server6.routes["/jobs"] = ok
    fetcher = Fetcher(LOOPBACK_OK, resolver=stub_resolver({"careers.test": ["127.0.0.1"]}))
    for host in ("127.1", "2130706433", "[::ffff:127.0.0.1]", "careers.test"):
        assert fetcher.fetch(server.url("/jobs", host=host), kind="data").status == 200
    assert fetcher.fetch(server6.url("/jobs"), kind="data").body == b'{"jobs": []}'
    assert len(server.received) == 4


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.20.1.1",
        "192.168.0.10",
        "169.254.169.254",
        "100.64.1.1",
        "0.0.0.0",
        "192.0.2.1",
        "240.0.0.1",
        "224.0.0.251",
        "fd00:ec2::254",
        "fe80::1",
        "::",
        "::ffff:10.0.0.1",
        "64:ff9b::a9fe:a9fe",
    ],
)
def test_names_resolving_to_refused_addresses_are_never_connected(
    connect_guard: ConnectGuard, address: str
) -> None:
    fetcher = Fetcher(LOOPBACK_OK, resolver=stub_resolver({"intranet.example": [address]}))
    with pytest.raises(UnsafeURL, match=r"intranet\.example resolves to"):
        fetcher.fetch("http://intranet.example/jobs", kind="data")
    assert connect_guard.connects == []


@pytest.mark.parametrize(
    "url", ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://10.1/"]
)
def test_literal_refused_addresses_are_never_connected(
    connect_guard: ConnectGuard, url: str
) -> None:
    with pytest.raises(UnsafeURL, match="not a public address"):
        Fetcher(LOOPBACK_OK).fetch(url, kind="data")
    assert connect_guard.connects == []


def test_a_name_with_public_and_private_answers_is_refused(connect_guard: ConnectGuard) -> None:
    resolver = stub_resolver({"split.example": ["93.184.216.34", "192.168.1.20"]})
    with pytest.raises(UnsafeURL, match=r"192\.168\.1\.20, .*private"):
        Fetcher(LOOPBACK_OK, resolver=resolver).fetch("https://split.example/", kind="data")
    assert connect_guard.connects == []


def test_a_redirect_to_a_refused_address_is_refused_naming_the_hop(
    server: LoopbackServer, connect_guard: ConnectGuard
) -> None:
    server.routes["/go"] = lambda h: h.reply(302, headers={"Location": "http://internal.example/"})
    resolver = stub_resolver({"internal.example": ["10.0.0.1"]})
    with pytest.raises(UnsafeURL, match=r"refused http://internal\.example/: .*10\.0\.0\.1"):
        Fetcher(LOOPBACK_OK, resolver=resolver).fetch(server.url("/go"), kind="data")
    assert server.paths() == ["/go"]
    assert connect_guard.connects == [("127.0.0.1", server.port)]


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://example.com/", "http://user:pw@example.com/"]
)
def test_a_redirect_to_a_refused_scheme_or_user_info_is_refused(
    server: LoopbackServer, location: str
) -> None:
    server.routes["/go"] = lambda h: h.reply(301, headers={"Location": location})
    with pytest.raises(UnsafeURL, match="refused"):
        Fetcher(LOOPBACK_OK).fetch(server.url("/go"), kind="data")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/",
        "gopher://127.0.0.1:70/_GET",
        "data:text/plain,hello",
        "javascript:alert(1)",
        "http://user:secret@127.0.0.1/",
    ],
)
def test_the_fetcher_refuses_other_schemes_and_user_info(
    connect_guard: ConnectGuard, url: str
) -> None:
    connect_guard.forbid_all()
    with pytest.raises(UnsafeURL):
        Fetcher(LOOPBACK_OK).fetch(url)


def test_the_connection_goes_to_the_checked_address_with_the_real_host_header(
    server: LoopbackServer, connect_guard: ConnectGuard
) -> None:
    server.routes["/jobs"] = ok
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"] if len(calls) == 1 else ["10.0.0.1"]

    result = Fetcher(LOOPBACK_OK, resolver=rebinding).fetch(
        server.url("/jobs", host="careers.test"), kind="data"
    )
    assert result.status == 200
    assert calls == ["careers.test"]
    assert connect_guard.connects == [("127.0.0.1", server.port)]
    assert server.received[0].headers["host"] == f"careers.test:{server.port}"


def test_a_host_is_resolved_once_per_fetch_and_every_answer_is_checked(
    server: LoopbackServer, connect_guard: ConnectGuard
) -> None:
    server.routes["/a"] = lambda h: h.reply(302, headers={"Location": "/b"})
    server.routes["/b"] = ok
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])
    fetcher = Fetcher(LOOPBACK_OK, resolver=lambda h, p: next(answers))
    url = server.url("/a", host="rebind.example")

    assert fetcher.fetch(url, kind="data").url.endswith("/b")  # the redirect reuses the answer
    with pytest.raises(UnsafeURL, match=r"10\.0\.0\.1"):
        fetcher.fetch(url, kind="data")  # the next fetch asks again, and checks the new answer
    assert server.paths() == ["/a", "/b"]
    assert connect_guard.connects == [("127.0.0.1", server.port)] * 2


def test_public_hosts_only_on_standard_ports(connect_guard: ConnectGuard) -> None:
    resolver = stub_resolver({"jobs.example": ["93.184.216.34"]})
    with pytest.raises(UnsafeURL, match="port 6379 is not allowed"):
        Fetcher(FetchPolicy(), resolver=resolver).fetch("http://jobs.example:6379/", kind="data")
    assert connect_guard.connects == []


def test_too_many_redirects(server: LoopbackServer) -> None:
    def loop(handler: Handler) -> None:
        hop = int(handler.path.rsplit("/", 1)[1])
        handler.reply(302, headers={"Location": f"/r/{hop + 1}"})

    for hop in range(10):
        server.routes[f"/r/{hop}"] = loop
    with pytest.raises(TooManyRedirects, match="more than 5 times"):
        Fetcher(LOOPBACK_OK).fetch(server.url("/r/0"), kind="data")
    assert server.paths() == [f"/r/{hop}" for hop in range(6)]


def test_a_closed_port_is_a_connect_failure(server: LoopbackServer) -> None:
    url = server.url("/jobs")
    server.stop()
    server.start()  # a fresh ephemeral port; the old one is closed now
    with pytest.raises(ConnectFailed, match="could not connect"):
        Fetcher(LOOPBACK_OK).fetch(url, kind="data")


@pytest.mark.parametrize("location", ["http://[::1/", "http://[::1]:99999/", "http://x:port/"])
def test_a_broken_location_is_a_bad_response_naming_the_hop(
    server: LoopbackServer, location: str
) -> None:
    server.routes["/moved"] = lambda h: h.reply(302, headers={"Location": location})
    with pytest.raises(BadResponse, match=re.escape(server.url("/moved"))):
        Fetcher(LOOPBACK_OK).fetch(server.url("/moved"), kind="data")


@pytest.fixture
def other_server() -> Iterator[LoopbackServer]:
    """A second loopback server: another port, so another origin."""
    httpd = LoopbackServer().start()
    try:
        yield httpd
    finally:
        httpd.stop()


def test_a_redirect_to_another_origin_drops_the_post_body_and_validators(
    server: LoopbackServer, other_server: LoopbackServer
) -> None:
    elsewhere = other_server.url("/search")
    server.routes["/search"] = lambda h: h.reply(307, headers={"Location": elsewhere})
    server.routes["/page"] = lambda h: h.reply(302, headers={"Location": elsewhere})
    server.routes["/here"] = lambda h: h.reply(302, headers={"Location": "/page-2"})
    server.routes["/page-2"] = ok
    other_server.routes["/search"] = ok
    fetcher = Fetcher(LOOPBACK_OK)
    validators = Validators(etag='"v1"', last_modified="Wed, 21 Oct 2026 07:28:00 GMT")

    fetcher.fetch(PageRequest(server.url("/search"), method="POST", json_body={"q": "secret"}))
    fetcher.fetch(server.url("/page"), kind="data", validators=validators)
    fetcher.fetch(server.url("/here"), kind="data", validators=validators)

    posted, conditional = other_server.received
    assert (posted.method, posted.body) == ("GET", b"")
    assert "if-none-match" not in conditional.headers
    assert "if-modified-since" not in conditional.headers
    same_origin = server.received[-1]
    assert (same_origin.path, same_origin.headers["if-none-match"]) == ("/page-2", '"v1"')
