"""HTTP behaviour of the fetcher against real loopback servers: validators, robots, UA, TLS."""

import json
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.boards.base import PageRequest
from service.boards.fetch import (
    ConnectFailed,
    Fetcher,
    FetchPolicy,
    RobotsDisallowed,
    UnsafeURL,
)
from service.boards.robots import RobotsCache
from tests.boards.servers import Handler, LoopbackServer, stub_resolver

pytestmark = pytest.mark.usefixtures("connect_guard")

POLICY = FetchPolicy(allow_loopback=True, contact_url="https://nextround.example/contact")
ETAG = '"v1"'
LAST_MODIFIED = "Wed, 21 Oct 2026 07:28:00 GMT"


def versioned(handler: Handler) -> None:
    """200 with validators, or 304 when the client already has this version."""
    if handler.headers.get("If-None-Match") == ETAG:
        handler.reply(304, headers={"ETag": ETAG})
    else:
        handler.reply(200, b'{"jobs": [1]}', {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})


def test_a_304_is_reported_as_not_modified_with_the_validators_sent(
    server: LoopbackServer,
) -> None:
    server.routes["/jobs"] = versioned
    fetcher = Fetcher(POLICY)
    first = fetcher.fetch(server.url("/jobs"), kind="data")
    assert (first.status, first.not_modified, first.body) == (200, False, b'{"jobs": [1]}')
    assert first.validators.etag == ETAG
    assert first.validators.last_modified == LAST_MODIFIED

    second = fetcher.fetch(server.url("/jobs"), kind="data", validators=first.validators)
    assert (second.status, second.not_modified, second.body) == (304, True, b"")
    assert second.validators == first.validators
    sent = server.received[1].headers
    assert (sent["if-none-match"], sent["if-modified-since"]) == (ETAG, LAST_MODIFIED)


def test_without_validators_an_equal_content_hash_means_unchanged(server: LoopbackServer) -> None:
    body = {"n": 1}
    server.routes["/jobs"] = lambda h: h.reply(200, json.dumps(body).encode())
    fetcher = Fetcher(POLICY)
    first = fetcher.fetch(server.url("/jobs"), kind="data")
    assert first.content_hash is not None
    assert len(first.content_hash) == 64
    again = fetcher.fetch(server.url("/jobs"), kind="data", validators=first.validators)
    assert (again.not_modified, again.content_hash) == (True, first.content_hash)
    assert "if-none-match" not in server.received[1].headers

    body["n"] = 2
    changed = fetcher.fetch(server.url("/jobs"), kind="data", validators=again.validators)
    assert changed.not_modified is False
    assert changed.content_hash != first.content_hash


def test_an_honest_user_agent_is_sent(server: LoopbackServer) -> None:
    server.routes["/jobs"] = lambda h: h.reply(200, b"[]")
    Fetcher(POLICY).fetch(server.url("/jobs"), kind="data")
    agent = server.received[0].headers["user-agent"]
    assert agent == "NextRound/0.1 (+https://nextround.example/contact)"


def test_a_board_post_request_sends_its_json_body_and_accept(server: LoopbackServer) -> None:
    server.routes["/wday/cxs/acme/jobs"] = lambda h: h.reply(200, b'{"total": 0}')
    request = PageRequest(
        server.url("/wday/cxs/acme/jobs"), method="POST", json_body={"limit": 20, "offset": 40}
    )
    result = Fetcher(POLICY).fetch(request)
    got = server.received[0]
    assert (result.status, got.method, json.loads(got.body)) == (200, "POST", request.json_body)
    assert got.headers["accept"] == "application/json"
    assert got.headers["content-type"] == "application/json"


def test_303_turns_a_post_into_a_get_and_307_keeps_it(server: LoopbackServer) -> None:
    server.routes["/see-other"] = lambda h: h.reply(303, headers={"Location": "/done"})
    server.routes["/temporary"] = lambda h: h.reply(307, headers={"Location": "/done"})
    server.routes["/done"] = lambda h: h.reply(200, b"ok")
    fetcher = Fetcher(POLICY)
    for path in ("/see-other", "/temporary"):
        result = fetcher.fetch(PageRequest(server.url(path), method="POST", json_body={"a": 1}))
        assert result.redirects == (server.url(path),)
        assert result.url == server.url("/done")
    methods = [(r.path, r.method, r.body) for r in server.received]
    assert methods == [
        ("/see-other", "POST", b'{"a": 1}'),
        ("/done", "GET", b""),
        ("/temporary", "POST", b'{"a": 1}'),
        ("/done", "POST", b'{"a": 1}'),
    ]


def robots(text: str, status: int = 200):
    return lambda h: h.reply(status, text.encode(), {"Content-Type": "text/plain"})


def test_robots_disallow_is_honoured_for_html_only(server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = robots("User-agent: *\nDisallow: /private\n")
    server.routes["/private/jobs"] = lambda h: h.reply(200, b"<p>jobs</p>")
    fetcher = Fetcher(POLICY)
    with pytest.raises(RobotsDisallowed, match=r"robots\.txt does not allow NextRound"):
        fetcher.fetch(server.url("/private/jobs"))
    assert server.paths() == ["/robots.txt"]
    assert fetcher.fetch(server.url("/private/jobs"), kind="data").status == 200
    assert server.paths() == ["/robots.txt", "/private/jobs"]


def test_robots_groups_match_our_product_token(server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = robots("User-agent: NextRound\nDisallow: /\n\nUser-agent: *\n")
    with pytest.raises(RobotsDisallowed):
        Fetcher(POLICY).fetch(server.url("/careers"))


def test_robots_is_fetched_once_per_host_and_kept(server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = robots("User-agent: *\nDisallow: /private\n")
    server.routes["/careers"] = lambda h: h.reply(
        200, b"<p>jobs</p>", {"Content-Type": "text/html"}
    )
    fetcher = Fetcher(POLICY)
    for _ in range(3):
        assert fetcher.fetch(server.url("/careers")).body == b"<p>jobs</p>"
    assert server.paths() == ["/robots.txt", "/careers", "/careers", "/careers"]


def test_crawl_delay_is_known_once_robots_is_read(server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = robots("User-agent: *\nCrawl-delay: 7\n")
    server.routes["/careers"] = lambda h: h.reply(200, b"<p>jobs</p>")
    fetcher = Fetcher(POLICY)
    assert fetcher.crawl_delay(server.url("/careers")) is None
    fetcher.fetch(server.url("/careers"))
    assert fetcher.crawl_delay(server.url("/other")) == 7.0


def test_kept_robots_rules_expire(server: LoopbackServer) -> None:
    now = [0.0]
    server.routes["/robots.txt"] = robots("User-agent: *\nAllow: /\n")
    server.routes["/careers"] = lambda h: h.reply(200, b"<p>jobs</p>")
    fetcher = Fetcher(POLICY, robots=RobotsCache(ttl=60, clock=lambda: now[0]))
    fetcher.fetch(server.url("/careers"))
    now[0] = 61.0
    fetcher.fetch(server.url("/careers"))
    assert server.paths().count("/robots.txt") == 2


def test_missing_robots_means_allowed(server: LoopbackServer) -> None:
    server.routes["/careers"] = lambda h: h.reply(200, b"<p>jobs</p>")
    assert Fetcher(POLICY).fetch(server.url("/careers")).status == 200
    assert server.paths() == ["/robots.txt", "/careers"]


def test_a_failing_robots_means_disallowed(server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = robots("oops", status=503)
    with pytest.raises(RobotsDisallowed):
        Fetcher(POLICY).fetch(server.url("/careers"))
    assert server.paths() == ["/robots.txt"]


def test_the_pinned_connection_sends_the_real_host(server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = robots("User-agent: *\nDisallow:\n")
    server.routes["/careers"] = lambda h: h.reply(200, b"<p>jobs</p>")
    resolver = stub_resolver({"careers.acme.test": ["127.0.0.1"]})
    Fetcher(POLICY, resolver=resolver).fetch(server.url("/careers", host="careers.acme.test"))
    hosts = {r.headers["host"] for r in server.received}
    assert hosts == {f"careers.acme.test:{server.port}"}


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for careers.test, made with the openssl command."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=careers.test", "-keyout", str(key),
         "-out", str(cert), "-addext", "subjectAltName=DNS:careers.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[tuple[LoopbackServer, list[str]]]:
    """An HTTPS server on 127.0.0.1 with the careers.test certificate; records the SNI names."""
    names: list[str] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    httpd = LoopbackServer(tls=context).start()
    httpd.routes["/jobs"] = lambda h: h.reply(200, b'{"jobs": []}')
    try:
        yield httpd, names
    finally:
        httpd.stop()


def test_tls_is_verified_for_the_real_host_on_the_pinned_address(
    tls_server: tuple[LoopbackServer, list[str]], certificate: tuple[Path, Path]
) -> None:
    server, names = tls_server
    policy = FetchPolicy(allow_loopback=True, ca_bundle=str(certificate[0]))
    resolver = stub_resolver({"careers.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    fetcher = Fetcher(policy, resolver=resolver)
    url = server.url("/jobs", host="careers.test", scheme="https")
    assert fetcher.fetch(url, kind="data").body == b'{"jobs": []}'
    assert names == ["careers.test"]
    assert server.received[0].headers["host"] == f"careers.test:{server.port}"

    with pytest.raises(ConnectFailed, match="certificate"):
        fetcher.fetch(server.url("/jobs", host="other.test", scheme="https"), kind="data")
    with pytest.raises(ConnectFailed, match="certificate"):
        Fetcher(FetchPolicy(allow_loopback=True), resolver=resolver).fetch(url, kind="data")
    assert len(server.received) == 1


def test_a_redirect_from_https_to_plain_http_is_refused(
    tls_server: tuple[LoopbackServer, list[str]], certificate: tuple[Path, Path]
) -> None:
    server, _ = tls_server
    downgrade = server.url("/jobs", host="careers.test")
    server.routes["/old"] = lambda h: h.reply(301, headers={"Location": downgrade})
    policy = FetchPolicy(allow_loopback=True, ca_bundle=str(certificate[0]))
    fetcher = Fetcher(policy, resolver=stub_resolver({"careers.test": ["127.0.0.1"]}))
    with pytest.raises(UnsafeURL, match="leaves https for plain http"):
        fetcher.fetch(server.url("/old", host="careers.test", scheme="https"), kind="data")
    assert server.paths() == ["/old"]
