"""Contacts and touches: the rules of the contact book, and every query on it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from service.clock import today as today_utc
from service.companies.services import ensure_company
from service.contacts.aliases import remember_aliases
from service.contacts.due import recompute_due
from service.contacts.schemas import ContactIn, TouchIn
from service.errors import Conflict, NotFound, UnknownReference
from service.extensions import db
from service.models import Company, Contact, Tag, Tier, Touch, User, contact_tags
from service.owned import owned
from service.validation import parse

log = logging.getLogger(__name__)

SORTS = {
    "name": (Contact.last_name, Contact.first_name),
    "company": (Company.name_key, Contact.last_name),
    "due": (Contact.next_due_on.asc().nulls_last(), Contact.last_name),
    "last_touch": (Contact.last_touch_on.desc(), Contact.last_name),
    "recent": (Contact.created_at.desc(), Contact.id.desc()),
}


def parse_contact(data: dict[str, Any]) -> ContactIn:
    """Contact fields checked by ``ContactIn``, or ValidationFailed per field."""
    return parse(ContactIn, data)


def get_contact(user: User, contact_id: int) -> Contact:
    """The user's contact; someone else's id is simply not found."""
    return owned(Contact, user, contact_id, "No such contact.")


def chosen_tier(user: User, tier_id: int | None) -> Tier | None:
    """The tier a contact or an import asks for: the user's own, else UnknownReference (a 409
    in the API: the body is well formed, the tier is not there)."""
    if tier_id is None:
        return None
    try:
        return owned(Tier, user, tier_id, "Unknown stay-in-touch tier.")
    except NotFound as exc:
        raise UnknownReference(exc.message, {"tier_id": "unknown"}) from exc


def ensure_tags(user: User, names: list[str]) -> list[Tag]:
    """The user's tags with these names, created when missing."""
    if not names:
        return []
    existing = {
        t.name: t
        for t in db.session.scalars(
            sa.select(Tag).where(Tag.user_id == user.id, Tag.name.in_(names))
        )
    }
    for name in names:
        if name not in existing:
            existing[name] = Tag(user_id=user.id, name=name)
            db.session.add(existing[name])
    return [existing[n] for n in names]


def _check_unique(user: User, fields: ContactIn, contact_id: int | None = None) -> None:
    if fields.linkedin:
        query = sa.select(Contact.id).where(
            Contact.user_id == user.id, Contact.linkedin_slug == fields.linkedin
        )
        other = db.session.scalar(query)
        if other is not None and other != contact_id:
            raise Conflict(
                "Another contact already has that LinkedIn profile; merge them instead.",
                {"linkedin": "taken", "contact_id": other},
            )


def _apply(user: User, contact: Contact, fields: ContactIn, today: date) -> None:
    starts_reminders = contact.tier_id is None and fields.tier_id is not None
    if starts_reminders and contact.last_touch_on is None:
        # never touched: the clock starts when reminders are asked for, not at the
        # (possibly years old) LinkedIn connection date
        contact.tracking_since = today
    contact.first_name, contact.last_name = fields.first_name, fields.last_name
    contact.title, contact.email = fields.title, fields.email
    contact.linkedin_slug, contact.role = fields.linkedin, fields.role
    contact.how_met, contact.notes = fields.how_met, fields.notes
    contact.tier = chosen_tier(user, fields.tier_id)
    contact.company = ensure_company(user, fields.company) if fields.company else None
    contact.tags = ensure_tags(user, fields.tags)
    contact.connected_on = fields.connected_on


def create_contact(user: User, data: dict[str, Any], *, today: date | None = None) -> Contact:
    """Add a contact; their stay-in-touch clock starts today."""
    fields = parse_contact(data)
    _check_unique(user, fields)
    day = today or today_utc()
    contact = Contact(user_id=user.id, tracking_since=day)
    db.session.add(contact)
    _apply(user, contact, fields, day)
    db.session.flush()
    recompute_due(user.id, contact_ids=[contact.id])
    db.session.commit()
    return contact


def contact_fields(contact: Contact) -> dict[str, Any]:
    """A contact as ``ContactIn`` data (for forms and partial updates)."""
    return {
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "title": contact.title,
        "company": contact.company.name if contact.company else None,
        "email": contact.email,
        "linkedin": contact.linkedin_slug,
        "role": contact.role,
        "how_met": contact.how_met,
        "notes": contact.notes,
        "tier_id": contact.tier_id,
        "tags": [t.name for t in contact.tags],
        "connected_on": contact.connected_on,
    }


def update_contact(user: User, contact_id: int, changes: dict[str, Any]) -> Contact:
    """Change some fields; the others keep their values."""
    contact = get_contact(user, contact_id)
    fields = parse_contact({**contact_fields(contact), **changes})
    _check_unique(user, fields, contact.id)
    _apply(user, contact, fields, today_utc())
    recompute_due(user.id, contact_ids=[contact.id])
    db.session.commit()
    return contact


def delete_contact(user: User, contact_id: int) -> None:
    """Delete a contact with its touches."""
    db.session.delete(get_contact(user, contact_id))
    db.session.commit()


def refresh_last_touch(contact: Contact) -> None:
    """Recompute the derived latest-touch date from the touches, and the next-due date."""
    latest = db.session.scalar(
        sa.select(sa.func.max(Touch.occurred_at)).where(Touch.contact_id == contact.id)
    )
    contact.last_touch_on = latest.date() if latest else None
    recompute_due(contact.user_id, contact_ids=[contact.id])


def record_touch(user: User, contact_id: int, data: dict[str, Any]) -> Touch:
    """Log an interaction; the contact's next-due date moves with it."""
    touch = add_touch(user, contact_id, data)
    db.session.commit()
    return touch


def add_touch(user: User, contact_id: int, data: dict[str, Any]) -> Touch:
    """``record_touch`` inside the caller's transaction (not committed)."""
    contact = get_contact(user, contact_id)
    fields = parse(TouchIn, data, "The touch needs fixing.")
    touch = Touch(
        user_id=user.id,
        contact_id=contact.id,
        kind=fields.kind,
        direction=fields.direction,
        occurred_at=fields.occurred_at,
        summary=fields.summary,
    )
    db.session.add(touch)
    db.session.flush()
    refresh_last_touch(contact)
    return touch


def get_touch(user: User, touch_id: int) -> Touch:
    """The user's touch; someone else's id is simply not found."""
    return owned(Touch, user, touch_id, "No such touch.")


def delete_touch(user: User, touch_id: int) -> Contact:
    """Remove a touch; the contact's last touch and next-due date follow."""
    touch = get_touch(user, touch_id)
    contact = touch.contact
    db.session.delete(touch)
    db.session.flush()
    refresh_last_touch(contact)
    db.session.commit()
    return contact


def merge_contacts(user: User, keep_id: int, other_id: int) -> Contact:
    """Fold ``other`` into ``keep``: touches and tags move over, empty fields are filled."""
    if keep_id == other_id:
        raise Conflict("Pick two different contacts to merge.", {"other_id": "same contact"})
    keep = get_contact(user, keep_id)
    try:
        other = get_contact(user, other_id)
    except NotFound as exc:  # the body names it: like an unknown tier, a 409 in the API
        raise UnknownReference("No such contact to merge.", {"other_id": "unknown"}) from exc
    remember_aliases(keep, other)
    db.session.execute(
        sa.update(Touch).where(Touch.contact_id == other.id).values(contact_id=keep.id)
    )
    keep.tags = sorted({*keep.tags, *other.tags}, key=lambda t: t.name)
    for attr in ("last_name", "title", "company_id", "email", "tier_id", "connected_on"):
        if not getattr(keep, attr) and getattr(other, attr):
            setattr(keep, attr, getattr(other, attr))
    for attr in ("how_met", "notes"):
        parts = [p for p in (getattr(keep, attr), getattr(other, attr)) if p]
        setattr(keep, attr, "\n\n".join(dict.fromkeys(parts)))
    slug = other.linkedin_slug
    keep.tracking_since = min(keep.tracking_since, other.tracking_since)
    db.session.delete(other)
    db.session.flush()
    if not keep.linkedin_slug and slug:
        keep.linkedin_slug = slug
    db.session.expire(keep, ["touches"])
    refresh_last_touch(keep)
    db.session.commit()
    return keep


@dataclass(frozen=True)
class ContactFilter:
    """What the contact list is narrowed and ordered by."""

    q: str = ""
    company_id: int | None = None
    role: str | None = None
    tag: str | None = None
    tier_id: int | None = None
    due: str | None = None  # "week" (due within 7 days, overdue included) | "overdue"
    sort: str = "name"


@dataclass(frozen=True)
class ContactPage:
    items: list[Contact]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _filtered(user: User, f: ContactFilter, today: date) -> sa.Select[tuple[Contact]]:
    query = sa.select(Contact).where(Contact.user_id == user.id)
    if f.q.strip() or f.sort == "company":
        query = query.outerjoin(Company, Contact.company_id == Company.id)
    if f.q.strip():
        needle = f.q.strip().lower()
        query = query.where(
            sa.or_(
                sa.func.lower(Contact.first_name + " " + Contact.last_name).contains(
                    needle, autoescape=True
                ),
                sa.func.lower(Contact.title).contains(needle, autoescape=True),
                sa.func.lower(sa.func.coalesce(Contact.email, "")).contains(
                    needle, autoescape=True
                ),
                Company.name_key.contains(needle, autoescape=True),
            )
        )
    if f.company_id is not None:
        query = query.where(Contact.company_id == f.company_id)
    if f.role:
        query = query.where(Contact.role == f.role)
    if f.tier_id is not None:
        query = query.where(Contact.tier_id == f.tier_id)
    if f.tag:
        tagged = (
            sa.select(contact_tags.c.contact_id)
            .join(Tag)
            .where(Tag.user_id == user.id, Tag.name == f.tag.strip().lower())
        )
        query = query.where(Contact.id.in_(tagged))
    if f.due == "overdue":
        query = query.where(Contact.next_due_on < today)
    elif f.due == "week":
        query = query.where(Contact.next_due_on <= today + timedelta(days=7))
    return query


def list_contacts(
    user: User, f: ContactFilter, page: int = 1, per_page: int = 50, *, today: date | None = None
) -> ContactPage:
    """One page of the user's contacts, filtered and sorted."""
    query = _filtered(user, f, today or today_utc())
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    order: tuple[Any, ...] = SORTS.get(f.sort, SORTS["name"])
    query = query.order_by(*order, Contact.id).offset((page - 1) * per_page).limit(per_page)
    query = query.options(
        joinedload(Contact.company), joinedload(Contact.tier), selectinload(Contact.tags)
    )
    return ContactPage(list(db.session.scalars(query)), total, page, per_page)


def due_contacts(user: User, *, today: date | None = None, within_days: int = 7) -> list[Contact]:
    """Who is due (or overdue) within the coming days, most overdue first."""
    day = today or today_utc()
    query = (
        sa.select(Contact)
        .where(Contact.user_id == user.id, Contact.next_due_on <= day + timedelta(days=within_days))
        .order_by(Contact.next_due_on, Contact.last_name)
        .options(selectinload(Contact.company), selectinload(Contact.tier))
    )
    return list(db.session.scalars(query))


def has_contacts(user: User) -> bool:
    """Whether the user has anyone in the contact book yet (for the first-run screens)."""
    query = sa.select(Contact.id).where(Contact.user_id == user.id).limit(1)
    return db.session.scalar(query) is not None


def user_tags(user: User) -> list[str]:
    """The names of the user's tags, sorted."""
    return list(
        db.session.scalars(sa.select(Tag.name).where(Tag.user_id == user.id).order_by(Tag.name))
    )
