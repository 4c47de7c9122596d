"""Board discovery against loopback servers, each playing one board kind's API host.

Every kind in `KINDS` gets its own real HTTP server on 127.0.0.1, reached through the base URL
override (the real code path); a server answers with a saved real response for the right token
and 404 for everything else. The connect guard fails any test that connects off loopback or
looks up a real host name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from service.boards.collect import Outcome as ReadOutcome
from service.boards.collect import collect_board
from service.boards.detect import Board
from service.boards.discover import (
    KINDS,
    MAX_REQUESTS,
    Outcome,
    discover,
    discover_boards,
)
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import get_reader
from tests.boards.servers import ConnectGuard, Handler, LoopbackServer, Route

pytestmark = pytest.mark.usefixtures("connect_guard")

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured"
# Kinds whose token is in the host name: their server sees that host as the first path segment.
HOST_TOKEN_KINDS = {"personio", "recruitee", "teamtailor", "bamboohr"}


def saved(path: str, content_type: str = "application/json") -> Route:
    """A route answering a saved real response."""
    body = (CAPTURED / path).read_bytes()
    return lambda handler: handler.reply(200, body, {"Content-Type": content_type})


def answer(body: bytes, content_type: str = "application/json") -> Route:
    return lambda handler: handler.reply(200, body, {"Content-Type": content_type})


def hang(handler: Handler) -> None:
    """Send nothing until the server stops (the client's read timeout ends the request)."""
    handler.server.owner.stopping.wait(30)
    handler.close_connection = True


@dataclass
class Farm:
    """One loopback server per board kind, and the base URLs that send each kind to its own."""

    servers: dict[str, LoopbackServer] = field(default_factory=dict)

    @property
    def base_urls(self) -> dict[str, str]:
        return {
            kind: server.url("/{host}" if kind in HOST_TOKEN_KINDS else "").rstrip("/")
            for kind, server in self.servers.items()
        }

    def route(self, kind: str, token: str, route: Route) -> str:
        """Make ``kind``'s server answer ``token``'s first request with ``route``; its path."""
        request = get_reader(kind).first_request
        assert request is not None
        url = request(token).url
        host, path = url.split("://", 1)[1].split("/", 1)
        path = "/" + path.split("?", 1)[0]
        if kind in HOST_TOKEN_KINDS:
            path = f"/{host}{path}"
        self.servers[kind].routes[path] = route
        return path

    def requests(self) -> int:
        return sum(len(server.received) for server in self.servers.values())


@pytest.fixture
def farm() -> Iterator[Farm]:
    """Every discovery kind's server, answering 404 to every path until routes are given."""
    made = Farm({kind.name: LoopbackServer().start() for kind in KINDS})
    try:
        yield made
    finally:
        for server in made.servers.values():
            server.stop()


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(FetchPolicy(allow_loopback=True, read_timeout=0.5, total_deadline=2.0))


def test_finds_the_board_of_a_past_employer_and_nothing_else(
    farm: Farm, fetcher: Fetcher, connect_guard: ConnectGuard
) -> None:
    farm.route("greenhouse", "acmecorp", saved("greenhouse/smarterdx-jobs-content-trimmed.json"))
    for token in ("acme", "acmecorp", "acme-corp"):  # Ashby answers any name with an empty board
        farm.route("ashby", token, answer(b'{"apiVersion": "1", "jobs": []}'))

    search = discover(
        "Acme Corp GmbH", "https://www.acme.example/", fetcher, base_urls=farm.base_urls
    )

    [found] = search.found
    assert (found.kind, found.token, found.postings) == ("greenhouse", "acmecorp", 2)
    assert found.api_url == farm.servers["greenhouse"].url("/v1/boards/acmecorp/jobs?content=true")
    assert search.tokens == ["acme", "acmecorp", "acme-corp"]
    outcomes = {(a.kind, a.token): a.outcome for a in search.attempts}
    assert outcomes[("greenhouse", "acme")] is Outcome.MISSING
    assert outcomes[("lever", "acme")] is Outcome.MISSING
    assert outcomes[("ashby", "acme")] is Outcome.EMPTY
    assert outcomes[("personio", "acmecorp")] is Outcome.MISSING
    # Two rounds (every kind's best token, then its second), then it stops.
    assert ("lever", "acme-corp") not in outcomes
    assert search.requests == farm.requests() == 2 * len(KINDS) <= MAX_REQUESTS
    assert connect_guard.connects and not connect_guard.refused


def test_every_kind_that_answers_in_the_same_round_is_offered(farm: Farm, fetcher: Fetcher) -> None:
    farm.route("recruitee", "acme", saved("recruitee/offers-sanitized.json"))
    farm.route("personio", "acme", saved("personio/xml-feed-sanitized.xml", "application/xml"))
    farm.route("lever", "acme", answer(b"[]"))  # a real board with no postings today

    found = discover_boards("Acme GmbH", None, fetcher, base_urls=farm.base_urls)

    assert {(f.kind, f.token) for f in found} == {
        ("lever", "acme"),
        ("personio", "acme"),
        ("recruitee", "acme"),
    }
    assert next(f for f in found if f.kind == "lever").postings == 0
    assert all(f.postings > 0 for f in found if f.kind != "lever")
    assert farm.requests() == len(KINDS)  # one round: "acme" is the only token


def test_the_request_budget_is_never_exceeded(farm: Farm, fetcher: Fetcher) -> None:
    search = discover(
        "Acme Corp GmbH", "acme-group.example", fetcher, base_urls=farm.base_urls, max_requests=5
    )

    assert search.found == []
    assert search.budget_exhausted
    assert search.requests == farm.requests() == 5


def test_no_request_starts_after_the_time_budget(farm: Farm, fetcher: Fetcher) -> None:
    ticks = iter(range(0, 1000, 50))  # an explicit clock: 50 s pass between two looks at it

    search = discover(
        "Acme", None, fetcher, base_urls=farm.base_urls, max_seconds=120, clock=lambda: next(ticks)
    )

    assert search.budget_exhausted
    assert search.requests == farm.requests() == 2


def test_nothing_found_tries_each_kind_a_few_times_within_the_default_budget(
    farm: Farm, fetcher: Fetcher
) -> None:
    search = discover("Acme Corp Group AG", "acme-corp.example", fetcher, base_urls=farm.base_urls)

    assert search.found == []
    assert search.requests == farm.requests() <= MAX_REQUESTS
    assert all(a.outcome is Outcome.MISSING for a in search.attempts)
    per_kind = {kind.name: 0 for kind in KINDS}
    for attempt in search.attempts:
        per_kind[attempt.kind] += 1
    assert max(per_kind.values()) <= 3
    assert len({(a.kind, a.token) for a in search.attempts}) == len(search.attempts)


def test_a_hanging_candidate_does_not_stop_the_others(farm: Farm, fetcher: Fetcher) -> None:
    farm.route("lever", "acme", hang)
    farm.route("workable", "acme", saved("workable/zaelab-widget-accounts-trimmed.json"))

    search = discover("Acme", None, fetcher, base_urls=farm.base_urls)

    assert [(f.kind, f.token) for f in search.found] == [("workable", "acme")]
    lever = next(a for a in search.attempts if a.kind == "lever")
    assert lever.outcome is Outcome.FAILED
    assert "sent nothing" in lever.detail or "longer than" in lever.detail


def test_wrong_shapes_and_redirects_elsewhere_are_not_boards(farm: Farm, fetcher: Fetcher) -> None:
    farm.route("bamboohr", "acme", answer(b"<html><h1>Welcome</h1></html>", "text/html"))
    other = farm.servers["greenhouse"]  # another origin serving a real board
    other.routes["/elsewhere.rss"] = saved("teamtailor/upcloud-jobs-rss-trimmed.xml", "text/xml")
    farm.route(
        "teamtailor",
        "acme",
        lambda h: h.reply(302, headers={"Location": other.url("/elsewhere.rss")}),
    )
    farm.route("smartrecruiters", "Acme", answer(b'{"unexpected": true}'))

    search = discover("Acme", None, fetcher, base_urls=farm.base_urls)

    assert search.found == []
    outcomes = {a.kind: a.outcome for a in search.attempts}
    assert outcomes["bamboohr"] is Outcome.UNREADABLE
    assert outcomes["teamtailor"] is Outcome.MOVED
    assert outcomes["smartrecruiters"] is Outcome.UNREADABLE


def test_the_safe_fetcher_still_refuses_loopback_unless_allowed(
    farm: Farm, connect_guard: ConnectGuard
) -> None:
    farm.route("greenhouse", "acme", saved("greenhouse/smarterdx-jobs-content-trimmed.json"))
    strict = Fetcher(FetchPolicy())

    search = discover("Acme", None, strict, base_urls=farm.base_urls)

    assert search.found == []
    assert {a.outcome for a in search.attempts} == {Outcome.FAILED}
    assert "refused" in search.attempts[0].detail
    assert farm.requests() == 0 and connect_guard.connects == []


def test_only_the_kinds_asked_for_are_tried(farm: Farm, fetcher: Fetcher) -> None:
    farm.route("greenhouse", "acme", saved("greenhouse/smarterdx-jobs-content-trimmed.json"))
    lever_only = [k for k in KINDS if k.name == "lever"]

    search = discover("Acme", None, fetcher, kinds=lever_only, base_urls=farm.base_urls)

    assert search.found == []
    assert [(a.kind, a.token) for a in search.attempts] == [("lever", "acme")]


def test_no_token_means_no_request(farm: Farm, fetcher: Fetcher) -> None:
    search = discover("株式会社", "http://192.0.2.1/", fetcher, base_urls=farm.base_urls)

    assert search.tokens == [] and search.attempts == [] and farm.requests() == 0


def test_collect_board_reads_through_the_same_base_urls(farm: Farm, fetcher: Fetcher) -> None:
    farm.route("recruitee", "acme", saved("recruitee/offers-sanitized.json"))
    [found] = discover_boards("Acme Corp", None, fetcher, base_urls=farm.base_urls)

    recruitee = collect_board(found.board, fetcher, base_urls=farm.base_urls)

    assert found.board == Board("recruitee", "acme", "https://acme.recruitee.com/api/offers/")
    assert recruitee.outcome is ReadOutcome.COMPLETE
    assert len(recruitee.postings) == found.postings > 0
    assert farm.servers["recruitee"].paths()[-1] == "/acme.recruitee.com/api/offers/"
