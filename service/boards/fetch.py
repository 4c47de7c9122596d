"""The safe fetcher: any URL a user types is fetched without reaching anything but the internet.

Every hop (the first URL and each redirect, followed by hand) is checked by
`service.boards.addresses.check_url`: http(s) only, no user-info, and every address the host
resolves to must be public. The host is resolved ONCE and the socket is opened to that checked
address (a pinned urllib3 pool), so DNS rebinding cannot slip a second answer in; TLS still
verifies the certificate against the real host name (SNI and hostname check), and the Host header
names the real host. Time is bounded per phase (connect, read) and in total across all hops,
their host lookups (each host looked up once per fetch, robots.txt included) and the body;
the decoded body is capped while it streams, so compression bombs stop early.

Body caps follow `kind`: "html" pages get `max_html_bytes`, "data" (JSON/XML APIs) gets
`max_data_bytes`, but a "data" fetch answered with text/html is held to the smaller of the two.
`kind` defaults from the request's Accept header. robots.txt is honoured for "html" only.
Redirects follow `service.boards.redirects`: no https-to-http downgrade, and a redirect to
another origin drops a POST body and the conditional-GET validators.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from typing import Literal

import requests
from urllib3.exceptions import NewConnectionError, ReadTimeoutError
from urllib3.util import make_headers

from service.boards.addresses import (
    Resolver,
    Target,
    check_url,
    is_loopback,
    system_resolver,
)
from service.boards.base import PageRequest
from service.boards.body import read_body
from service.boards.errors import (
    BadResponse,
    ConnectFailed,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
    UnsafeURL,
    status_error,
)
from service.boards.lookup import DeadlineResolver
from service.boards.pinning import Deadline, Pin, PinnedAdapter
from service.boards.redirects import Hop
from service.boards.robots import ROBOTS_MAX_BYTES, RobotsCache, RobotsRules, rules_from_response

__all__ = [
    "BadResponse",
    "ConnectFailed",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "FetchTimeout",
    "Fetcher",
    "HTTPStatusError",
    "RobotsDisallowed",
    "TooLarge",
    "TooManyRedirects",
    "UnsafeURL",
    "Validators",
]

log = logging.getLogger(__name__)

Kind = Literal["html", "data"]
_RunKind = Literal["html", "data", "robots"]
HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
VERSION = "0.1"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits of the fetcher; built by config from the environment (the fetcher never reads it)."""

    allow_loopback: bool = False
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_deadline: float = 30.0
    max_redirects: int = 5
    max_html_bytes: int = 5_000_000
    max_data_bytes: int = 20_000_000
    contact_url: str = ""
    user_agent: str = ""
    allowed_ports: frozenset[int] | None = frozenset({80, 443})
    """Ports public hosts may be fetched on (None = any); allowed loopback may use any port."""
    ca_bundle: str | None = None
    """A CA bundle file to verify TLS with instead of the default trust store."""

    def __post_init__(self) -> None:
        if not self.user_agent:
            contact = f" (+{self.contact_url})" if self.contact_url else ""
            object.__setattr__(self, "user_agent", f"NextRound/{VERSION}{contact}")

    @property
    def agent_token(self) -> str:
        """The User-Agent product token robots.txt groups are matched against."""
        return self.user_agent.split("/", 1)[0].split()[0]


@dataclass(frozen=True, slots=True)
class Validators:
    """What a previous fetch saw, to ask "has it changed?" next time."""

    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One fetch: the final URL, status and body, the new validators, and whether it changed."""

    url: str
    status: int
    body: bytes
    content_type: str
    validators: Validators
    not_modified: bool = False
    redirects: tuple[str, ...] = ()
    cookies: tuple[tuple[str, str], ...] = ()
    """Cookies the final response set (name, value), for a board's session step."""

    @property
    def content_hash(self) -> str | None:
        """sha256 (hex) of the body; for a 304 the hash of the unchanged earlier body."""
        return self.validators.content_hash


class Fetcher:
    """Fetches untrusted URLs under a FetchPolicy; one Fetcher can serve many fetches."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        resolver: Resolver = system_resolver,
        robots: RobotsCache | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.resolver = resolver
        self.robots = robots if robots is not None else RobotsCache()

    def fetch(
        self,
        request: PageRequest | str,
        *,
        kind: Kind | None = None,
        validators: Validators | None = None,
    ) -> FetchResult:
        """Fetch a page or API request safely; raise a FetchError subclass when it cannot be."""
        if isinstance(request, str):
            accept = "application/json" if kind == "data" else HTML_ACCEPT
            request = PageRequest(request, accept=accept)
        kind = kind or ("html" if "html" in request.accept.lower() else "data")
        deadline = Deadline(self.policy.total_deadline)
        resolver = DeadlineResolver(self.resolver, deadline)
        with ExitStack() as stack:
            deadline.start()
            stack.callback(deadline.cancel)
            stack.callback(resolver.close)
            run = _Run(self, validators or Validators(), deadline, stack, resolver)
            return run.follow(request, kind)

    def check(self, url: str, *, resolver: Resolver | None = None) -> Target:
        """Check a URL (e.g. a webhook the user enters) without fetching it; raise UnsafeURL."""
        target = check_url(
            url, allow_loopback=self.policy.allow_loopback, resolver=resolver or self.resolver
        )
        self._check_port(target)
        return target

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay the URL's site asks of us, if its robots.txt is known by now."""
        target = self.check(url)
        rules = self.robots.get(target.origin)
        return rules.crawl_delay(self.policy.agent_token) if rules else None

    def _check_port(self, target: Target) -> None:
        """Refuse unusual ports on public hosts (loopback, when allowed, may use any port)."""
        ports = self.policy.allowed_ports
        if ports is None or target.port in ports or all(map(is_loopback, target.addresses)):
            return
        raise UnsafeURL(
            f"refused {target.url}: port {target.port} is not allowed "
            f"(allowed: {', '.join(str(p) for p in sorted(ports))})"
        )


@dataclass
class _Run:
    """One fetch: its validators, its deadline, and the adapters to close at the end."""

    fetcher: Fetcher
    validators: Validators
    deadline: Deadline
    stack: ExitStack
    resolver: Resolver

    @property
    def policy(self) -> FetchPolicy:
        return self.fetcher.policy

    def follow(self, request: PageRequest, kind: _RunKind) -> FetchResult:
        """Send the request and follow redirects by hand, checking every hop."""
        hop = Hop(request.url, request.method.upper(), request.json_body)
        seen: list[str] = []
        for _ in range(self.policy.max_redirects + 1):
            target = self.fetcher.check(hop.url, resolver=self.resolver)
            if kind == "html":
                self._check_robots(target)
            with self._translated(target.url):
                response = self._send(target, hop, request)
                location = response.headers.get("Location")
                if response.status_code not in REDIRECT_STATUSES or not location:
                    return self._finish(response, kind, tuple(seen))
                response.close()
            log.debug("redirect %s -> %s (%d)", hop.url, location, response.status_code)
            seen.append(hop.url)
            hop = hop.redirected(response.status_code, location)
        raise TooManyRedirects(
            f"{request.url} redirected more than {self.policy.max_redirects} times "
            f"(last to {hop.url}); check the URL in a browser"
        )

    def _send(self, target: Target, hop: Hop, request: PageRequest) -> requests.Response:
        """Send one hop to the target's checked addresses, trying the next if one cannot connect."""
        headers = self._headers(target, hop, request)
        raw = request.body if hop.method == "POST" else None
        prepared = requests.Request(
            hop.method, hop.url, headers, json=hop.json_body, data=raw
        ).prepare()
        for index, address in enumerate(target.addresses):
            adapter = PinnedAdapter(target, Pin(address, self.deadline))
            self.stack.callback(adapter.close)
            try:
                return adapter.send(
                    prepared, stream=True, timeout=self._timeouts(target), verify=self._verify()
                )
            except requests.ConnectionError as exc:
                if index + 1 == len(target.addresses) or not _not_connected(exc):
                    raise
                log.info("could not connect to %s at %s, trying the next", target.host, address)
        raise AssertionError("unreachable: a target has at least one address")

    def _headers(self, target: Target, hop: Hop, request: PageRequest) -> dict[str, str]:
        """Headers of one hop: the real Host, an honest User-Agent, and conditional validators."""
        headers = {
            # A request's own headers (a session's cookie) go to its origin only, replacing none.
            **(dict(request.headers) if hop.same_origin else {}),
            "Host": target.host_header,
            "User-Agent": self.policy.user_agent,
            "Accept": request.accept,
            "Accept-Encoding": make_headers(accept_encoding=True)["accept-encoding"],
        }
        conditional = hop.method == "GET" and hop.same_origin
        if conditional and self.validators.etag:
            headers["If-None-Match"] = self.validators.etag
        if conditional and self.validators.last_modified:
            headers["If-Modified-Since"] = self.validators.last_modified
        return headers

    def _timeouts(self, target: Target) -> tuple[float, float]:
        """(connect, read) timeouts, never beyond what is left of the total deadline."""
        left = self.deadline.remaining()
        if left <= 0:
            raise self._timeout(target.url)
        return (min(self.policy.connect_timeout, left), min(self.policy.read_timeout, left))

    def _verify(self) -> bool | str:
        return self.policy.ca_bundle or True

    def _finish(
        self, response: requests.Response, kind: _RunKind, seen: tuple[str, ...]
    ) -> FetchResult:
        """Turn the final response into a result (or a typed error)."""
        url, status = response.url or "", response.status_code
        if status == 304:
            response.close()
            return FetchResult(
                url, status, b"", "", self._new_validators(response, None), True, seen
            )
        if status >= 300:
            response.close()
            raise status_error(
                url, status, response.reason, response.headers.get("Retry-After", "")
            )
        content_type = response.headers.get("Content-Type", "")
        body = read_body(
            response,
            self._cap(kind, content_type),
            truncate=kind == "robots",
            deadline=self.deadline,
            timeout=self._timeout,
        )
        digest = hashlib.sha256(body).hexdigest()
        unchanged = digest == self.validators.content_hash
        validators = self._new_validators(response, digest)
        cookies = tuple(response.cookies.items())
        return FetchResult(url, status, body, content_type, validators, unchanged, seen, cookies)

    def _new_validators(self, response: requests.Response, digest: str | None) -> Validators:
        """Validators after this response: its own, or the earlier ones it did not replace."""
        old = self.validators
        return Validators(
            etag=response.headers.get("ETag") or (old.etag if digest is None else None),
            last_modified=response.headers.get("Last-Modified")
            or (old.last_modified if digest is None else None),
            content_hash=digest or old.content_hash,
        )

    def _cap(self, kind: _RunKind, content_type: str) -> int:
        """The decoded-size limit for this kind of fetch and response."""
        if kind == "robots":
            return ROBOTS_MAX_BYTES
        if kind == "html":
            return self.policy.max_html_bytes
        if "html" in content_type.lower():
            return min(self.policy.max_data_bytes, self.policy.max_html_bytes)
        return self.policy.max_data_bytes

    def _check_robots(self, target: Target) -> None:
        """Refuse an HTML page the site's robots.txt disallows for our User-Agent."""
        rules = self.fetcher.robots.get(target.origin)
        if rules is None:
            rules = self._load_robots(target)
        if rules is not None and not rules.allows(target.url, self.policy.agent_token):
            raise RobotsDisallowed(
                f"{target.host}'s robots.txt does not allow {self.policy.agent_token} to fetch "
                f"{target.url}; use the board's API URL instead, or ask the site"
            )

    def _load_robots(self, target: Target) -> RobotsRules | None:
        """Fetch and keep an origin's robots.txt; None when it could not be fetched at all."""
        url = f"{target.scheme}://{target.host_header}/robots.txt"
        try:
            request = PageRequest(url, accept="text/plain")
            result = replace(self, validators=Validators()).follow(request, "robots")
        except HTTPStatusError as exc:
            rules = rules_from_response(exc.status, b"")
        except FetchError as exc:
            if self.deadline.expired:
                raise
            log.info("robots.txt of %s not available, allowing: %s", target.host, exc)
            return None
        else:
            rules = rules_from_response(result.status, result.body)
        self.fetcher.robots.put(target.origin, rules)
        return rules

    @contextmanager
    def _translated(self, url: str) -> Iterator[None]:
        """Turn requests/urllib3 errors into typed FetchErrors with actionable messages."""
        try:
            yield
        except requests.RequestException as exc:
            raise self._translate(url, exc) from exc

    def _translate(self, url: str, exc: requests.RequestException) -> FetchError:
        if self.deadline.expired:
            return self._timeout(url)
        if isinstance(exc, requests.ConnectTimeout):
            return FetchTimeout(
                f"{url}: could not connect within {self.policy.connect_timeout:g} s"
            )
        reason = _reason(exc)
        if isinstance(exc, requests.ReadTimeout) or isinstance(reason, ReadTimeoutError):
            return FetchTimeout(f"{url}: the site sent nothing for {self.policy.read_timeout:g} s")
        if isinstance(exc, requests.exceptions.SSLError):
            return ConnectFailed(f"{url}: the site's TLS certificate could not be verified ({exc})")
        if isinstance(
            exc, requests.exceptions.ContentDecodingError | requests.exceptions.ChunkedEncodingError
        ):
            return BadResponse(f"{url}: the response broke off or could not be decoded ({exc})")
        if isinstance(exc, requests.ConnectionError):
            return ConnectFailed(f"{url}: could not connect ({reason or exc}); is the site up?")
        return FetchError(f"{url}: {exc}")

    def _timeout(self, url: str) -> FetchTimeout:
        return FetchTimeout(
            f"{url}: the site took longer than {self.policy.total_deadline:g} s in all; "
            "it is too slow to watch, try again later"
        )


def _reason(exc: requests.RequestException) -> object:
    """The urllib3 error behind a requests error (MaxRetryError's reason when wrapped)."""
    inner = exc.args[0] if exc.args else None
    return getattr(inner, "reason", inner)


def _not_connected(exc: requests.ConnectionError) -> bool:
    """Whether the error happened before a connection was made (so another address may work)."""
    return isinstance(exc, requests.ConnectTimeout) or isinstance(_reason(exc), NewConnectionError)
