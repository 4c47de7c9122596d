"""All of a user's data as one JSON document, and restoring it into an account.

Objects refer to each other by name (a contact's company, tier and tags), so an export can be
restored into any account. Restoring matches what is already there (tiers and tags by name,
companies by name, contacts by LinkedIn slug, e-mail, or name + company + Connected On, touches
by their content) and only adds or fills in, so restoring the same file twice changes nothing.
API tokens are listed (name, prefix, dates; never their hashes) but cannot be restored: a new
account makes new tokens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from service.clock import today, utcnow
from service.companies.services import domain_of, name_key
from service.contacts.due import recompute_due
from service.extensions import db
from service.imports.csvfiles import Rejected, UnreadableFile
from service.models import (
    ApiToken,
    Company,
    CompanyRelation,
    Contact,
    ContactRole,
    Tag,
    Tier,
    Touch,
    TouchDirection,
    TouchKind,
    User,
)

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
        doc = json.loads(data.decode("utf-8-sig"))
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


def count_items(doc: dict[str, Any]) -> int:
    contacts = doc.get("contacts", [])
    touches = sum(len(c.get("touches") or []) for c in contacts if isinstance(c, dict))
    return len(doc.get("tiers", [])) + len(doc.get("companies", [])) + len(contacts) + touches


@dataclass
class RestoreReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.skipped + len(self.rejected)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def restore_user_data(user: User, doc: dict[str, Any]) -> RestoreReport:
    """Add what the export holds and the account lacks; one transaction, committed at the end."""
    restorer = _Restorer(user)
    for i, item in enumerate(doc.get("tiers", [])):
        restorer.guard(f"tiers[{i}]", restorer.tier, item)
    for i, item in enumerate(doc.get("companies", [])):
        restorer.guard(f"companies[{i}]", restorer.company, item)
    restorer.tags([t for t in doc.get("tags", []) if isinstance(t, str)])
    for i, item in enumerate(doc.get("contacts", [])):
        restorer.guard(f"contacts[{i}]", restorer.contact, item)
    recompute_due(user.id)
    db.session.commit()
    return restorer.report


class _Restorer:
    """Restore state: the account's objects indexed by the keys an export refers to them by."""

    def __init__(self, user: User) -> None:
        self.user, self.report = user, RestoreReport()
        uid = user.id
        self.tiers = {
            t.name: t for t in db.session.scalars(sa.select(Tier).where(Tier.user_id == uid))
        }
        self.companies = {
            c.name_key: c
            for c in db.session.scalars(sa.select(Company).where(Company.user_id == uid))
        }
        self.tag_objects = {
            t.name: t for t in db.session.scalars(sa.select(Tag).where(Tag.user_id == uid))
        }
        loads = (
            selectinload(Contact.tags),
            selectinload(Contact.touches),
            selectinload(Contact.company),
        )
        contacts = db.session.scalars(
            sa.select(Contact).where(Contact.user_id == uid).options(*loads)
        )
        self.by_slug: dict[str, Contact] = {}
        self.by_email: dict[str, Contact] = {}
        self.by_print: dict[tuple[Any, ...], Contact] = {}
        for contact in contacts:
            self._index(contact)

    def guard(self, where: str, restore: Any, item: Any) -> None:
        """Restore one item; a malformed one (checked before anything is written) is reported."""
        try:
            if not isinstance(item, dict):
                raise ValueError("expected an object")
            self.report.count(restore(item))
        except (ValueError, TypeError, KeyError) as exc:
            self.report.rejected.append(Rejected(SOURCE, None, f"{where}: {exc}"))

    def _index(self, c: Contact) -> None:
        if c.linkedin_slug:
            self.by_slug.setdefault(c.linkedin_slug, c)
        if c.email:
            self.by_email.setdefault(c.email.lower(), c)
        company = c.company.name if c.company else None
        self.by_print.setdefault(
            _fingerprint(c.first_name, c.last_name, company, c.connected_on), c
        )

    def tier(self, item: dict[str, Any]) -> str:
        name, days = str(item["name"]).strip()[:60], int(item["interval_days"])
        if not name or days < 1:
            raise ValueError("a tier needs a name and a positive interval")
        tier = self.tiers.get(name)
        if tier is None:
            self.tiers[name] = Tier(user_id=self.user.id, name=name, interval_days=days)
            db.session.add(self.tiers[name])
            return "created"
        if tier.interval_days != days:
            tier.interval_days = days
            return "updated"
        return "skipped"

    def company(self, item: dict[str, Any]) -> str:
        name = str(item["name"]).strip()[:200]
        if not name:
            raise ValueError("a company needs a name")
        relation = CompanyRelation(item.get("relation") or "other")
        website, notes = item.get("website") or None, str(item.get("notes") or "")
        company = self.companies.get(name_key(name))
        if company is None:
            company = Company(
                user_id=self.user.id,
                name=name,
                name_key=name_key(name),
                website=website,
                domain=domain_of(website),
                relation=relation,
                notes=notes,
                created_at=_datetime(item.get("created_at")) or utcnow(),
            )
            db.session.add(company)
            db.session.flush()
            self.companies[company.name_key] = company
            return "created"
        changed = False
        if website and not company.website:
            company.website, company.domain, changed = website, domain_of(website), True
        if notes and not company.notes:
            company.notes, changed = notes, True
        if relation is not CompanyRelation.OTHER and company.relation is CompanyRelation.OTHER:
            company.relation, changed = relation, True
        return "updated" if changed else "skipped"

    def tags(self, names: list[str]) -> None:
        for name in names:
            self._tag(name)

    def _tag(self, name: str) -> Tag:
        clean = name.strip().lower()[:60]
        if clean not in self.tag_objects:
            self.tag_objects[clean] = Tag(user_id=self.user.id, name=clean)
            db.session.add(self.tag_objects[clean])
        return self.tag_objects[clean]

    def contact(self, item: dict[str, Any]) -> str:
        fields = _contact_fields(item)
        touches = [_touch_fields(t) for t in item.get("touches") or []]
        company_name = item.get("company") or None
        company = self._company_named(company_name) if company_name else None
        tier = self.tiers.get(item["tier"]) if item.get("tier") else None
        tags = {self._tag(n) for n in item.get("tags") or [] if isinstance(n, str) and n.strip()}
        contact = self._match(fields, company_name)
        outcome = "skipped"
        if contact is None:
            since = fields.pop("tracking_since") or today()
            contact = Contact(
                user_id=self.user.id,
                company=company,
                tier=tier,
                touches=[],
                tracking_since=since,
                **fields,
            )
            contact.tags = sorted(tags, key=lambda t: t.name)
            db.session.add(contact)
            db.session.flush()
            outcome = "created"
        else:
            fields.pop("tracking_since")
            fields.pop("created_at")
            if _fill(contact, fields, company, tier) or not tags <= set(contact.tags):
                contact.tags = sorted({*contact.tags, *tags}, key=lambda t: t.name)
                outcome = "updated"
        self._index(contact)
        for touch in touches:
            self.report.count(self._touch(contact, touch))
        return outcome

    def _company_named(self, name: str) -> Company:
        company = self.companies.get(name_key(name))
        if company is None:
            self.company({"name": name})
            self.report.created += 1
            company = self.companies[name_key(name)]
        return company

    def _match(self, fields: dict[str, Any], company: str | None) -> Contact | None:
        if fields["linkedin_slug"] and (c := self.by_slug.get(fields["linkedin_slug"])):
            return c
        if fields["email"] and (c := self.by_email.get(fields["email"].lower())):
            return c
        c = self.by_print.get(
            _fingerprint(fields["first_name"], fields["last_name"], company, fields["connected_on"])
        )
        if c is not None and not c.linkedin_slug and not c.email:
            return c
        return None

    def _touch(self, contact: Contact, fields: dict[str, Any]) -> str:
        same = (fields["kind"], fields["direction"], fields["occurred_at"], fields["summary"])
        for t in contact.touches:
            key = fields["external_key"]
            if (key and t.external_key == key) or (
                t.kind,
                t.direction,
                t.occurred_at,
                t.summary,
            ) == same:
                return "skipped"
        db.session.add(Touch(user_id=self.user.id, contact=contact, **fields))
        day = fields["occurred_at"].date()
        if contact.last_touch_on is None or day > contact.last_touch_on:
            contact.last_touch_on = day
        return "created"


def _touch_fields(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValueError("a touch should be an object")
    occurred = _datetime(item.get("occurred_at"))
    if occurred is None:
        raise ValueError("a touch needs occurred_at")
    return {
        "kind": TouchKind(str(item.get("kind"))),
        "direction": TouchDirection(item.get("direction") or "outgoing"),
        "occurred_at": occurred,
        "summary": str(item.get("summary") or ""),
        "external_key": item.get("external_key") or None,
        "created_at": _datetime(item.get("created_at")) or utcnow(),
    }


def _fingerprint(
    first: str, last: str, company: str | None, connected: date | None
) -> tuple[Any, ...]:
    return (first.casefold(), last.casefold(), name_key(company or ""), connected)


def _contact_fields(item: dict[str, Any]) -> dict[str, Any]:
    first = str(item.get("first_name") or "").strip()[:200]
    if not first:
        raise ValueError("a contact needs a first name")
    email = item.get("email") or None
    return {
        "first_name": first,
        "last_name": str(item.get("last_name") or "")[:200],
        "title": str(item.get("title") or "")[:300],
        "email": email.lower() if email else None,
        "linkedin_slug": item.get("linkedin_slug") or None,
        "role": ContactRole(item.get("role") or "other"),
        "how_met": str(item.get("how_met") or ""),
        "notes": str(item.get("notes") or ""),
        "connected_on": _date(item.get("connected_on")),
        "tracking_since": _date(item.get("tracking_since")),
        "created_at": _datetime(item.get("created_at")) or utcnow(),
    }


def _fill(
    contact: Contact, fields: dict[str, Any], company: Company | None, tier: Tier | None
) -> bool:
    """Fill the contact's empty fields from the export; True when something changed."""
    changed = False
    for attr, value in fields.items():
        if attr == "role":
            if value is not ContactRole.OTHER and contact.role is ContactRole.OTHER:
                contact.role, changed = value, True
        elif value and not getattr(contact, attr):
            setattr(contact, attr, value)
            changed = True
    for attr, value in (("company", company), ("tier", tier)):
        if value is not None and getattr(contact, attr) is None:
            setattr(contact, attr, value)
            changed = True
    return changed


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _datetime(value: Any) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed
