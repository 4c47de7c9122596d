"""Aliases: what a merged-away duplicate was known by (its LinkedIn slug, e-mail, name and
connection date), so that importing the same file again finds the contact it was merged into
instead of bringing the duplicate back."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from service.extensions import db
from service.models import Contact, ContactAlias


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
