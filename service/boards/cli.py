"""``boards`` commands: detect a board, read a saved response offline, fetch a board live, and
discover a company's board from its name.

JSON goes to stdout (``discover``: a table unless ``--json``); expected errors (not a URL, an
unknown board kind, a payload the reader cannot read, a fetch the safe fetcher refuses or cannot
make, a bad base URL setting) go to stderr with exit status 1.

``boards fetch URL`` detects the board behind URL. A careers page that is not a known board is
fetched once and searched for an embedded or linked board; without one it is read as
``jsonld`` or ``html``. With ``--ats NAME`` the URL is read with that reader: when URL is a
board of that kind its own first request is made, else URL itself is the request (keeping the
method, body and Accept of the reader's first request, e.g. Workday's POST).

``boards discover --name NAME [--website URL]`` asks the known boards' public APIs for the
tokens derived from the name and website (see `service.boards.discover`), at the base URLs of
``NEXTROUND_BOARD_BASE_URLS``, and lists the boards that answered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from service.boards.base import Posting, Reader, ReadError
from service.boards.collect import MAX_PAGES, PageLimitReached, collect
from service.boards.detect import DetectError, detect
from service.boards.discover import Discovery, discover
from service.boards.errors import FetchError
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.locate import EXAMPLE_TOKENS, locate
from service.boards.origins import BadBaseURL, checked_base_urls
from service.boards.pages import decode_page
from service.boards.readers import READER_NAMES, UnknownReader, get_reader
from service.boards.tokens import candidate_tokens

PLACEHOLDER_URL = "https://example.invalid/"
POLICY_KEY = "NEXTROUND_FETCH_POLICY"
BASE_URLS_KEY = "BOARD_BASE_URLS"
_EXPECTED = (DetectError, ReadError, UnknownReader, FetchError)

boards_cli = AppGroup("boards", help="Detect, read and fetch public job boards.")


def _emit(data: Any) -> None:
    """Write ``data`` to stdout as indented JSON (UTF-8, non-ASCII kept readable)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _postings_json(postings: list[Posting]) -> list[dict[str, Any]]:
    return [posting.to_dict() for posting in postings]


def placeholder_url(reader: Reader) -> str:
    """A base URL for reading a saved response of ``reader`` when none is given."""
    if reader.first_request is None:
        return PLACEHOLDER_URL
    try:
        return reader.first_request(EXAMPLE_TOKENS.get(reader.name, "example")).url
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
    located = locate(fetcher, url, ats=ats)
    read = collect(
        located.reader,
        located.request,
        fetcher,
        first=located.page,
        max_pages=max_pages,
        max_details=0,
    )
    if isinstance(read.error, PageLimitReached) and read.stopped_at is not None:
        click.echo(f"note: stopped paging at {read.stopped_at.url}", err=True)
    elif read.error is not None:
        raise read.error
    return read.postings


@boards_cli.command("discover")
@click.option("--name", required=True, help='The company\'s name, e.g. "Acme Corp GmbH".')
@click.option("--website", help="The company's website, e.g. acme.example.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def discover_command(name: str, website: str | None, as_json: bool) -> None:
    """Find a company's job board by asking the known boards for tokens from its name."""
    fetcher = Fetcher(current_app.config.get(POLICY_KEY) or FetchPolicy())
    try:
        base_urls = checked_base_urls(current_app.config.get(BASE_URLS_KEY))
    except BadBaseURL as exc:
        raise click.ClickException(str(exc)) from exc
    if not candidate_tokens(name, website):
        raise click.ClickException(
            f"no board name can be derived from {name!r}"
            + (f" or {website!r}" if website else "")
            + "; give the company's careers URL instead (boards fetch URL)"
        )
    search = discover(name, website, fetcher, base_urls=base_urls)
    if as_json:
        _emit(search.to_dict())
    else:
        _print_discovery(name, search)


def _print_discovery(name: str, search: Discovery) -> None:
    """The boards found as a table, then a line saying what was tried."""
    for board in search.found:
        count = f"{board.postings}{'+' if board.more else ''}"
        click.echo(f"{board.kind:<16}  {board.token:<24}  {count:>6} postings  {board.api_url}")
    tried = f"{search.requests} request(s), tokens tried: {', '.join(search.tokens)}"
    if search.found:
        click.echo(f"{len(search.found)} board(s) found for {name} ({tried})")
    else:
        click.echo(f"No board found for {name} ({tried}); give its careers URL instead.")
