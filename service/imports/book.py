"""The user's contact book as an import sees it: loaded once, indexed for matching rows.

Matching: a row is the contact with the same LinkedIn slug, else the same e-mail
(case-insensitive), else (for contacts without a slug) the same name and Connected On date,
else a duplicate the user merged away (its aliases); otherwise it is a new contact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from service.clock import utcnow
from service.companies.services import name_key
from service.contacts.aliases import full_name_key, load_aliases, name_date_key
from service.extensions import db
from service.models import Company, CompanyRelation, Contact, ContactRole, Tag, Touch, contact_tags

if TYPE_CHECKING:
    from service.imports.apply import Incoming


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
