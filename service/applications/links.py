"""Where a to-do's message is written: the drafting studio's address (no database, no Flask)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote


@lru_cache(maxsize=64)
def _quoted(kind: str) -> str:
    return quote(kind, safe="")  # the kinds are few: a plan of thousands quotes each once


def draft_link(kind: str, contact_id: int | None = None, application_id: int | None = None) -> str:
    """The drafting studio's page for a message of this kind (the one place that says so)."""
    link = f"/drafts/new?kind={_quoted(str(kind))}"
    if contact_id is not None:
        link += f"&contact={int(contact_id)}"
    if application_id is not None:
        link += f"&application={int(application_id)}"
    return link
