"""All of a user's data as one JSON document (``service.imports.restore`` reads it back).

Objects refer to each other by name (a contact's company, tier and tags), so an export can be
restored into any account. API tokens are listed (name, prefix, dates; never their hashes) but
cannot be restored: a new account makes new tokens.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from service.clock import utcnow
from service.extensions import db
from service.imports.csvfiles import UnreadableFile, strip_controls
from service.models import ApiToken, Company, Contact, Tag, Tier, User

FORMAT = "nextround-export"
VERSION = 1
SOURCE = "export.json"


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the user owns, by name rather than by id."""
    uid = user.id
    tiers = db.session.scalars(sa.select(Tier).where(Tier.user_id == uid).order_by(Tier.name))
    tags = db.session.scalars(sa.select(Tag.name).where(Tag.user_id == uid).order_by(Tag.name))
    companies = db.session.scalars(
        sa.select(Company).where(Company.user_id == uid).order_by(Company.name_key)
    )
    contacts = db.session.scalars(
        sa.select(Contact)
        .where(Contact.user_id == uid)
        .order_by(Contact.last_name, Contact.first_name, Contact.id)
        .options(
            selectinload(Contact.company),
            selectinload(Contact.tier),
            selectinload(Contact.tags),
            selectinload(Contact.touches),
        )
    )
    tokens = db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == uid).order_by(ApiToken.created_at)
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso(utcnow()),
        "account": {"email": user.email, "created_at": _iso(user.created_at)},
        "tiers": [{"name": t.name, "interval_days": t.interval_days} for t in tiers],
        "tags": list(tags),
        "companies": [_company(c) for c in companies],
        "contacts": [_contact(c) for c in contacts],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in tokens
        ],
    }


def _company(c: Company) -> dict[str, Any]:
    return {
        "name": c.name,
        "website": c.website,
        "relation": c.relation.value,
        "notes": c.notes,
        "created_at": _iso(c.created_at),
    }


def _contact(c: Contact) -> dict[str, Any]:
    touches = sorted(c.touches, key=lambda t: (t.occurred_at, t.id))
    return {
        "ref": c.id,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "title": c.title,
        "company": c.company.name if c.company else None,
        "email": c.email,
        "linkedin_slug": c.linkedin_slug,
        "role": c.role.value,
        "how_met": c.how_met,
        "notes": c.notes,
        "tier": c.tier.name if c.tier else None,
        "tags": [t.name for t in c.tags],
        "connected_on": _iso(c.connected_on),
        "tracking_since": _iso(c.tracking_since),
        "last_touch_on": _iso(c.last_touch_on),
        "created_at": _iso(c.created_at),
        "touches": [
            {
                "kind": t.kind.value,
                "direction": t.direction.value,
                "occurred_at": _iso(t.occurred_at),
                "summary": t.summary,
                "external_key": t.external_key,
                "created_at": _iso(t.created_at),
            }
            for t in touches
        ],
    }


def load_export(data: bytes) -> dict[str, Any]:
    """Parse and check an export file (UnreadableFile when it is not one)."""
    try:
        doc = _without_controls(json.loads(data.decode("utf-8-sig")))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UnreadableFile(SOURCE, f"this is not a JSON file ({exc}).") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise UnreadableFile(SOURCE, "this JSON file is not a Next Round export.")
    if not isinstance(doc.get("version"), int) or doc["version"] > VERSION:
        raise UnreadableFile(SOURCE, f"export version {doc.get('version')!r} is not supported.")
    for key in ("tiers", "tags", "companies", "contacts"):
        if not isinstance(doc.get(key, []), list):
            raise UnreadableFile(SOURCE, f"'{key}' should be a list.")
    return doc


def _without_controls(value: Any) -> Any:
    """Every string of an export without control characters, as every import stores text."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_controls(v) for k, v in value.items()}
    return value


def count_items(doc: dict[str, Any]) -> int:
    """How many items a restore goes through (for an import run's progress)."""
    contacts = doc.get("contacts", [])
    touches = sum(
        len(c["touches"])
        for c in contacts
        if isinstance(c, dict) and isinstance(c.get("touches"), list)
    )
    return len(doc.get("tiers", [])) + len(doc.get("companies", [])) + len(contacts) + touches
