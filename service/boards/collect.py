"""Collect a whole board: every request its reader describes, made through the safe fetcher.

``collect_board(board, fetcher)`` makes the board's session request when its reader declares
one, then its first request, reads it, follows the pages the reader names (at most
``max_pages``), then makes detail requests for the postings that want one (at most
``max_details``), and returns a `BoardRead`: the postings, the outcome and why. Every request
goes through the safe fetcher; the readers never touch the network.

- ``COMPLETE``: every page was read; only then may a caller treat a missing posting as gone.
- ``UNCHANGED``: the board answers as it did when ``validators`` were taken (a 304, or the same
  bytes); nothing was read. A paged board is compared by the hash of all its pages, since its
  first page alone cannot tell whether a later one changed.
- ``PARTIAL``: some pages were read, then a page could not be fetched or read, or the page limit
  stopped the paging; ``error`` says which and ``stopped_at`` names the request.
- ``FAILED``: the session step or the first page could not be fetched or read.

Expected failures (`FetchError`, `ReadError`) are data on the result; anything else is a bug and
propagates. A partial or failed read hands back the previous validators, so the next read
fetches the board again in full. A detail response only fills in what the list lacks (e.g. the
description): the list's own values win, so a posting reads the same with or without one. A
reader's ``polite_delay`` is waited (through ``pause``) between two requests of one read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum

from service.boards.base import (
    Page,
    PageRequest,
    Paging,
    Posting,
    Reader,
    ReadError,
    SessionResponse,
    SessionStep,
)
from service.boards.detect import Board
from service.boards.errors import FetchError
from service.boards.fetch import HTML_ACCEPT, Fetcher, FetchResult, Kind, Validators
from service.boards.origins import first_request
from service.boards.readers import get_reader

log = logging.getLogger(__name__)

MAX_PAGES = 50
MAX_DETAILS = 50


class Outcome(StrEnum):
    """How a read of a board ended."""

    COMPLETE = "complete"
    UNCHANGED = "unchanged"
    PARTIAL = "partial"
    FAILED = "failed"


class PageLimitReached(Exception):
    """The board has more pages than one read may fetch."""


@dataclass(frozen=True, slots=True)
class DetailFailure:
    """A detail request that failed: the posting keeps what its list said."""

    external_id: str
    error: FetchError | ReadError


@dataclass(frozen=True, slots=True)
class BoardRead:
    """What one read of a board found, and the validators to pass to the next read."""

    outcome: Outcome
    postings: list[Posting] = field(default_factory=list)
    pages: int = 0
    """List requests made, the one that failed included (not the session or detail requests)."""
    validators: Validators = field(default_factory=Validators)
    error: FetchError | ReadError | PageLimitReached | None = None
    stopped_at: PageRequest | None = None
    details: int = 0
    detail_failures: tuple[DetailFailure, ...] = ()
    details_skipped: int = 0

    @property
    def complete(self) -> bool:
        """True when every page was read (a posting missing from it is gone from the board)."""
        return self.outcome is Outcome.COMPLETE


def board_request(
    reader: Reader, board: Board, base_urls: Mapping[str, str] | None = None
) -> PageRequest:
    """The first request of ``board``: its reader's own (at its base URL), or the page as HTML."""
    if reader.first_request is None:
        return PageRequest(board.api_url, accept=HTML_ACCEPT)
    return first_request(reader, board.token, base_urls)


def collect_board(
    board: Board,
    fetcher: Fetcher,
    *,
    validators: Validators | None = None,
    max_pages: int = MAX_PAGES,
    max_details: int = MAX_DETAILS,
    wants_detail: Callable[[Posting], bool] | None = None,
    base_urls: Mapping[str, str] | None = None,
    pause: Callable[[float], None] = time.sleep,
) -> BoardRead:
    """Read every page of ``board`` (see the module docstring for what comes back)."""
    reader = get_reader(board.ats)
    return collect(
        reader,
        board_request(reader, board, base_urls),
        fetcher,
        validators=validators,
        max_pages=max_pages,
        max_details=max_details,
        wants_detail=wants_detail,
        pause=pause,
    )


def collect(
    reader: Reader,
    request: PageRequest,
    fetcher: Fetcher,
    *,
    validators: Validators | None = None,
    first: FetchResult | None = None,
    max_pages: int = MAX_PAGES,
    max_details: int = MAX_DETAILS,
    wants_detail: Callable[[Posting], bool] | None = None,
    pause: Callable[[float], None] = time.sleep,
) -> BoardRead:
    """Read the board whose first request is ``request`` (``first``: its response, if fetched)."""
    previous = validators or Validators()
    client = _Client(fetcher, reader, pause=pause, made=1 if first else 0)
    if reader.session is not None and first is None:
        try:
            client.start(reader.session, request)
        except (FetchError, ReadError) as exc:
            log.info("no session for %s: %s", request.url, exc)
            return BoardRead(Outcome.FAILED, [], 0, previous, exc, request)
    run = _Run(client, previous, max_pages)
    read = run.pages(request, first)
    if read.outcome is not Outcome.COMPLETE or reader.detail_request is None or max_details <= 0:
        return read
    return _Details(client, max_details, wants_detail).add_to(read, run.list_url)


@dataclass
class _Client:
    """The requests of one read, made through the safe fetcher (with a session's headers)."""

    fetcher: Fetcher
    reader: Reader
    carried: tuple[tuple[str, str], ...] = ()
    pause: Callable[[float], None] = time.sleep
    made: int = 0

    def _paced(self) -> None:
        """Wait the reader's polite delay before any request but the first."""
        if self.made and self.reader.polite_delay > 0:
            self.pause(self.reader.polite_delay)
        self.made += 1

    def start(self, session: SessionStep, first: PageRequest) -> None:
        """Make the session request; every later request carries what its response gave."""
        self._paced()
        result = self.fetcher.fetch(session.request(first))
        given = session.carry(SessionResponse(result.url, result.body, dict(result.cookies)))
        self.carried = tuple(given.items())

    def fetch(self, request: PageRequest, validators: Validators | None = None) -> FetchResult:
        """Fetch one request: a page as HTML (robots.txt honoured), an API's as data."""
        # A reader with its own requests may still ask for a page (Taleo Business Edition).
        asks_page = self.reader.reads_pages or request.accept == HTML_ACCEPT
        kind: Kind = "html" if asks_page else "data"
        if self.carried:
            request = replace(request, headers=(*request.headers, *self.carried))
        self._paced()
        return self.fetcher.fetch(request, kind=kind, validators=validators)

    def read(self, request: PageRequest, result: FetchResult) -> Page:
        """Read the response to ``request`` against the URL ``url_of`` names."""
        return self.reader.read(result.body, url=self.url_of(request, result))

    def url_of(self, request: PageRequest, result: FetchResult) -> str:
        """The URL a response is read against (see the comment)."""
        # API readers page from the request URL (e.g. Workday's "#offset="); a page's readers
        # resolve links against the page's final URL.
        return result.url or request.url if self.reader.reads_pages else request.url


@dataclass
class _Run:
    """The list pages of one read."""

    client: _Client
    previous: Validators
    max_pages: int
    list_url: str = ""
    hashes: list[str] = field(default_factory=list)

    @property
    def paged(self) -> bool:
        return self.client.reader.paging is not Paging.NONE

    def pages(self, request: PageRequest, first: FetchResult | None) -> BoardRead:
        """Fetch and read the first page, then follow the pages after it."""
        # A paged board's first response cannot vouch for the later ones: ask unconditionally.
        asked = Validators() if self.paged else self.previous
        try:
            result = first or self.client.fetch(request, asked)
        except FetchError as exc:
            return self._stopped(Outcome.FAILED, exc, request, [], 1)
        if result.not_modified and not self.paged:
            return BoardRead(Outcome.UNCHANGED, pages=1, validators=result.validators)
        try:
            page = self._read(request, result)
        except ReadError as exc:
            return self._stopped(Outcome.FAILED, exc, request, [], 1)
        return self._follow(request, page, result)

    def _read(self, request: PageRequest, result: FetchResult) -> Page:
        """Read one list response, remembering its hash and the URL it was read against."""
        self.hashes.append(result.content_hash or "")
        self.list_url = self.client.url_of(request, result)
        return self.client.read(request, result)

    def _follow(self, request: PageRequest, page: Page, first: FetchResult) -> BoardRead:
        """Postings of ``page`` and the pages after it, each id once, no request twice.

        A page that brings no new posting (Workday repeats page 0 past offset 2000) ends it.
        """
        postings: dict[str, Posting] = {}
        seen = {_request_key(request)}
        while True:
            before = len(postings)
            for posting in page.postings:
                postings.setdefault(posting.external_id, posting)
            following = page.next_request if self.paged else None
            if following is None or (postings and len(postings) == before):
                break
            if _request_key(following) in seen:
                break
            found = list(postings.values())
            if len(seen) >= self.max_pages:
                limit = PageLimitReached(
                    f"stopped after {len(seen)} pages at {following.url}: the board has more"
                )
                return self._stopped(Outcome.PARTIAL, limit, following, found, len(seen))
            seen.add(_request_key(following))
            try:
                page = self._read(following, self.client.fetch(following))
            except (FetchError, ReadError) as exc:
                return self._stopped(Outcome.PARTIAL, exc, following, found, len(seen))
        return self._complete(list(postings.values()), len(seen), first)

    def _complete(self, postings: list[Posting], count: int, first: FetchResult) -> BoardRead:
        """A complete read; a paged board is UNCHANGED when all its pages hash as before."""
        if not self.paged:
            return BoardRead(Outcome.COMPLETE, postings, count, first.validators)
        combined = hashlib.sha256("\n".join(self.hashes).encode()).hexdigest()
        validators = Validators(content_hash=combined)
        if combined == self.previous.content_hash:
            return BoardRead(Outcome.UNCHANGED, pages=count, validators=validators)
        return BoardRead(Outcome.COMPLETE, postings, count, validators)

    def _stopped(
        self,
        outcome: Outcome,
        error: FetchError | ReadError | PageLimitReached,
        request: PageRequest,
        postings: list[Posting],
        count: int,
    ) -> BoardRead:
        """A read that ended early: what it had, why, and the previous validators."""
        log.info("%s read of %s: %s", outcome, request.url, error)
        return BoardRead(outcome, postings, count, self.previous, error, request)


@dataclass
class _Details:
    """The detail requests of a complete read."""

    client: _Client
    max_details: int
    wants_detail: Callable[[Posting], bool] | None

    def add_to(self, read: BoardRead, list_url: str) -> BoardRead:
        """``read`` with the postings that want one filled in from their detail response."""
        postings = list(read.postings)
        made, skipped, failures = 0, 0, []
        for index, posting in enumerate(postings):
            request = self._request(posting, list_url)
            if request is None:
                continue
            if made >= self.max_details:
                skipped += 1
                continue
            made += 1
            try:
                postings[index] = self._detailed(posting, request)
            except (FetchError, ReadError) as exc:
                failures.append(DetailFailure(posting.external_id, exc))
        return replace(
            read,
            postings=postings,
            details=made,
            detail_failures=tuple(failures),
            details_skipped=skipped,
        )

    def _request(self, posting: Posting, list_url: str) -> PageRequest | None:
        """The detail request of ``posting``, when it wants one and the reader can make it."""
        make = self.client.reader.detail_request
        if make is None or (self.wants_detail is not None and not self.wants_detail(posting)):
            return None
        return make(posting, list_url)

    def _detailed(self, posting: Posting, request: PageRequest) -> Posting:
        """``posting`` with what its detail response adds (nothing when it lists no such job)."""
        page = self.client.read(request, self.client.fetch(request))
        detail = next((p for p in page.postings if p.external_id == posting.external_id), None)
        return _filled_in(posting, detail) if detail else posting


def _filled_in(listed: Posting, detail: Posting) -> Posting:
    """``listed`` with the fields it lacks taken from ``detail``."""
    missing = {
        f.name: getattr(detail, f.name)
        for f in fields(listed)
        if getattr(listed, f.name) is None and getattr(detail, f.name) is not None
    }
    return replace(listed, **missing) if missing else listed


def _request_key(request: PageRequest) -> tuple[str, str, str]:
    return (request.method, request.url, json.dumps(request.json_body, sort_keys=True))
