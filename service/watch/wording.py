"""Why a poll failed, in words a user can act on."""

from __future__ import annotations

from service.boards.base import ReadError
from service.boards.collect import BoardRead, Outcome, PageLimitReached
from service.boards.errors import FetchError, HTTPStatusError


def read_problem(read: BoardRead) -> str | None:
    """What went wrong with a partial or failed read (None when nothing did)."""
    if read.error is None:
        return None
    said = describe(read.error)
    if read.outcome is Outcome.PARTIAL:
        return f"page {read.pages} of the board could not be read, so nothing was changed: {said}"
    return said


def describe(error: FetchError | ReadError | PageLimitReached) -> str:
    """One fetch or read error as a sentence for the watch page."""
    if isinstance(error, HTTPStatusError):
        return f"the board answered {error.status}: {_status_hint(error.status)}"
    if isinstance(error, ReadError):
        return f"the board's answer could not be read ({error}); its format may have changed"
    return str(error)


def _status_hint(status: int) -> str:
    if status in (404, 410):
        return "the company may have moved boards"
    if status in (401, 403):
        return "the board does not let us read it"
    if status == 429:
        return "the board asks us to slow down; we will try again later"
    if status >= 500:
        return "the board is failing; we will try again later"
    return "the board did not return its postings"
