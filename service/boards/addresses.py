"""Which URLs the fetcher may open: URL shape, host spelling, and the address policy.

A URL passes when its scheme is http(s), it has a host and no user-info, and EVERY address its
host resolves to is a public internet address. Host spellings the OS resolver would read as IPv4
(``2130706433``, ``0177.0.0.1``, ``127.1``, ``0x7f.1``) are normalised to the address they mean
before any check, and IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4, Teredo) are
judged by that IPv4 address; any other IPv6 address must be global unicast (2000::/3), which
refuses e.g. the SIIT form ``::ffff:0:7f00:1``. Loopback may be allowed by policy (tests,
offline demo); nothing else can be.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from service.boards.errors import ConnectFailed, UnsafeURL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]
"""(host, port) -> the address strings the host resolves to; `system_resolver` by default."""

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
LOOPBACK = "loopback"

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network
_REFUSED_V4: tuple[tuple[ipaddress.IPv4Network, str], ...] = (
    (_V4("0.0.0.0/8"), "'this network' (0.0.0.0/8)"),
    (_V4("10.0.0.0/8"), "private network"),
    (_V4("100.64.0.0/10"), "carrier-grade NAT (shared address space)"),
    (_V4("127.0.0.0/8"), LOOPBACK),
    (_V4("169.254.0.0/16"), "link-local (includes the cloud metadata address)"),
    (_V4("168.63.129.16/32"), "cloud platform endpoint"),
    (_V4("172.16.0.0/12"), "private network"),
    (_V4("192.0.0.0/24"), "IETF protocol assignment"),
    (_V4("192.0.2.0/24"), "documentation range"),
    (_V4("192.88.99.0/24"), "deprecated 6to4 relay"),
    (_V4("192.168.0.0/16"), "private network"),
    (_V4("198.18.0.0/15"), "benchmarking range"),
    (_V4("198.51.100.0/24"), "documentation range"),
    (_V4("203.0.113.0/24"), "documentation range"),
    (_V4("224.0.0.0/4"), "multicast"),
    (_V4("240.0.0.0/4"), "reserved (or broadcast)"),
)
_REFUSED_V6: tuple[tuple[ipaddress.IPv6Network, str], ...] = (
    (_V6("::/128"), "unspecified"),
    (_V6("::1/128"), LOOPBACK),
    (_V6("::/96"), "IPv4-compatible (deprecated)"),
    (_V6("64:ff9b:1::/48"), "local-use NAT64"),
    (_V6("100::/64"), "discard-only"),
    (_V6("2001:db8::/32"), "documentation range"),
    (_V6("3fff::/20"), "documentation range"),
    (_V6("fc00::/7"), "unique-local (private)"),
    (_V6("fe80::/10"), "link-local"),
    (_V6("fec0::/10"), "site-local (deprecated)"),
    (_V6("ff00::/8"), "multicast"),
)
_NAT64 = _V6("64:ff9b::/96")
_GLOBAL_UNICAST = _V6("2000::/3")
_NUMBER_LABEL = re.compile(r"^(?:[0-9]+|0x[0-9a-f]*)$", re.IGNORECASE)
_IPV4_PART = re.compile(r"^(?:0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Target:
    """A checked URL: where to connect (the checked addresses) and whom to name (host)."""

    url: str
    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]

    @property
    def host_header(self) -> str:
        """The Host header value: the real host name, with the port when it is not the default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if DEFAULT_PORTS[self.scheme] == self.port else f"{host}:{self.port}"

    @property
    def origin(self) -> tuple[str, str, int]:
        """(scheme, host, port): the key robots.txt rules are kept under."""
        return (self.scheme, self.host, self.port)


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve once with getaddrinfo; the addresses in the order the OS prefers them."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def parse_ipv4_loose(host: str) -> ipaddress.IPv4Address | None:
    """Read an IPv4 address the way inet_aton does (decimal, octal, hex, 1-4 parts), else None."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.match(p) for p in parts):
        return None
    values = [_ipv4_part_value(p) for p in parts]
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        return None
    number = last
    for index, value in enumerate(head):
        number += value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def _ipv4_part_value(part: str) -> int:
    """One inet_aton part: 0x-prefixed hex, 0-prefixed octal, else decimal."""
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8)
    return int(part)


def host_literal(host: str) -> IPAddress | None:
    """The address a host written as an IP literal means (any spelling), or None for a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    labels = host.split(".")
    if _NUMBER_LABEL.match(labels[-1]):
        address = parse_ipv4_loose(host)
        if address is None:
            raise UnsafeURL(f"'{host}' looks like an IP address but is not a valid one")
        return address
    return None


def refusal_reason(address: IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Why this address may not be fetched (e.g. "private network"), or None when it may."""
    if isinstance(address, ipaddress.IPv6Address):
        return _ipv6_refusal(address, allow_loopback)
    reason = _listed(address, _REFUSED_V4)
    if reason is None and not address.is_global:
        reason = "not a public internet address"
    if reason == LOOPBACK and allow_loopback:
        return None
    return reason


def _ipv6_refusal(address: ipaddress.IPv6Address, allow_loopback: bool) -> str | None:
    """IPv6 policy: embedded IPv4 forms are judged by the IPv4 address they carry."""
    if address.scope_id:
        return "scoped (zone id) address"
    embedded = _embedded_ipv4(address)
    if embedded:
        allow = allow_loopback and address.ipv4_mapped is not None
        reasons = [refusal_reason(v4, allow_loopback=allow) for v4 in embedded]
        found = next((r for r in reasons if r), None)
        return f"{found} (embedded in an IPv6 address)" if found else None
    reason = _listed(address, _REFUSED_V6)
    if reason is None and address not in _GLOBAL_UNICAST:
        reason = "outside the global unicast range 2000::/3"
    if reason is None and not address.is_global:
        reason = "not a public internet address"
    if reason == LOOPBACK and allow_loopback:
        return None
    return reason


def is_loopback(address: str) -> bool:
    """Whether an address string is loopback, also in its IPv4-mapped IPv6 form."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    """IPv4 addresses carried by an IPv4-mapped, NAT64, 6to4 or Teredo address (else empty)."""
    if address.ipv4_mapped is not None:
        return (address.ipv4_mapped,)
    if address in _NAT64:
        return (ipaddress.IPv4Address(int(address) & 0xFFFFFFFF),)
    if address.sixtofour is not None:
        return (address.sixtofour,)
    if address.teredo is not None:
        return address.teredo
    return ()


def _listed(
    address: IPAddress,
    networks: Sequence[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str]],
) -> str | None:
    """The reason of the first refused network holding this address."""
    return next((reason for network, reason in networks if address in network), None)


def canonical_host(host: str) -> str:
    """A host as it is named on the wire: IP literals in their standard form, names unchanged."""
    literal = host_literal(host)
    return host if literal is None else str(literal)


def check_url(url: str, *, allow_loopback: bool, resolver: Resolver) -> Target:
    """Check a URL's shape, resolve its host once and check every address; raise UnsafeURL."""
    scheme, host, port = split_url(url)
    literal = host_literal(host)
    if literal is not None:
        addresses: tuple[IPAddress, ...] = (literal,)
        host = str(literal)
    else:
        addresses = _resolve(host, port, resolver)
    for address in addresses:
        reason = refusal_reason(address, allow_loopback=allow_loopback)
        if reason:
            shown = f"{address}" if literal else f"{host} resolves to {address}, which"
            raise UnsafeURL(
                f"refused {url}: {shown} is not a public address ({reason}); "
                "only public internet addresses can be fetched"
            )
    return Target(url, scheme, host, port, tuple(str(a) for a in addresses))


def split_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL without user-info; raise UnsafeURL otherwise."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise UnsafeURL(f"refused {url!r}: it is not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        raise UnsafeURL(f"refused {url!r}: {shown} URLs cannot be fetched, only http and https")
    if "@" in parts.netloc:
        raise UnsafeURL(f"refused {url!r}: URLs with a user name or password cannot be fetched")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeURL(f"refused {url!r}: the URL has no host name")
    if "%" in host:
        what = "IPv6 zone ids" if ":" in host else "percent-encoded host names"
        raise UnsafeURL(f"refused {url!r}: {what} cannot be fetched")
    if port == 0:
        raise UnsafeURL(f"refused {url!r}: port 0 cannot be fetched")
    return scheme, _ascii_host(host, url), port or DEFAULT_PORTS[scheme]


def _ascii_host(host: str, url: str) -> str:
    """The IDNA (punycode) form of a host name, as requests will send it."""
    if host.isascii():
        return host
    import idna  # requests depends on it; only needed for non-ASCII names

    try:
        return str(idna.encode(host, uts46=True).decode("ascii"))
    except idna.IDNAError as exc:
        raise UnsafeURL(f"refused {url!r}: '{host}' is not a valid host name") from exc


def _resolve(host: str, port: int, resolver: Resolver) -> tuple[IPAddress, ...]:
    """Resolve a name once; every answer must be a valid IP address."""
    try:
        answers = list(resolver(host, port))
    except (OSError, UnicodeError) as exc:
        raise ConnectFailed(f"could not find the host {host}: {exc}; check the URL") from exc
    if not answers:
        raise ConnectFailed(f"could not find the host {host}; check the URL")
    try:
        return tuple(ipaddress.ip_address(a) for a in answers)
    except ValueError as exc:
        raise UnsafeURL(f"refused {host}: the resolver answered {answers!r}") from exc
