"""One pure reader per board kind: bytes in, normalised postings out.

Every reader module has the same small interface:

- ``NAME``: the reader's name (also the ``ats`` of its postings);
- ``read(body: bytes, *, url: str) -> Page``: parse one response fetched from ``url``; raise
  ``ReadError`` (never anything else) when the payload is not what the board sends;
- ``first_request(token: str) -> PageRequest`` for API boards: the request for the first page.
"""

from __future__ import annotations

import importlib
from types import ModuleType

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
    "jsonld",
    "html",
)


class UnknownReader(LookupError):
    """No reader has that name."""


def get_reader(name: str) -> ModuleType:
    """The reader module called ``name``; ``UnknownReader`` lists the valid names."""
    if name not in READER_NAMES:
        raise UnknownReader(
            f"unknown board kind {name!r}; choose one of: {', '.join(READER_NAMES)}"
        )
    return importlib.import_module(f"{__name__}.{name}")
