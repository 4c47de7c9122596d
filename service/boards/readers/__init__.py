"""One pure reader per board kind: bytes in, normalised postings out.

Every reader module declares ``NAME`` and ``READER``, a `service.boards.base.Reader` naming:

- ``read(body: bytes, *, url: str) -> Page``: parse one response fetched from ``url``; raise
  ``ReadError`` (never anything else) when the payload is not what the board sends;
- ``first_request(token) -> PageRequest`` for API and feed boards (None for a page's readers);
- ``paging``: whether the board's pages name the next request (`Paging`);
- ``detail_request(posting, list_url)`` when a posting's own response carries more than the list;
- ``session`` when the board answers only requests carrying a cookie or token from a first
  request (a `SessionStep`: that request, and the headers its response gives).

Readers never touch the network: `service.boards.collect` makes the requests they describe.
"""

from __future__ import annotations

import importlib

from service.boards.base import Reader

READER_NAMES: tuple[str, ...] = (
    "greenhouse",
    "lever",
    "ashby",
    "workable",
    "smartrecruiters",
    "recruitee",
    "personio",
    "workday",
    "bamboohr",
    "teamtailor",
    "successfactors",
    "oracle",
    "icims",
    "eightfold",
    "taleo",
    "phenom",
    "paylocity",
    "ukg",
    "adp",
    "dayforce",
    "rippling",
    "breezy",
    "pinpoint",
    "jobvite",
    "jazzhr",
    "jsonld",
    "html",
)


class UnknownReader(LookupError):
    """No reader has that name."""


def get_reader(name: str) -> Reader:
    """The reader called ``name``; ``UnknownReader`` lists the valid names."""
    if name not in READER_NAMES:
        raise UnknownReader(
            f"unknown board kind {name!r}; choose one of: {', '.join(READER_NAMES)}"
        )
    declared = getattr(importlib.import_module(f"{__name__}.{name}"), "READER", None)
    if not isinstance(declared, Reader) or declared.name != name:
        raise TypeError(f"the reader module {name!r} must declare READER = Reader({name!r}, …)")
    return declared
