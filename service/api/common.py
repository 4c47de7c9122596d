"""Helpers the API modules share: JSON bodies, pagination, serialisers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from flask import current_app, request
from pydantic import BaseModel

from service.errors import ValidationFailed
from service.ids import MAX_PAGE, parse_int
from service.models import ApiToken, Company, Contact, ImportRun, Tier, Touch
from service.timestamps import rfc3339
from service.validation import check_json

Row = TypeVar("Row")


def json_body(model: type[BaseModel] | None = None) -> dict[str, Any]:
    """The request's JSON object (checked against ``model`` with JSON's types), or a 422."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationFailed("Send a JSON object with Content-Type: application/json.")
    if model is not None:
        check_json(model, request.get_data())
    return data


def paging() -> tuple[int, int]:
    """``page`` and ``per_page`` from the query string, within the documented bounds."""
    page = parse_int(request.args.get("page"), "page", high=MAX_PAGE) or 1
    size = parse_int(request.args.get("per_page"), "per_page", high=max_page_size())
    return page, size or current_app.config["API_PAGE_SIZE"]


def max_page_size() -> int:
    """The largest ``per_page`` (configurable)."""
    size: int = current_app.config["API_MAX_PAGE_SIZE"]
    return size


def page_of(rows: Sequence[Row], to_json: Callable[[Row], dict[str, Any]]) -> dict[str, Any]:
    """The requested page of a list already loaded whole (a user's tiers, tokens, touches)."""
    page, per_page = paging()
    items = [to_json(row) for row in rows[(page - 1) * per_page : page * per_page]]
    return page_body(items, len(rows), page, per_page)


def page_body(items: list[dict[str, Any]], total: int, page: int, per_page: int) -> dict[str, Any]:
    """A list response: the items and where they stand among all of them."""
    pages = max(1, -(-total // per_page))
    return {"items": items, "page": page, "per_page": per_page, "total": total, "pages": pages}


def contact_json(c: Contact) -> dict[str, Any]:
    """A contact as the API shows it."""
    return {
        "id": c.id,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "name": c.name,
        "title": c.title,
        "company": c.company.name if c.company else None,
        "company_id": c.company_id,
        "email": c.email,
        "linkedin": c.linkedin_url,
        "role": c.role.value,
        "how_met": c.how_met,
        "notes": c.notes,
        "tier_id": c.tier_id,
        "tags": [t.name for t in c.tags],
        "connected_on": rfc3339(c.connected_on),
        "last_touch_on": rfc3339(c.last_touch_on),
        "next_due_on": rfc3339(c.next_due_on),
        "created_at": rfc3339(c.created_at),
        "updated_at": rfc3339(c.updated_at),
    }


def touch_json(t: Touch) -> dict[str, Any]:
    """A touch as the API shows it."""
    return {
        "id": t.id,
        "contact_id": t.contact_id,
        "kind": t.kind.value,
        "direction": t.direction.value,
        "occurred_at": rfc3339(t.occurred_at),
        "summary": t.summary,
    }


def company_json(c: Company, people: int | None = None) -> dict[str, Any]:
    """A company as the API shows it (with its number of contacts when given)."""
    body = {
        "id": c.id,
        "name": c.name,
        "website": c.website,
        "domain": c.domain,
        "relation": c.relation.value,
        "notes": c.notes,
    }
    if people is not None:
        body["contacts"] = people
    return body


def tier_json(t: Tier) -> dict[str, Any]:
    """A tier as the API shows it."""
    return {"id": t.id, "name": t.name, "interval_days": t.interval_days}


def token_json(t: ApiToken) -> dict[str, Any]:
    """A token's metadata (never its secret or hash)."""
    return {
        "id": t.id,
        "name": t.name,
        "prefix": t.prefix,
        "created_at": rfc3339(t.created_at),
        "last_used_at": rfc3339(t.last_used_at),
        "revoked_at": rfc3339(t.revoked_at),
    }


def import_json(run: ImportRun, *, rejected_count: int | None = None) -> dict[str, Any]:
    """One import; in lists (``rejected_count`` given) without the rejected rows themselves."""
    body = {
        "id": run.id,
        "kind": run.kind,
        "filename": run.filename,
        "status": run.status.value,
        "total_rows": run.total_rows,
        "processed_rows": run.processed_rows,
        "progress_percent": run.progress_percent,
        "column_map": _columns(run),
        "created": run.created_count,
        "updated": run.updated_count,
        "skipped": run.skipped_count,
        "rejected_count": len(run.rejected) if rejected_count is None else rejected_count,
        "error": run.error,
        "created_at": rfc3339(run.created_at),
        "finished_at": rfc3339(run.finished_at),
    }
    if rejected_count is None:
        body["rejected"] = run.rejected
    return body


def _columns(run: ImportRun) -> dict[str, Any] | None:
    """For a generic CSV: its headers and the suggested field per column."""
    mapping = run.column_map or {}
    if "headers" not in mapping:
        return None
    return {
        "headers": mapping["headers"],
        "suggested": mapping.get("suggested"),
        "fields": mapping.get("fields"),
    }
