"""What every board reader returns and raises: normalised postings, pages, typed read errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class ReadError(ValueError):
    """A board payload could not be read; the message says what was wrong with it."""


@dataclass(frozen=True, slots=True)
class Posting:
    """One vacancy, the same shape whatever board it came from (see design.md)."""

    external_id: str
    title: str
    url: str
    ats: str
    location: str | None = None
    remote: bool | None = None
    department: str | None = None
    employment_type: str | None = None
    posted_at: str | None = None
    updated_at: str | None = None
    description_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class PageRequest:
    """An HTTP request a reader wants made: the first page of a board or the next one."""

    url: str
    method: str = "GET"
    json_body: dict[str, Any] | None = None
    accept: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    """Headers a session step adds (e.g. its cookie); sent to the request's own origin only."""
    body: bytes | None = None
    """A raw POST body (a signed webhook's exact bytes), kept while the request stays a POST."""


@dataclass(frozen=True, slots=True)
class Page:
    """One response read: its postings and, when the board pages, the next request."""

    postings: list[Posting] = field(default_factory=list)
    next_request: PageRequest | None = None


class ReadPage(Protocol):
    """A reader's parse of one response fetched from ``url``; raises only ``ReadError``."""

    def __call__(self, body: bytes, *, url: str) -> Page: ...


class Paging(StrEnum):
    """How a board spreads its postings over responses."""

    NONE = "none"
    """One response holds the whole board."""
    NEXT_REQUEST = "next_request"
    """Each page names the request for the one after it (``Page.next_request``), e.g. an
    offset in the query (Lever, SmartRecruiters) or in a POST body (Workday)."""


@dataclass(frozen=True, slots=True)
class SessionResponse:
    """The response to a session step's request: where it ended, its body and its cookies."""

    url: str
    body: bytes
    cookies: dict[str, str]


@dataclass(frozen=True, slots=True)
class SessionStep:
    """A first request whose cookie or token every other request of the board must carry.

    ``request`` gives it from the board's first request; ``carry`` turns its response into the
    headers the board's requests then send, and raises ``ReadError`` when no session was given.
    """

    request: Callable[[PageRequest], PageRequest]
    carry: Callable[[SessionResponse], dict[str, str]]


@dataclass(frozen=True, slots=True)
class Reader:
    """What one board reader module declares (its ``READER``): how to read, page and detail it.

    ``first_request`` is None for readers of a page the user gives (``jsonld``, ``html``): the
    board is that page, fetched as HTML (robots.txt honoured) and read against its final URL.
    ``detail_request`` is set when the list lacks what a posting's own response has (e.g. its
    description): it gives that request for a listed posting and the list request's URL, and
    ``read`` reads its response as one posting (or none). ``session`` is set when the board
    answers only requests carrying a cookie or token from a first request (`SessionStep`).
    ``polite_delay`` is the pause, in seconds, between two requests of one read, for boards
    whose hosts ask for a slow pace (Taleo).
    """

    name: str
    read: ReadPage
    first_request: Callable[[str], PageRequest] | None = None
    paging: Paging = Paging.NONE
    detail_request: Callable[[Posting, str], PageRequest | None] | None = None
    session: SessionStep | None = None
    polite_delay: float = 0.0

    @property
    def reads_pages(self) -> bool:
        """True for readers of a web page (fetched as HTML), False for API and feed readers."""
        return self.first_request is None


_REMOTE_WORDS = re.compile(
    r"\b(remote|work from home|wfh|home[- ]?office|anywhere|telecommute|fully distributed)\b",
    re.I,
)
_ONSITE_WORDS = re.compile(r"\b(on[- ]?site|in[- ]?office|office[- ]based)\b", re.I)
_NOT_REMOTE = re.compile(r"\b(no[nt]?[- ]remote|not remote)\b", re.I)


def infer_remote(*texts: str | None) -> bool | None:
    """True or False only when the wording is clear (e.g. "Remote (US)", "On-site"); else None."""
    joined = " ".join(t for t in texts if t)
    if not joined:
        return None
    if _NOT_REMOTE.search(joined):
        return False
    if _REMOTE_WORDS.search(joined):
        return True
    if _ONSITE_WORDS.search(joined):
        return False
    return None
