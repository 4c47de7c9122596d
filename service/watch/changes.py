"""What a posting adds to a vacancy: its fields, and which of them changed."""

from __future__ import annotations

from typing import Any

from service.boards.base import Posting
from service.models import Vacancy

TRACKED = ("title", "location", "remote", "department", "employment_type")
"""Fields whose change is an event; url and dates are kept up to date silently."""
QUIET = ("url", "posted_at", "updated_at")
LIMITS = {"title": 500, "url": 2000, "location": 500, "department": 300, "employment_type": 100}


def listed_key(posting: Posting) -> tuple[Any, ...]:
    """What the board's list says of a posting (to tell whether it changed before its detail)."""
    return tuple(getattr(posting, name) for name in (*TRACKED, "updated_at"))


def stored_key(vacancy: Vacancy) -> tuple[Any, ...]:
    return tuple(getattr(vacancy, name) for name in (*TRACKED, "updated_at"))


def clipped(name: str, value: Any) -> Any:
    limit = LIMITS.get(name)
    return value[:limit] if isinstance(value, str) and limit else value


def new_vacancy_fields(posting: Posting) -> dict[str, Any]:
    """The columns of a vacancy first seen as ``posting``."""
    names = (*TRACKED, *QUIET, "description_text")
    return {name: clipped(name, getattr(posting, name)) for name in names}


def apply_posting(vacancy: Vacancy, posting: Posting) -> dict[str, Any]:
    """Update ``vacancy`` from ``posting``; return what changed (field → [before, after]).

    A description only counts when the posting carries one (a board whose descriptions come
    from detail requests lists none for the postings not asked about).
    """
    changes: dict[str, Any] = {}
    for name in TRACKED:
        after = clipped(name, getattr(posting, name))
        before = getattr(vacancy, name)
        if after != before:
            changes[name] = [before, after]
            setattr(vacancy, name, after)
    text = posting.description_text
    if text is not None and text != vacancy.description_text:
        if vacancy.description_text is not None:
            changes["description"] = True
        vacancy.description_text = text
    for name in QUIET:
        after = clipped(name, getattr(posting, name))
        if after != getattr(vacancy, name):
            setattr(vacancy, name, after)
    return changes


def same_role(a_title: str, a_location: str | None, b_title: str, b_location: str | None) -> bool:
    """Whether two postings are the same role (title and location, case and spacing aside)."""
    return _norm(a_title) == _norm(b_title) and _norm(a_location) == _norm(b_location)


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())
