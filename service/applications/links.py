"""Where a to-do's message is written: the drafting studio's address (no database, no Flask)."""

from __future__ import annotations

from urllib.parse import urlencode


def draft_link(kind: str, contact_id: int | None = None, application_id: int | None = None) -> str:
    """The drafting studio's page for a message of this kind (the one place that says so)."""
    query: dict[str, str | int] = {"kind": kind}
    if contact_id is not None:
        query["contact"] = contact_id
    if application_id is not None:
        query["application"] = application_id
    return f"/drafts/new?{urlencode(query)}"
