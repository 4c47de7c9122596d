"""Find a company's job board from its name and website: ask the known boards' public APIs.

For a company with no careers URL (a past employer, a company where the user knows people),
`discover` derives a few likely tokens (`service.boards.tokens`) and asks each kind in `KINDS`
for that token's board, through the safe fetcher, one request at a time. Candidates go in rounds:
the most likely token at every kind, then the next token, so requests to one host are spread
out and the best guesses come first. The search stops after the first round in which a kind
answered, and starts no request after ``max_requests`` requests or ``max_seconds`` seconds (each
request is bounded by the fetcher's own timeouts).

A kind answered when its response reads with that kind's reader (an empty board counts, except
for kinds that answer an unknown token with an empty board) and did not redirect to another
origin. Anything else (a 404, a timeout, a refusal, a payload of the wrong shape) is recorded
as an `Attempt` and the search goes on. ``base_urls`` sends a kind's requests elsewhere (see
`service.boards.origins`), which is how tests and the demo serve boards on loopback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from service.boards.base import PageRequest, Reader, ReadError
from service.boards.detect import Board
from service.boards.errors import FetchError, HTTPStatusError
from service.boards.fetch import Fetcher
from service.boards.origins import first_request
from service.boards.readers import get_reader
from service.boards.tokens import MAX_TOKENS, TokenForm, candidate_tokens, spelled

log = logging.getLogger(__name__)

MAX_REQUESTS = 24
MAX_SECONDS = 120.0
TOKENS_PER_KIND = 3


@dataclass(frozen=True, slots=True)
class DiscoveryKind:
    """A board kind discovery tries: how it spells tokens and what an unknown one answers."""

    name: str
    form: TokenForm = TokenForm.SLUG
    empty_is_unknown: bool = False
    """True when the board answers a token it does not know with an empty board (so an empty
    answer proves nothing)."""


# The kinds whose token can be derived from a company's name and whose public endpoint needs
# no credentials, most used first. Workday is not here: its token needs a pod and a site name.
# Nor are the enterprise boards: SuccessFactors is read on the employer's own careers host,
# Oracle's token is an opaque pod host plus a site number, and iCIMS portals use varying
# prefixes ("careers-", "uscareers-") behind a WAF with no documented 404 for an unknown one;
# detection from the company's careers page finds all three instead.
KINDS: tuple[DiscoveryKind, ...] = (
    DiscoveryKind("greenhouse", TokenForm.COMPACT),
    DiscoveryKind("lever"),
    DiscoveryKind("ashby", empty_is_unknown=True),
    DiscoveryKind("workable"),
    DiscoveryKind("smartrecruiters", TokenForm.CAMEL, empty_is_unknown=True),
    DiscoveryKind("personio"),
    DiscoveryKind("recruitee"),
    DiscoveryKind("teamtailor"),
    DiscoveryKind("bamboohr"),
)


class Outcome(StrEnum):
    """What one candidate's request came to."""

    FOUND = "found"
    MISSING = "missing"
    """The board answered 404 or 410: no such token."""
    EMPTY = "empty"
    """An empty board from a kind that answers unknown tokens so."""
    MOVED = "moved"
    """The request was redirected to another origin (not this kind's board)."""
    UNREADABLE = "unreadable"
    """The response is not a board of this kind."""
    FAILED = "failed"
    """The request could not be made or was refused (timeout, connect, other status, unsafe)."""
    INVALID = "invalid"
    """The token is not of this kind's form; nothing was sent."""


@dataclass(frozen=True, slots=True)
class Found:
    """A board that answered: its kind, token, API URL and how many postings it lists."""

    kind: str
    token: str
    api_url: str
    postings: int
    more: bool = False
    """True when the board has more pages than the one read (``postings`` counts the first)."""

    @property
    def board(self) -> Board:
        """The board as detection names it (its real API URL, whatever base URL answered)."""
        return Board(self.kind, self.token, first_request(get_reader(self.kind), self.token).url)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One candidate tried: kind, token, the URL asked and what came of it."""

    kind: str
    token: str
    url: str
    outcome: Outcome
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "outcome": str(self.outcome)}


@dataclass(slots=True)
class Discovery:
    """What a search found, every candidate it tried, and whether the budget cut it short."""

    tokens: list[str]
    found: list[Found] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    requests: int = 0
    budget_exhausted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "tokens": self.tokens,
            "found": [f.to_dict() for f in self.found],
            "attempts": [a.to_dict() for a in self.attempts],
            "requests": self.requests,
            "budget_exhausted": self.budget_exhausted,
        }


def discover_boards(
    name: str,
    website: str | None,
    fetcher: Fetcher,
    *,
    kinds: Sequence[DiscoveryKind] = KINDS,
    base_urls: Mapping[str, str] | None = None,
    max_requests: int = MAX_REQUESTS,
    max_seconds: float = MAX_SECONDS,
) -> list[Found]:
    """The boards that answered for the company ``name`` (and ``website``); see `discover`."""
    return discover(
        name,
        website,
        fetcher,
        kinds=kinds,
        base_urls=base_urls,
        max_requests=max_requests,
        max_seconds=max_seconds,
    ).found


def discover(
    name: str,
    website: str | None,
    fetcher: Fetcher,
    *,
    kinds: Sequence[DiscoveryKind] = KINDS,
    base_urls: Mapping[str, str] | None = None,
    max_requests: int = MAX_REQUESTS,
    max_seconds: float = MAX_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> Discovery:
    """Ask each kind for the company's likely tokens, in rounds, until one answers."""
    tokens = candidate_tokens(name, website, limit=MAX_TOKENS)
    search = Discovery(tokens)
    deadline = clock() + max_seconds
    spellings = {kind.name: _spellings(tokens, kind.form) for kind in kinds}
    for index in range(TOKENS_PER_KIND):
        for kind in kinds:
            forms = spellings[kind.name]
            if index >= len(forms) or any(f.kind == kind.name for f in search.found):
                continue
            if search.requests >= max_requests or clock() >= deadline:
                search.budget_exhausted = True
                log.info("discovery for %r stopped after %d requests", name, search.requests)
                return search
            _try(search, fetcher, kind, forms[index], base_urls)
        if search.found:
            break
    return search


def _spellings(tokens: list[str], form: TokenForm) -> list[str]:
    """The first few distinct spellings of ``tokens`` in ``form``."""
    spelled_tokens: list[str] = []
    for token in tokens:
        candidate = spelled(token, form)
        if candidate not in spelled_tokens:
            spelled_tokens.append(candidate)
    return spelled_tokens[:TOKENS_PER_KIND]


def _try(
    search: Discovery,
    fetcher: Fetcher,
    kind: DiscoveryKind,
    token: str,
    base_urls: Mapping[str, str] | None,
) -> None:
    """Ask ``kind`` for ``token``'s board and record what came of it."""
    reader = get_reader(kind.name)
    try:
        request = first_request(reader, token, base_urls)
    except ValueError as exc:
        search.attempts.append(Attempt(kind.name, token, "", Outcome.INVALID, str(exc)))
        return
    search.requests += 1
    attempt, found = _ask(fetcher, reader, kind, token, request)
    log.info("discovery: %s %s -> %s %s", kind.name, token, attempt.outcome, attempt.detail)
    search.attempts.append(attempt)
    if found is not None:
        search.found.append(found)


def _ask(
    fetcher: Fetcher, reader: Reader, kind: DiscoveryKind, token: str, request: PageRequest
) -> tuple[Attempt, Found | None]:
    """One candidate's request, read with its kind's reader."""

    def attempt(outcome: Outcome, detail: str) -> Attempt:
        return Attempt(kind.name, token, request.url, outcome, detail)

    try:
        result = fetcher.fetch(request, kind="data")
    except HTTPStatusError as exc:
        gone = exc.status in (404, 410)
        return attempt(Outcome.MISSING if gone else Outcome.FAILED, str(exc)), None
    except FetchError as exc:
        return attempt(Outcome.FAILED, str(exc)), None
    if _origin(result.url or request.url) != _origin(request.url):
        return attempt(Outcome.MOVED, f"redirected to {result.url}"), None
    try:
        page = reader.read(result.body, url=request.url)
    except ReadError as exc:
        return attempt(Outcome.UNREADABLE, str(exc)), None
    count = len(page.postings)
    if count == 0 and kind.empty_is_unknown:
        return attempt(Outcome.EMPTY, "an empty board: this kind answers unknown names so"), None
    found = Found(kind.name, token, request.url, count, page.next_request is not None)
    return attempt(Outcome.FOUND, _postings_said(count)), found


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()


def _postings_said(count: int) -> str:
    return f"{count} posting{'' if count == 1 else 's'}"
