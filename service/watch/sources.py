"""Sources: one row per board, found from a careers URL or a board kind, shared by every watcher.

A source is identified by its normalised identity: ``ats:token`` for a known board (tokens
compared without case), ``ats:<page URL>`` for a page read as ``jsonld`` or ``html`` (scheme and
host without case, no fragment, no trailing slash). Adding the same board twice, for one user
or for two, gives the same source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from service.boards.base import PageRequest
from service.boards.detect import DetectError
from service.boards.errors import FetchError
from service.boards.fetch import Fetcher
from service.boards.locate import Located, locate
from service.boards.origins import rebase
from service.boards.readers import UnknownReader, get_reader
from service.clock import utcnow
from service.errors import ValidationFailed
from service.extensions import db
from service.models import Source

PAGE_READERS = ("jsonld", "html")


@dataclass(frozen=True, slots=True)
class Found:
    """What was detected behind a URL, before anything is saved."""

    ats: str
    token: str
    identity: str
    request: dict[str, Any]
    url: str


def fetcher() -> Fetcher:
    """The safe fetcher under the app's policy."""
    return Fetcher(current_app.config["NEXTROUND_FETCH_POLICY"])


def find_board(url: str, *, ats: str | None = None, using: Fetcher | None = None) -> Found:
    """The board behind ``url`` (through the safe fetcher); ValidationFailed says why not."""
    try:
        located = locate(using or fetcher(), url, ats=ats)
    except DetectError as exc:
        raise ValidationFailed(str(exc), {"url": str(exc)}) from exc
    except UnknownReader as exc:
        raise ValidationFailed(str(exc), {"ats": str(exc)}) from exc
    except FetchError as exc:
        raise ValidationFailed(f"could not read {url}: {exc}", {"url": str(exc)}) from exc
    return _found(located, url)


def _found(located: Located, url: str) -> Found:
    ats = located.reader.name
    token = located.board.token if located.board else located.request.url
    return Found(ats, token, identity_of(ats, token), request_dict(located.request), url.strip())


def identity_of(ats: str, token: str) -> str:
    """The normalised identity of a board (see the module docstring)."""
    if ats in PAGE_READERS or "://" in token:
        parts = urlsplit(token.strip())
        path = parts.path.rstrip("/")
        token = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))
    else:
        token = token.strip().lower()
    return f"{ats}:{token}"[:700]


def request_dict(request: PageRequest) -> dict[str, Any]:
    """A board's first request as stored on its source."""
    return {
        "url": request.url,
        "method": request.method,
        "json_body": request.json_body,
        "accept": request.accept,
    }


def request_of(source: Source) -> PageRequest:
    """The first request of a source's board, at its kind's base URL when one is configured
    (not a demo board's: the demo serves it where its request says)."""
    stored = source.request
    request = PageRequest(
        stored["url"],
        method=stored.get("method", "GET"),
        json_body=stored.get("json_body"),
        accept=stored.get("accept", "application/json"),
    )
    base = current_app.config.get("BOARD_BASE_URLS", {}).get(source.ats)
    if base and not source.demo and get_reader(source.ats).first_request is not None:
        return rebase(request, base)
    return request


def ensure_source(found: Found) -> Source:
    """The source of this board, created when new (committed, so concurrent adds share one)."""
    existing = _by_identity(found.identity)
    if existing is not None:
        return existing
    get_reader(found.ats)  # an unknown kind never reaches the table
    source = Source(
        identity=found.identity,
        ats=found.ats,
        token=found.token[:600],
        url=found.url[:2000],
        request=found.request,
        config={},
        interval_seconds=current_app.config["WATCH_INTERVAL_SECONDS"],
        next_due_at=utcnow(),
    )
    db.session.add(source)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another request added it first
        raced = _by_identity(found.identity)
        assert raced is not None
        return raced
    return source


def _by_identity(identity: str) -> Source | None:
    return db.session.scalar(sa.select(Source).where(Source.identity == identity))


def set_interval(source: Source, seconds: int) -> None:
    """A source's own interval, never below the configured minimum (not committed)."""
    minimum = current_app.config["WATCH_MIN_INTERVAL_SECONDS"]
    if seconds < minimum:
        raise ValidationFailed(
            f"a board is read at most every {minimum} seconds", {"interval": "too short"}
        )
    source.interval_seconds = seconds
