"""The user's contact book as one batch of an import sees it, loaded from SQL per batch.

Only the contacts a batch could be about are loaded (by slug, e-mail, name and alias, through
the indexes), so memory stays flat however large the file or the book. Matching itself is the
one rule of ``service.contacts.aliases.ContactMatcher``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from service.clock import utcnow
from service.companies.services import name_key
from service.contacts.aliases import ContactMatcher, alias_keys, full_name_key
from service.extensions import db
from service.models import (
    Company,
    CompanyRelation,
    Contact,
    ContactAlias,
    ContactRole,
    Tag,
    Touch,
    contact_tags,
)

if TYPE_CHECKING:
    from service.imports.apply import Incoming, NewTouch


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


def _first_char(column: Any) -> Any:
    """Enough of a long text to know whether it is empty (imports only fill empty ones)."""
    return sa.func.substr(column, 1, 1)


class Book:
    """Per-batch indexes of the user's contacts, plus small caches of companies and tags."""

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        self.by_id: dict[int, Person] = {}
        self.by_name: dict[str, list[Person]] = defaultdict(list)
        self.matcher: ContactMatcher[Person] = ContactMatcher()
        self.last_match_by_alias = False
        self.tags_loaded = False
        self.written: set[int] = set()  # contacts written since ``take_written``
        self.touch_keys: set[str] = set()
        self.companies: dict[str, int] = {}
        self._keys: dict[str, str] = {}
        tags = sa.select(Tag.name, Tag.id).where(Tag.user_id == user_id)
        self.tag_ids: dict[str, int] = dict(db.session.execute(tags).all())

    def _reset(self) -> None:
        self.by_id, self.by_name = {}, defaultdict(list)
        self.matcher, self.tags_loaded = ContactMatcher(), False
        self.companies, self._keys, self.touch_keys = {}, {}, set()

    def load(self, rows: Sequence[Incoming]) -> None:
        """Start a batch of contact rows: load the contacts they could be about."""
        self._reset()
        slugs = {r.slug for r in rows if r.slug}
        emails = {r.email.lower() for r in rows if r.email}
        names = [(r.first_name, r.last_name) for r in rows]
        keys = {k for r in rows for k in alias_keys(*_row_keys(r))}
        self._load_contacts(slugs, emails, names, keys)

    def load_for_touches(self, touches: Sequence[NewTouch]) -> None:
        """Start a batch of touches: load their people and which of their keys exist."""
        self._reset()
        slugs = {t.slug for t in touches if t.slug}
        names = [split for t in touches if not t.slug for split in _splits(t.name)]
        self._load_contacts(slugs, set(), names, {("slug", s) for s in slugs})
        wanted = {t.external_key for t in touches}
        existing = sa.select(Touch.external_key).where(
            Touch.user_id == self.user_id, Touch.external_key.in_(wanted)
        )
        self.touch_keys = set(db.session.scalars(existing))

    def _load_contacts(
        self,
        slugs: set[str],
        emails: set[str],
        names: list[tuple[str, str]],
        aliases: set[tuple[str, str]],
    ) -> None:
        alias_query = sa.select(
            ContactAlias.kind, ContactAlias.value, ContactAlias.contact_id
        ).where(
            ContactAlias.user_id == self.user_id,
            ContactAlias.kind.in_({kind for kind, _ in aliases}),
            ContactAlias.value.in_({value for _, value in aliases}),
        )
        found = [(k, v, c) for k, v, c in db.session.execute(alias_query) if (k, v) in aliases]
        firsts = {v for first, _ in names for v in _variants(first)}
        lasts = {v for _, last in names for v in _variants(last)}
        by_name = sa.and_(Contact.last_name.in_(lasts), Contact.first_name.in_(firsts))
        ways = [
            Contact.linkedin_slug.in_(slugs) if slugs else None,
            Contact.email.in_(emails) if emails else None,
            by_name if names else None,
            Contact.id.in_({c for _, _, c in found}) if found else None,
        ]
        for way in ways:  # one indexed query each: an OR of them would scan the whole book
            if way is None:
                continue
            query = sa.select(*_COLUMNS).where(Contact.user_id == self.user_id, way)
            for row in db.session.execute(query):
                if row[0] not in self.by_id:
                    self.index(Person(*row))
        for kind, value, contact_id in found:
            if (person := self.by_id.get(contact_id)) is not None:
                self.matcher.add_alias(kind, value, person)

    def index(self, person: Person) -> None:
        """Make a contact of this batch findable by the matcher and, for touches, by name."""
        if person.id is not None:
            self.by_id[person.id] = person
        self.matcher.add(
            person,
            slug=person.slug,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            connected_on=person.connected_on,
        )
        name = full_name_key(person.first_name, person.last_name)
        if person not in self.by_name[name]:
            self.by_name[name].append(person)

    def take_written(self) -> set[int]:
        """The contacts written since the last call (their due dates need refreshing)."""
        written, self.written = self.written, set()
        return written

    def load_tags(self) -> None:
        """Which tags each contact of the batch has (only needed when rows carry tags)."""
        if self.tags_loaded:
            return
        query = sa.select(contact_tags.c.contact_id, contact_tags.c.tag_id).where(
            contact_tags.c.contact_id.in_(list(self.by_id))
        )
        for contact_id, tag_id in db.session.execute(query):
            self.by_id[contact_id].tags.add(tag_id)
        self.tags_loaded = True

    def match(self, row: Incoming) -> Person | None:
        """The contact a row is about; ``last_match_by_alias`` tells a merged-away duplicate."""
        slug, email, first, last, connected_on = _row_keys(row)
        person, self.last_match_by_alias = self.matcher.match(
            slug=slug, email=email, first_name=first, last_name=last, connected_on=connected_on
        )
        return person

    def person_for_touch(self, slug: str | None, name: str) -> Person | None:
        """The contact a touch belongs to: by slug, else by a full name nobody else shares."""
        if slug:
            return self.matcher.by_slug.get(slug) or self.matcher.aliases.get(("slug", slug))
        people = self.by_name.get(" ".join(name.split()).casefold(), [])
        return people[0] if len(people) == 1 else None

    def ensure_companies(
        self, names: Iterable[str], relation: CompanyRelation | None = None
    ) -> None:
        """Look up the batch's companies and create the missing ones in one statement."""
        missing: dict[str, str] = {}
        for name in names:
            key = self.key_of(name)
            if key and key not in self.companies:
                missing.setdefault(key, name.strip()[:200])
        if missing:
            query = sa.select(Company.name_key, Company.id).where(
                Company.user_id == self.user_id, Company.name_key.in_(list(missing))
            )
            for key, company_id in db.session.execute(query):
                self.companies[key] = company_id
                missing.pop(key, None)
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
        ids = insert_returning_ids(Company, rows, ("name_key",), lambda m: m["name_key"])
        self.companies.update(zip(missing, ids, strict=True))

    def ensure_tags(self, names: Iterable[str]) -> None:
        missing = sorted({n for n in names if n not in self.tag_ids})
        if missing:
            rows = [{"user_id": self.user_id, "name": n} for n in missing]
            ids = insert_returning_ids(Tag, rows, ("name",), lambda m: m["name"])
            self.tag_ids.update(zip(missing, ids, strict=True))

    def key_of(self, name: str) -> str:
        """``name_key`` of a company name, remembered (the same names repeat on many rows)."""
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = name_key(name)[:200]
        return key

    def company_id(self, name: str | None) -> int | None:
        return self.companies.get(self.key_of(name)) if name else None


_COLUMNS = (
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
)


def _row_keys(row: Incoming) -> tuple[str | None, str | None, str, str, date | None]:
    return row.slug, row.email, row.first_name, row.last_name, row.connected_on


def _variants(name: str) -> set[str]:
    """How a stored name may be capitalised, for an indexed lookup; the matcher then compares
    the candidates case- and spacing-insensitively."""
    flat = " ".join(name.split())
    return {name, flat, flat.lower(), flat.upper(), flat.title(), flat.capitalize()}


def _splits(full: str) -> list[tuple[str, str]]:
    """Every (first, last) a full name could have been stored as."""
    words = full.split()
    return [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words) + 1)]


def insert_returning_ids(
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
