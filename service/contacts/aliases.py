"""Aliases: what a merged-away duplicate was known by (its LinkedIn slug, e-mail, name and
connection date), so that importing the same file again finds the contact it was merged into
instead of bringing the duplicate back."""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar

import sqlalchemy as sa

from service.extensions import db
from service.models import Contact, ContactAlias

_T = TypeVar("_T")


def full_name_key(first: str, last: str) -> str:
    """How imports compare names: case- and spacing-insensitive."""
    return " ".join(f"{first} {last}".split()).casefold()


def name_date_key(first: str, last: str, connected_on: date | None) -> str:
    """The alias of a contact known only by name and connection date."""
    return f"{full_name_key(first, last)}|{connected_on.isoformat() if connected_on else ''}"


def remember_aliases(keep: Contact, other: Contact) -> None:
    """Before ``other`` is merged into ``keep``: keep its identifiers (and its own aliases)."""
    db.session.execute(
        sa.update(ContactAlias)
        .where(ContactAlias.contact_id == other.id)
        .values(contact_id=keep.id)
        .execution_options(synchronize_session=False)
    )
    keys = {("name_date", name_date_key(other.first_name, other.last_name, other.connected_on))}
    if other.linkedin_slug and other.linkedin_slug != keep.linkedin_slug:
        keys.add(("slug", other.linkedin_slug))
    if other.email and other.email.lower() != (keep.email or "").lower():
        keys.add(("email", other.email.lower()))
    query = sa.select(ContactAlias.kind, ContactAlias.value).where(
        ContactAlias.user_id == keep.user_id
    )
    existing = {(kind, value) for kind, value in db.session.execute(query)}
    for kind, value in sorted(keys - existing):
        db.session.add(
            ContactAlias(user_id=keep.user_id, contact_id=keep.id, kind=kind, value=value[:500])
        )


def load_aliases(user_id: int) -> list[tuple[str, str, int]]:
    """Every alias of the user's contacts as (kind, value, contact id)."""
    query = sa.select(ContactAlias.kind, ContactAlias.value, ContactAlias.contact_id).where(
        ContactAlias.user_id == user_id
    )
    return [(k, v, c) for k, v, c in db.session.execute(query)]


class ContactMatcher(Generic[_T]):
    """The one rule for which contact an incoming row is about, shared by every import.

    A row is the contact with the same LinkedIn slug, else the same e-mail (case-insensitive),
    else (for contacts without a slug, whose e-mail does not differ) the same name and
    Connected On date, else a duplicate the user merged away (its aliases); otherwise it is
    new. The items are whatever the caller keeps per contact (an id, a row, a model).
    """

    def __init__(self) -> None:
        self.by_slug: dict[str, _T] = {}
        self.by_email: dict[str, _T] = {}
        self.by_name_date: dict[str, tuple[_T, str | None]] = {}  # (item, its e-mail)
        self.aliases: dict[tuple[str, str], _T] = {}

    def add(
        self,
        item: _T,
        *,
        slug: str | None,
        email: str | None,
        first_name: str,
        last_name: str,
        connected_on: date | None,
    ) -> None:
        """Make a contact findable (the first one added under a key keeps it)."""
        if slug:
            self.by_slug.setdefault(slug, item)
        if email:
            self.by_email.setdefault(email.lower(), item)
        if not slug:
            key = name_date_key(first_name, last_name, connected_on)
            self.by_name_date.setdefault(key, (item, email))

    def add_alias(self, kind: str, value: str, item: _T) -> None:
        self.aliases.setdefault((kind, value), item)

    def match(
        self,
        *,
        slug: str | None,
        email: str | None,
        first_name: str,
        last_name: str,
        connected_on: date | None,
    ) -> tuple[_T | None, bool]:
        """The contact a row is about, and whether it was found through an alias."""
        if slug and (item := self.by_slug.get(slug)) is not None:
            return item, False
        if email and (item := self.by_email.get(email.lower())) is not None:
            return item, False
        key = name_date_key(first_name, last_name, connected_on)
        if (found := self.by_name_date.get(key)) is not None:
            item, theirs = found
            if not (email and theirs and theirs.lower() != email.lower()):
                return item, False
        item = self._alias(slug, email, key)
        return item, item is not None

    def _alias(self, slug: str | None, email: str | None, key: str) -> _T | None:
        if slug:
            return self.aliases.get(("slug", slug))
        if email and (item := self.aliases.get(("email", email.lower()))) is not None:
            return item
        return self.aliases.get(("name_date", key))


def alias_keys(
    slug: str | None, email: str | None, first_name: str, last_name: str, connected_on: date | None
) -> list[tuple[str, str]]:
    """The (kind, value) aliases a row could be found under."""
    keys = [("name_date", name_date_key(first_name, last_name, connected_on))]
    if slug:
        keys.append(("slug", slug))
    if email:
        keys.append(("email", email.lower()))
    return keys
