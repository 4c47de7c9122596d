"""Find the board behind a URL through the safe fetcher: its reader and its first request.

A URL of a known board (or its API) needs no fetch. Any other page is fetched once (as HTML,
robots.txt honoured) and searched for an embedded or linked board; without one the page itself
is the board, read as ``jsonld`` or ``html``, and its response is kept so it is not fetched twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from service.boards.base import PageRequest, Reader
from service.boards.collect import board_request
from service.boards.detect import Board, detect, page_url
from service.boards.fetch import HTML_ACCEPT, Fetcher, FetchResult
from service.boards.pages import decode_page
from service.boards.readers import get_reader

# Tokens in each reader's own token format, to build an example request of a reader.
EXAMPLE_TOKENS = {
    "workday": "example/wd1/example",
    "successfactors": "careers.example.com",
    "oracle": "example.fa.us2.oraclecloud.com/CX",
    "icims": "careers-example.icims.com",
    "taleo": "example/example/EXAMPLE/1",  # Business Edition: a list page read as given
    "phenom": "careers.example.com",
    "paylocity": "00000000-0000-0000-0000-000000000000",
    "ukg": "EXAMPLE/00000000-0000-0000-0000-000000000000",
    "adp": "00000000-0000-0000-0000-000000000000",
    "dayforce": "example/candidateportal",
}


@dataclass(frozen=True, slots=True)
class Located:
    """A board to read: its reader, its first request, and that request's response if fetched."""

    reader: Reader
    request: PageRequest
    board: Board | None = None
    page: FetchResult | None = None


def locate(fetcher: Fetcher, url: str, *, ats: str | None = None) -> Located:
    """The board behind ``url``; with ``ats``, ``url`` read by that reader."""
    if ats is not None:
        return _forced(get_reader(ats), url)
    board = detect(url)
    if not get_reader(board.ats).reads_pages:
        return _located(board)
    request = PageRequest(board.api_url, accept=HTML_ACCEPT)
    page = fetcher.fetch(request, kind="html")
    found = detect(page.url or board.api_url, html=decode_page(page.body))
    if not get_reader(found.ats).reads_pages:
        return _located(found)
    return Located(get_reader(found.ats), request, found, page)


def _located(board: Board) -> Located:
    reader = get_reader(board.ats)
    return Located(reader, board_request(reader, board), board)


def _forced(reader: Reader, url: str) -> Located:
    """``url`` read by ``reader``: its board's first request, else ``url`` in that request's shape.

    The shape keeps the method, body and Accept of the reader's first request (Workday's POST).
    """
    address = page_url(url)
    if reader.first_request is None:
        page = Board(reader.name, address, address)
        return Located(reader, PageRequest(address, accept=HTML_ACCEPT), page)
    board = detect(address)
    if board.ats == reader.name:
        return _located(board)
    template = reader.first_request(EXAMPLE_TOKENS.get(reader.name, "example"))
    return Located(reader, replace(template, url=address))
