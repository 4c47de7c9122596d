"""``boards`` commands: detect a board, read a saved response offline, fetch a board live.

JSON goes to stdout; expected errors (not a URL, an unknown board kind, a payload the reader
cannot read, a fetch the safe fetcher refuses or cannot make) go to stderr with exit status 1.

``boards fetch URL`` detects the board behind URL. A careers page that is not a known board is
fetched once and searched for an embedded or linked board; without one it is read as
``jsonld`` or ``html``. With ``--ats NAME`` the URL is read with that reader: when URL is a
board of that kind its own first request is made, else URL itself is the request (keeping the
method, body and Accept of the reader's first request, e.g. Workday's POST).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from service.boards.base import Page, PageRequest, Posting, ReadError
from service.boards.detect import Board, DetectError, detect, page_url
from service.boards.errors import FetchError
from service.boards.fetch import HTML_ACCEPT, Fetcher, FetchPolicy
from service.boards.pages import decode_page
from service.boards.readers import READER_NAMES, UnknownReader, get_reader

MAX_PAGES = 50
PLACEHOLDER_URL = "https://example.invalid/"
POLICY_KEY = "NEXTROUND_FETCH_POLICY"
# Tokens in each reader's own token format, to build a placeholder URL for offline reads.
_EXAMPLE_TOKENS = {"workday": "example/wd1/example"}
_EXPECTED = (DetectError, ReadError, UnknownReader, FetchError)

boards_cli = AppGroup("boards", help="Detect, read and fetch public job boards.")


def _emit(data: Any) -> None:
    """Write ``data`` to stdout as indented JSON (UTF-8, non-ASCII kept readable)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _postings_json(postings: list[Posting]) -> list[dict[str, Any]]:
    return [posting.to_dict() for posting in postings]


def placeholder_url(reader: ModuleType) -> str:
    """A base URL for reading a saved response of ``reader`` when none is given."""
    first_request = getattr(reader, "first_request", None)
    if first_request is None:
        return PLACEHOLDER_URL
    try:
        return str(first_request(_EXAMPLE_TOKENS.get(reader.NAME, "example")).url)
    except ValueError:
        return PLACEHOLDER_URL


@boards_cli.command("detect", with_appcontext=False)
@click.argument("url")
@click.option(
    "--html",
    "html_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A saved copy of the page at URL, searched for an embedded board.",
)
def detect_command(url: str, html_file: Path | None) -> None:
    """Print the board behind URL as JSON: {"ats", "token", "api_url"}."""
    html = decode_page(html_file.read_bytes()) if html_file else None
    try:
        board = detect(url, html=html)
    except DetectError as exc:
        raise click.ClickException(str(exc)) from exc
    _emit(board.to_dict())


@boards_cli.command("read", with_appcontext=False)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--ats", "ats", required=True, type=click.Choice(READER_NAMES), help="Board kind.")
@click.option("--url", help="The URL the response came from (links are resolved against it).")
def read_command(file: Path, ats: str, url: str | None) -> None:
    """Print the postings in FILE, a saved board response, as a JSON array (offline)."""
    try:
        reader = get_reader(ats)
        page = reader.read(file.read_bytes(), url=url or placeholder_url(reader))
    except _EXPECTED as exc:
        raise click.ClickException(str(exc)) from exc
    if page.next_request is not None:
        click.echo(f"note: the board has more pages ({page.next_request.url})", err=True)
    _emit(_postings_json(page.postings))


@boards_cli.command("fetch")
@click.argument("url")
@click.option("--ats", "ats", type=click.Choice(READER_NAMES), help="Read URL with this reader.")
@click.option(
    "--max-pages", default=MAX_PAGES, show_default=True, type=click.IntRange(1, 500),
    help="Stop paging after this many pages.",
)  # fmt: skip
def fetch_command(url: str, ats: str | None, max_pages: int) -> None:
    """Detect the board behind URL, fetch it safely and print its postings as a JSON array."""
    policy = current_app.config.get(POLICY_KEY) or FetchPolicy()
    fetcher = Fetcher(policy)
    try:
        postings = fetch_board(fetcher, url, ats=ats, max_pages=max_pages)
    except _EXPECTED as exc:
        raise click.ClickException(str(exc)) from exc
    _emit(_postings_json(postings))


def fetch_board(
    fetcher: Fetcher, url: str, *, ats: str | None = None, max_pages: int = MAX_PAGES
) -> list[Posting]:
    """Every posting of the board behind ``url``, fetching at most ``max_pages`` pages."""
    if ats is not None:
        reader = get_reader(ats)
        return _read_pages(fetcher, reader, _request_for(reader, url), max_pages)
    board = detect(url)
    if hasattr(get_reader(board.ats), "first_request"):
        return _read_board(fetcher, board, max_pages)
    page = fetcher.fetch(PageRequest(board.api_url, accept=HTML_ACCEPT), kind="html")
    found = detect(page.url or board.api_url, html=decode_page(page.body))
    if hasattr(get_reader(found.ats), "first_request"):
        return _read_board(fetcher, found, max_pages)
    page_reader = get_reader(found.ats)
    first = page_reader.read(page.body, url=page.url or board.api_url)
    return _follow(fetcher, page_reader, first, max_pages - 1)


def _read_board(fetcher: Fetcher, board: Board, max_pages: int) -> list[Posting]:
    """All pages of an API board, from its reader's first request."""
    reader = get_reader(board.ats)
    return _read_pages(fetcher, reader, reader.first_request(board.token), max_pages)


def _request_for(reader: ModuleType, url: str) -> PageRequest:
    """The first request of ``reader`` for ``url``: the board's own, or ``url`` as given."""
    address = page_url(url)
    first_request = getattr(reader, "first_request", None)
    if first_request is None:
        return PageRequest(address, accept=HTML_ACCEPT)
    board = detect(address)
    if board.ats == reader.NAME:
        return first_request(board.token)
    template = first_request(_EXAMPLE_TOKENS.get(reader.NAME, "example"))
    return replace(template, url=address)


def _read_pages(
    fetcher: Fetcher, reader: ModuleType, request: PageRequest, max_pages: int
) -> list[Posting]:
    """Fetch and read ``request`` and the pages after it."""
    first = _fetch_page(fetcher, reader, request)
    return _follow(fetcher, reader, first, max_pages - 1, request)


def _request_key(request: PageRequest) -> tuple[str, str, str]:
    return (request.method, request.url, json.dumps(request.json_body, sort_keys=True))


def _follow(
    fetcher: Fetcher,
    reader: ModuleType,
    page: Page,
    pages_left: int,
    first: PageRequest | None = None,
) -> list[Posting]:
    """Postings of ``page`` and up to ``pages_left`` pages after it, each id once, no page twice.

    A page that brings no new posting (Workday repeats page 0 past offset 2000) ends the paging.
    """
    postings: dict[str, Posting] = {}
    seen = {_request_key(first)} if first else set()
    while True:
        before = len(postings)
        for posting in page.postings:
            postings.setdefault(posting.external_id, posting)
        if page.next_request is None or (postings and len(postings) == before):
            break
        request = page.next_request
        if _request_key(request) in seen:
            break
        if pages_left <= 0:
            click.echo(f"note: stopped paging at {request.url}", err=True)
            break
        seen.add(_request_key(request))
        pages_left -= 1
        page = _fetch_page(fetcher, reader, request)
    return list(postings.values())


def _fetch_page(fetcher: Fetcher, reader: ModuleType, request: PageRequest) -> Page:
    """Fetch one request and read its body with ``reader``."""
    api = hasattr(reader, "first_request")
    result = fetcher.fetch(request, kind="data" if api else "html")
    # API readers page from the request URL (e.g. Workday's "#offset="), pages from the final URL.
    page: Page = reader.read(result.body, url=request.url if api else result.url or request.url)
    return page
