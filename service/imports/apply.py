"""Applying imported rows in bulk: the user's book is loaded once, batches are a few statements.

Matching: a row is the contact with the same LinkedIn slug, else the same e-mail
(case-insensitive), else (for contacts without a slug) the same name and Connected On date;
otherwise it is a new contact. Merging never erases what the user typed: empty fields are
filled, company and title follow the newer import, role is only set while it is "other",
tags are only added, and notes, how-met and tier are never overwritten.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from service.clock import utcnow
from service.companies.services import name_key
from service.contacts.aliases import full_name_key, load_aliases, name_date_key
from service.extensions import db
from service.models import (
    Company,
    CompanyRelation,
    Contact,
    ContactRole,
    Tag,
    Touch,
    TouchDirection,
    TouchKind,
    contact_tags,
)


@dataclass(eq=False)
class Person:
    """A contact as the import sees it (``id`` is None until the batch is written)."""

    id: int | None
    first_name: str
    last_name: str
    title: str
    email: str | None
    slug: str | None
    company_id: int | None
    connected_on: date | None
    role: ContactRole
    how_met: str  # loaded as its first character: only emptiness matters
    notes: str
    last_touch_on: date | None = None
    tags: set[int] = field(default_factory=set)


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


def _first_char(column: Any) -> Any:
    """Enough of a long text to know whether it is empty (imports only fill empty ones)."""
    return sa.func.substr(column, 1, 1)


class Book:
    """The user's contacts, companies, tags and touch keys, indexed for matching."""

    def __init__(self, user_id: int, *, with_touch_keys: bool = False) -> None:
        self.user_id = user_id
        self.by_slug: dict[str, Person] = {}
        self.by_email: dict[str, Person] = {}
        self.by_name_date: dict[tuple[str, date | None], Person] = {}
        self.by_name: dict[str, list[Person]] = defaultdict(list)
        self.by_id: dict[int, Person] = {}
        self.tags_loaded = False
        self.written: set[int] = set()  # contacts written since ``take_written``
        self._keys: dict[str, str] = {}
        query = sa.select(
            Contact.id,
            Contact.first_name,
            Contact.last_name,
            Contact.title,
            Contact.email,
            Contact.linkedin_slug,
            Contact.company_id,
            Contact.connected_on,
            Contact.role,
            _first_char(Contact.how_met),
            _first_char(Contact.notes),
            Contact.last_touch_on,
        ).where(Contact.user_id == user_id)
        for row in db.session.execute(query):
            self.index(Person(*row))
        self.aliases: dict[tuple[str, str], Person] = {}
        self.last_match_by_alias = False
        for kind, value, contact_id in load_aliases(user_id):
            if (person := self.by_id.get(contact_id)) is not None:
                self.aliases.setdefault((kind, value), person)
        companies = sa.select(Company.name_key, Company.id).where(Company.user_id == user_id)
        self.companies: dict[str, int] = dict(db.session.execute(companies).all())
        tags = sa.select(Tag.name, Tag.id).where(Tag.user_id == user_id)
        self.tag_ids: dict[str, int] = dict(db.session.execute(tags).all())
        self.touch_keys: set[str] = set()
        if with_touch_keys:
            keys = sa.select(Touch.external_key).where(
                Touch.user_id == user_id, Touch.external_key.is_not(None)
            )
            self.touch_keys = set(db.session.scalars(keys))

    def index(self, person: Person) -> None:
        if person.id is not None:
            self.by_id[person.id] = person
        if person.slug:
            self.by_slug.setdefault(person.slug, person)
        if person.email:
            self.by_email.setdefault(person.email.lower(), person)
        name = full_name_key(person.first_name, person.last_name)
        if person not in self.by_name[name]:
            self.by_name[name].append(person)
        if not person.slug:
            self.by_name_date.setdefault((name, person.connected_on), person)

    def take_written(self) -> set[int]:
        """The contacts written since the last call (their due dates need refreshing)."""
        written, self.written = self.written, set()
        return written

    def load_tags(self) -> None:
        """Which tags each contact has (only needed when rows carry tags)."""
        if self.tags_loaded:
            return
        query = (
            sa.select(contact_tags.c.contact_id, contact_tags.c.tag_id)
            .join(Contact, Contact.id == contact_tags.c.contact_id)
            .where(Contact.user_id == self.user_id)
        )
        for contact_id, tag_id in db.session.execute(query):
            if contact_id in self.by_id:
                self.by_id[contact_id].tags.add(tag_id)
        self.tags_loaded = True

    def match(self, row: Incoming) -> Person | None:
        """The contact a row is about; ``last_match_by_alias`` tells a merged-away duplicate."""
        self.last_match_by_alias = False
        person = self._match_directly(row)
        if person is None and (person := self._match_alias(row)) is not None:
            self.last_match_by_alias = True
        return person

    def _match_directly(self, row: Incoming) -> Person | None:
        if row.slug and (person := self.by_slug.get(row.slug)):
            return person
        if row.email and (person := self.by_email.get(row.email.lower())):
            return person
        candidate = self.by_name_date.get(
            (full_name_key(row.first_name, row.last_name), row.connected_on)
        )
        if candidate is None or candidate.slug:
            return None
        if row.email and candidate.email and candidate.email.lower() != row.email.lower():
            return None
        return candidate

    def _match_alias(self, row: Incoming) -> Person | None:
        if row.slug:
            return self.aliases.get(("slug", row.slug))
        if row.email and (person := self.aliases.get(("email", row.email.lower()))):
            return person
        key = name_date_key(row.first_name, row.last_name, row.connected_on)
        return self.aliases.get(("name_date", key))

    def person_for_touch(self, slug: str | None, name: str) -> Person | None:
        """The contact a touch belongs to: by slug, else by a full name nobody else shares."""
        if slug:
            return self.by_slug.get(slug) or self.aliases.get(("slug", slug))
        people = self.by_name.get(" ".join(name.split()).casefold(), [])
        return people[0] if len(people) == 1 else None

    def ensure_companies(
        self, names: Iterable[str], relation: CompanyRelation | None = None
    ) -> None:
        """Create the missing companies in one statement."""
        missing: dict[str, str] = {}
        for name in names:
            key = self.key_of(name)
            if key and key not in self.companies:
                missing.setdefault(key, name.strip()[:200])
        if not missing:
            return
        now = utcnow()
        rows = [
            {
                "user_id": self.user_id,
                "name": name,
                "name_key": key,
                "notes": "",
                "relation": relation or CompanyRelation.OTHER,
                "created_at": now,
                "updated_at": now,
            }
            for key, name in missing.items()
        ]
        ids = _insert_returning_ids(Company, rows, ("name_key",), lambda m: m["name_key"])
        self.companies.update(zip(missing, ids, strict=True))

    def ensure_tags(self, names: Iterable[str]) -> None:
        missing = sorted({n for n in names if n not in self.tag_ids})
        if missing:
            rows = [{"user_id": self.user_id, "name": n} for n in missing]
            ids = _insert_returning_ids(Tag, rows, ("name",), lambda m: m["name"])
            self.tag_ids.update(zip(missing, ids, strict=True))

    def key_of(self, name: str) -> str:
        """``name_key`` of a company name, remembered (the same names repeat on many rows)."""
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = name_key(name)[:200]
        return key

    def company_id(self, name: str | None) -> int | None:
        return self.companies.get(self.key_of(name)) if name else None


def _insert_returning_ids(
    model: Any, rows: list[dict[str, Any]], columns: tuple[str, ...], key: Callable[[Any], Any]
) -> list[int]:
    """The new ids in the order of ``rows``.

    One multi-row INSERT ... RETURNING, its rows matched back by ``key`` (unique in a batch by
    construction): asking SQLAlchemy to keep the order instead makes SQLite insert row by row.
    """
    table = model.__table__  # Core, not the ORM's bulk path: a third of the time on 30k rows
    keys = [key(r) for r in rows]
    if len(set(keys)) != len(keys):
        ordered = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(db.session.scalars(ordered, rows))
    statement = sa.insert(table).returning(table.c.id, *(table.c[c] for c in columns))
    ids = {key(row._mapping): row.id for row in db.session.execute(statement, rows)}
    return [ids[k] for k in keys]


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
    ids = _insert_returning_ids(Contact, rows, columns, _contact_key)
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
