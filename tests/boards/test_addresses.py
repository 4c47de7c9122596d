"""The address policy: which hosts and addresses the fetcher may open (no network at all)."""

import ipaddress

import pytest

from service.boards.addresses import (
    check_url,
    host_literal,
    parse_ipv4_loose,
    refusal_reason,
    split_url,
)
from service.boards.errors import ConnectFailed, UnsafeURL
from tests.boards.servers import stub_resolver

pytestmark = pytest.mark.usefixtures("connect_guard")


@pytest.mark.parametrize(
    ("spelling", "meaning"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0x7F.0.0.01", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("0", "0.0.0.0"),
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("2852039166", "169.254.169.254"),
        ("8.8.8.8", "8.8.8.8"),
    ],
)
def test_odd_ipv4_spellings_mean_the_address_inet_aton_reads(spelling: str, meaning: str) -> None:
    assert parse_ipv4_loose(spelling) == ipaddress.IPv4Address(meaning)
    assert host_literal(spelling) == ipaddress.IPv4Address(meaning)


@pytest.mark.parametrize("host", ["256.0.0.1", "1.2.3.4.5", "0x1g.1", "08.0.0.1", "4294967296"])
def test_invalid_numeric_hosts_are_refused_not_resolved(host: str) -> None:
    with pytest.raises(UnsafeURL, match="not a valid"):
        host_literal(host)


@pytest.mark.parametrize("host", ["example.com", "1.2.3.com", "0x7f.example", "careers.test"])
def test_names_are_not_literals(host: str) -> None:
    assert host_literal(host) is None


REFUSED = {
    "127.0.0.1": "loopback",
    "127.255.255.254": "loopback",
    "::1": "loopback",
    "0.0.0.0": "this network",
    "0.1.2.3": "this network",
    "::": "unspecified",
    "10.0.0.1": "private",
    "172.16.0.1": "private",
    "172.31.255.255": "private",
    "192.168.1.1": "private",
    "169.254.169.254": "link-local",
    "169.254.0.1": "link-local",
    "fe80::1": "link-local",
    "100.64.0.1": "carrier-grade NAT",
    "100.127.255.255": "carrier-grade NAT",
    "fc00::1": "unique-local",
    "fd00:ec2::254": "unique-local",
    "224.0.0.1": "multicast",
    "224.0.1.1": "multicast",
    "ff02::1": "multicast",
    "240.0.0.1": "reserved",
    "255.255.255.255": "reserved",
    "192.0.2.10": "documentation",
    "198.51.100.7": "documentation",
    "203.0.113.9": "documentation",
    "2001:db8::1": "documentation",
    "198.18.0.1": "benchmarking",
    "192.0.0.170": "IETF",
    "168.63.129.16": "cloud",
    "::ffff:127.0.0.1": "loopback",
    "::ffff:10.0.0.1": "private",
    "::ffff:169.254.169.254": "link-local",
    "::127.0.0.1": "IPv4-compatible",
    "64:ff9b::a00:1": "private",
    "64:ff9b::7f00:1": "loopback",
    "64:ff9b:1::1": "NAT64",
    "2002:a00:1::1": "private",
    "2002:7f00:1::1": "loopback",
    "2001:0:4136:e378:8000:63bf:f5ff:fffe": "private",
    "fec0::1": "site-local",
    "100::1": "discard",
    "::ffff:0:7f00:1": "2000::/3",
    "::ffff:0:a00:1": "2000::/3",
    "5f00::1": "2000::/3",
    "4000::1": "2000::/3",
    "::2": "IPv4-compatible",
}


@pytest.mark.parametrize(("address", "reason"), REFUSED.items())
def test_refused_addresses_say_why(address: str, reason: str) -> None:
    found = refusal_reason(ipaddress.ip_address(address))
    assert found is not None
    assert reason in found


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:93.184.216.34", "64:ff9b::5db8:d822"],
)
def test_public_addresses_pass(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("address", ["127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1"])
def test_allowing_loopback_allows_loopback(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address), allow_loopback=True) is None


@pytest.mark.parametrize(
    "address", [*[a for a, r in REFUSED.items() if r != "loopback"], "64:ff9b::7f00:1"]
)
def test_allowing_loopback_allows_nothing_else(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address), allow_loopback=True) is not None


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/jobs",
        "gopher://example.com:70/",
        "data:text/html,<h1>hi</h1>",
        "javascript:alert(1)",
        "//example.com/jobs",
        "example.com/jobs",
        "ws://example.com/",
    ],
)
def test_only_http_and_https_schemes(url: str) -> None:
    with pytest.raises(UnsafeURL, match="only http and https"):
        split_url(url)


@pytest.mark.parametrize("url", ["HTTP://Example.COM/jobs", "hTtPs://example.com"])
def test_scheme_case_does_not_matter(url: str) -> None:
    scheme, host, _ = split_url(url)
    assert scheme in ("http", "https")
    assert host == "example.com"


@pytest.mark.parametrize(
    "url",
    [
        "http://user:pass@example.com/",
        "http://user@example.com/",
        "http://example.com@127.0.0.1/",
        "http://:@example.com/",
        "http://evil.com\\@127.0.0.1/",
    ],
)
def test_user_info_refused(url: str) -> None:
    with pytest.raises(UnsafeURL, match="user name or password"):
        split_url(url)


@pytest.mark.parametrize("url", ["http:///jobs", "https://", "http://:80/"])
def test_empty_host_refused(url: str) -> None:
    with pytest.raises(UnsafeURL, match="no host"):
        split_url(url)


def test_bad_port_and_zone_ids_refused() -> None:
    with pytest.raises(UnsafeURL, match="not a valid URL"):
        split_url("http://example.com:99999/")
    with pytest.raises(UnsafeURL, match="zone"):
        split_url("http://[fe80::1%25eth0]/")


@pytest.mark.parametrize("url", ["http://example.com:0/", "https://example.com:00/jobs"])
def test_port_zero_is_refused_not_taken_as_the_default(url: str) -> None:
    with pytest.raises(UnsafeURL, match="port 0"):
        split_url(url)


def test_percent_encoded_names_are_refused_with_their_own_reason() -> None:
    with pytest.raises(UnsafeURL, match="percent-encoded host names") as raised:
        split_url("http://ex%61mple.com/")
    assert "zone" not in str(raised.value)


def test_international_names_are_checked_in_punycode() -> None:
    resolver = stub_resolver({"xn--bcher-kva.example": ["93.184.216.34"]})
    target = check_url("https://bücher.example/jobs", allow_loopback=False, resolver=resolver)
    assert target.host == "xn--bcher-kva.example"
    assert target.host_header == "xn--bcher-kva.example"


def test_every_resolved_address_is_checked() -> None:
    resolver = stub_resolver({"mixed.example": ["93.184.216.34", "2606:4700::1", "10.0.0.7"]})
    with pytest.raises(UnsafeURL, match=r"mixed\.example resolves to 10\.0\.0\.7"):
        check_url("https://mixed.example/", allow_loopback=False, resolver=resolver)


def test_a_public_name_gives_its_checked_addresses_and_host_header() -> None:
    resolver = stub_resolver({"jobs.example": ["93.184.216.34", "2606:4700::1"]})
    target = check_url("http://jobs.example:8080/x", allow_loopback=False, resolver=resolver)
    assert target.addresses == ("93.184.216.34", "2606:4700::1")
    assert target.host_header == "jobs.example:8080"
    assert target.origin == ("http", "jobs.example", 8080)


def test_literal_hosts_are_not_resolved_and_named_canonically() -> None:
    target = check_url("http://0x5d.0xb8.0xd8.0x22/", allow_loopback=False, resolver=_no_dns)
    assert target.addresses == ("93.184.216.34",)
    assert target.host == "93.184.216.34"


def test_unknown_names_are_a_connect_failure_not_unsafe() -> None:
    with pytest.raises(ConnectFailed, match="could not find the host"):
        check_url("https://nowhere.example/", allow_loopback=False, resolver=stub_resolver({}))


def test_a_resolver_answering_garbage_is_refused() -> None:
    resolver = stub_resolver({"odd.example": ["not-an-ip"]})
    with pytest.raises(UnsafeURL, match="resolver answered"):
        check_url("https://odd.example/", allow_loopback=False, resolver=resolver)


def _no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"{host} should not have been resolved")
