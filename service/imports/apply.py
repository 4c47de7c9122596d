"""Applying imported rows in bulk: each batch loads the contacts it needs, in a few statements.

Matching is the book's (service/imports/book.py). Merging never erases what the user typed:
empty fields are filled, company and title follow the newer import, role is only set while it
is "other", tags are only added, and notes, how-met and tier are never overwritten.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from service.clock import utcnow
from service.extensions import db
from service.imports.book import Book, Person, insert_returning_ids
from service.models import (
    Contact,
    ContactRole,
    Touch,
    TouchDirection,
    TouchKind,
    contact_tags,
)


@dataclass(frozen=True)
class Incoming:
    """A contact row from any import source."""

    first_name: str
    last_name: str = ""
    title: str = ""
    company: str | None = None
    email: str | None = None
    slug: str | None = None
    connected_on: date | None = None
    role: ContactRole = ContactRole.OTHER
    how_met: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewTouch:
    """A touch to add unless its external key is already there."""

    slug: str | None
    name: str
    occurred_at: datetime
    direction: str
    summary: str
    external_key: str


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    skipped: int = 0

    def add(self, other: Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.skipped += other.skipped


def _contact_key(m: Any) -> tuple[Any, ...]:
    if m["linkedin_slug"]:
        return ("slug", m["linkedin_slug"])
    if m["email"]:
        return ("email", m["email"])
    return ("name", m["first_name"], m["last_name"], m["connected_on"])


def _merge(person: Person, row: Incoming, company_id: int | None) -> dict[str, Any]:
    """The column changes that bring ``row``'s news to ``person`` (applied to it as well)."""
    changes: dict[str, Any] = {}
    if row.title and row.title != person.title:
        changes["title"] = row.title
    if company_id is not None and company_id != person.company_id:
        changes["company_id"] = company_id
    for attr, column in (
        ("last_name", "last_name"),
        ("email", "email"),
        ("slug", "linkedin_slug"),
        ("connected_on", "connected_on"),
        ("how_met", "how_met"),
        ("notes", "notes"),
    ):
        value = getattr(row, attr)
        if value and not getattr(person, attr):
            changes[column] = value
    if row.role is not ContactRole.OTHER and person.role is ContactRole.OTHER:
        changes["role"] = row.role
    for column, value in changes.items():
        setattr(person, {"linkedin_slug": "slug"}.get(column, column), value)
    return changes


def upsert_contacts(
    book: Book, rows: list[Incoming], *, tier_id: int | None, today: date
) -> Counts:
    """Create or update one batch of contacts; the caller commits."""
    counts = Counts()
    book.load(rows)
    book.ensure_companies(r.company for r in rows if r.company)
    if any(r.tags for r in rows):
        book.load_tags()
        book.ensure_tags(t for r in rows for t in r.tags)
    new: list[Person] = []
    updates: dict[int, dict[str, Any]] = {}
    links: set[tuple[int, int]] = set()  # (contact id, tag id) to add
    for row in rows:
        company_id = book.company_id(row.company)
        person = book.match(row)
        if book.last_match_by_alias:
            counts.skipped += 1  # a duplicate the user merged away: nothing comes back
            continue
        tag_ids = {book.tag_ids[t] for t in row.tags}
        if person is None:
            person = Person(
                None,
                row.first_name,
                row.last_name,
                row.title,
                row.email,
                row.slug,
                company_id,
                row.connected_on,
                row.role,
                row.how_met,
                row.notes,
            )
            new.append(person)
            book.index(person)
            person.tags = tag_ids
            counts.created += 1
            continue
        changes = _merge(person, row, company_id)
        added_tags = tag_ids - person.tags
        person.tags |= added_tags
        if not changes and not added_tags:
            counts.skipped += 1
            continue
        counts.updated += 1
        book.index(person)
        if person.id is not None:
            updates.setdefault(person.id, {}).update(changes)
            links.update((person.id, t) for t in added_tags)
    _insert_people(book, new, tier_id, today)
    links.update((p.id, t) for p in new if p.id is not None for t in p.tags)
    _update_people(updates)
    book.written.update(updates)
    if links:
        db.session.execute(
            sa.insert(contact_tags), [{"contact_id": c, "tag_id": t} for c, t in sorted(links)]
        )
    return counts


def _insert_people(book: Book, new: list[Person], tier_id: int | None, today: date) -> None:
    if not new:
        return
    now = utcnow()
    rows = [
        {
            "user_id": book.user_id,
            "first_name": p.first_name,
            "last_name": p.last_name,
            "title": p.title,
            "company_id": p.company_id,
            "email": p.email,
            "linkedin_slug": p.slug,
            "role": p.role,
            "how_met": p.how_met,
            "notes": p.notes,
            "tier_id": tier_id,
            "connected_on": p.connected_on,
            "tracking_since": p.connected_on or today,
            "created_at": now,
            "updated_at": now,
        }
        for p in new
    ]
    columns = ("linkedin_slug", "email", "first_name", "last_name", "connected_on")
    ids = insert_returning_ids(Contact, rows, columns, _contact_key)
    for person, new_id in zip(new, ids, strict=True):
        person.id = new_id
        book.by_id[new_id] = person
    book.written.update(ids)


def _update_people(updates: dict[int, dict[str, Any]]) -> None:
    """Bulk UPDATE by primary key, one executemany per set of changed columns."""
    now = utcnow()
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for contact_id, changes in updates.items():
        if changes:
            groups[tuple(sorted(changes))].append({"id": contact_id, "updated_at": now, **changes})
    for rows in groups.values():
        db.session.execute(sa.update(Contact), rows)


def add_touches(book: Book, touches: list[NewTouch]) -> Counts:
    """Add the touches whose keys are new; refresh the latest-touch date of everyone involved."""
    counts = Counts()
    book.load_for_touches(touches)
    rows, involved = [], set()
    now = utcnow()
    for touch in touches:
        person = book.person_for_touch(touch.slug, touch.name)
        if person is None or person.id is None:
            counts.skipped += 1  # not one of the user's contacts
            continue
        involved.add(person.id)
        if touch.external_key in book.touch_keys:
            counts.skipped += 1
            continue
        book.touch_keys.add(touch.external_key)
        rows.append(
            {
                "user_id": book.user_id,
                "contact_id": person.id,
                "kind": TouchKind.MESSAGE,
                "direction": TouchDirection(touch.direction),
                "occurred_at": touch.occurred_at,
                "summary": touch.summary,
                "external_key": touch.external_key,
                "created_at": now,
            }
        )
        counts.created += 1
    if rows:
        db.session.execute(sa.insert(Touch.__table__), rows)
    refresh_last_touches(book, involved)
    return counts


def refresh_last_touches(book: Book, contact_ids: set[int]) -> None:
    """Recompute ``last_touch_on`` from the touches (so a re-run after a crash converges)."""
    if not contact_ids:
        return
    query = (
        sa.select(Touch.contact_id, sa.func.max(Touch.occurred_at))
        .where(Touch.contact_id.in_(contact_ids))
        .group_by(Touch.contact_id)
    )
    changes: dict[int, date | None] = {}
    for contact_id, latest in db.session.execute(query):
        day = latest.date() if isinstance(latest, datetime) else _as_date(latest)
        person = book.by_id[contact_id]
        if person.last_touch_on != day:
            person.last_touch_on = changes[contact_id] = day
    if changes:
        rows = [{"id": i, "last_touch_on": day} for i, day in changes.items()]
        db.session.execute(sa.update(Contact), rows)
        book.written.update(changes)


def _as_date(value: Any) -> date | None:
    """``max()`` over a datetime column comes back as text on SQLite."""
    if value is None:
        return None
    return datetime.fromisoformat(str(value)).date()
