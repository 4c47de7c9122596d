"""Restoring a Next Round export into an account, checked as strictly as the forms and the API.

Restoring matches what is already there (tiers and tags by name, companies by name, contacts as
every import does, ``ContactMatcher``: by LinkedIn slug, e-mail, name + Connected On, or the
alias of a duplicate merged away; touches by their key or content) and only adds or fills in,
so restoring the same file twice changes nothing. Every item goes through the same checks as a
form (``CompanyIn``, ``ContactIn``, ``TouchIn``): one that fails is rejected with its path
(``contacts[3]: email: ...``) before anything of it is written, and the rest is restored.
Contacts are written in batches, each committed with its due dates (and, for an import run,
its progress).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.orm import selectinload

from service.clock import today, utcnow
from service.companies.services import CompanyIn, domain_of, name_key
from service.contacts.aliases import ContactMatcher, load_aliases
from service.contacts.due import recompute_due
from service.contacts.schemas import ContactIn, TouchIn
from service.extensions import db
from service.imports.csvfiles import Rejected
from service.models import Company, CompanyRelation, Contact, ContactRole, Tag, Tier, Touch, User

SOURCE = "export.json"
BATCH_CONTACTS = 500
MAX_EXTERNAL_KEY = 120
_FIELD_NAMES = {"linkedin": "linkedin_slug"}  # ContactIn's name -> the export's


class TierIn(BaseModel):
    """A tier as the settings page accepts it."""

    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=60)
    interval_days: int = Field(ge=1, le=3650)


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


OnBatch = Callable[[RestoreReport], None]


def restore_user_data(
    user: User, doc: dict[str, Any], *, on_batch: OnBatch | None = None
) -> RestoreReport:
    """Add what the export holds and the account lacks, committing every batch of contacts.

    ``on_batch`` sees the report so far just before each commit (an import run saves its
    progress there, in the same transaction).
    """
    restorer = _Restorer(user.id, on_batch)
    session = db.session()
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:  # the restorer's indexes hold ORM objects across commits: keep them loaded
        for i, item in enumerate(doc.get("tiers", [])):
            restorer.guard(f"tiers[{i}]", restorer.tier, item)
        for i, item in enumerate(doc.get("companies", [])):
            restorer.guard(f"companies[{i}]", restorer.company, item)
        restorer.tags([t for t in doc.get("tags", []) if isinstance(t, str)])
        restorer.commit()
        contacts = doc.get("contacts", [])
        for start in range(0, len(contacts), BATCH_CONTACTS):
            for i in range(start, min(start + BATCH_CONTACTS, len(contacts))):
                restorer.guard(f"contacts[{i}]", restorer.contact, contacts[i])
            restorer.commit()
    finally:
        session.expire_on_commit = expire_on_commit
    return restorer.report


class _Restorer:
    """Restore state: the account's objects indexed by the keys an export refers to them by."""

    def __init__(self, user_id: int, on_batch: OnBatch | None) -> None:
        self.user_id, self.on_batch, self.report = user_id, on_batch, RestoreReport()
        uid = user_id
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
        loads = (selectinload(Contact.tags), selectinload(Contact.company))
        contacts = db.session.scalars(
            sa.select(Contact).where(Contact.user_id == uid).options(*loads)
        )
        self.matcher: ContactMatcher[Contact] = ContactMatcher()
        by_id = {}
        for contact in contacts:
            by_id[contact.id] = contact
            self._index(contact)
        for kind, value, contact_id in load_aliases(uid):
            if contact_id in by_id:
                self.matcher.add_alias(kind, value, by_id[contact_id])
        touches = sa.select(
            Touch.contact_id,
            Touch.kind,
            Touch.direction,
            Touch.occurred_at,
            Touch.summary,
            Touch.external_key,
        ).where(Touch.user_id == uid)
        self.touch_keys: set[str] = set()  # unique per user, whichever contact has it
        self.touch_prints: set[tuple[Any, ...]] = set()
        for *content, key in db.session.execute(touches):
            self.touch_prints.add(tuple(content))
            if key:
                self.touch_keys.add(key)
        self.written: set[int] = set()  # contacts whose due date may have moved
        self.retimed: list[Tier] = []  # tiers whose interval changed

    def guard(self, where: str, restore: Callable[[dict[str, Any]], str], item: Any) -> None:
        """Restore one item; a malformed one (checked before anything is written) is reported."""
        try:
            if not isinstance(item, dict):
                raise ValueError("expected an object")
            self.report.count(restore(item))
        except ValidationError as exc:
            self._reject(f"{where}: {reason_of(exc)}")
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            self._reject(f"{where}: {exc}")

    def _reject(self, reason: str) -> None:
        self.report.rejected.append(Rejected(SOURCE, None, reason))

    def commit(self) -> None:
        """End a batch: refresh the due dates it moved, report progress, commit."""
        for tier in self.retimed:
            recompute_due(self.user_id, tier_id=tier.id)
        recompute_due(self.user_id, contact_ids=self.written)
        self.written, self.retimed = set(), []
        if self.on_batch is not None:
            self.on_batch(self.report)
        db.session.commit()

    def _index(self, c: Contact) -> None:
        self.matcher.add(
            c,
            slug=c.linkedin_slug,
            email=c.email,
            first_name=c.first_name,
            last_name=c.last_name,
            connected_on=c.connected_on,
        )

    def tier(self, item: dict[str, Any]) -> str:
        checked = TierIn.model_validate(_known(item, TierIn))
        tier = self.tiers.get(checked.name)
        if tier is None:
            days = checked.interval_days
            tier = Tier(user_id=self.user_id, name=checked.name, interval_days=days)
            self.tiers[checked.name] = tier
            db.session.add(tier)
            return "created"
        if tier.interval_days != checked.interval_days:
            tier.interval_days = checked.interval_days
            self.retimed.append(tier)
            return "updated"
        return "skipped"

    def company(self, item: dict[str, Any]) -> str:
        checked = CompanyIn.model_validate(_known(item, CompanyIn))
        key, website, notes = name_key(checked.name), checked.website, checked.notes
        company = self.companies.get(key)
        if company is None:
            company = Company(
                user_id=self.user_id,
                name=checked.name,
                name_key=key,
                website=website,
                domain=domain_of(website),
                relation=checked.relation,
                notes=notes,
                created_at=_datetime(item.get("created_at")) or utcnow(),
            )
            db.session.add(company)
            db.session.flush()
            self.companies[key] = company
            return "created"
        changed = False
        if website and not company.website:
            company.website, company.domain, changed = website, domain_of(website), True
        if notes and not company.notes:
            company.notes, changed = notes, True
        relation = checked.relation
        if relation is not CompanyRelation.OTHER and company.relation is CompanyRelation.OTHER:
            company.relation, changed = relation, True
        return "updated" if changed else "skipped"

    def tags(self, names: list[str]) -> None:
        for name in names:
            if name.strip():
                self._tag(name)

    def _tag(self, name: str) -> Tag:
        clean = name.strip().lower()[:60]
        if clean not in self.tag_objects:
            self.tag_objects[clean] = Tag(user_id=self.user_id, name=clean)
            db.session.add(self.tag_objects[clean])
        return self.tag_objects[clean]

    def contact(self, item: dict[str, Any]) -> str:
        checked, fields = _contact_fields(item)
        touches = _touches(item.get("touches"))
        tier = self.tiers.get(str(item["tier"])) if item.get("tier") else None
        company = self._company_named(checked.company) if checked.company else None
        tags = {self._tag(n) for n in checked.tags}
        contact, merged_away = self.matcher.match(
            slug=fields["linkedin_slug"],
            email=fields["email"],
            first_name=fields["first_name"],
            last_name=fields["last_name"],
            connected_on=fields["connected_on"],
        )
        outcome = "skipped"  # also for a duplicate merged away: its touches go to the one kept
        if contact is None:
            since = fields.pop("tracking_since") or today()
            contact = Contact(
                user_id=self.user_id,
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
        elif not merged_away:
            fields.pop("tracking_since")
            fields.pop("created_at")
            if _fill(contact, fields, company, tier) or not tags <= set(contact.tags):
                contact.tags = sorted({*contact.tags, *tags}, key=lambda t: t.name)
                outcome = "updated"
        self._index(contact)
        self.written.add(contact.id)
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

    def _touch(self, contact: Contact, fields: dict[str, Any]) -> str:
        key = fields["external_key"]
        content = (
            contact.id,
            fields["kind"],
            fields["direction"],
            fields["occurred_at"],
            fields["summary"],
        )
        if (key and key in self.touch_keys) or content in self.touch_prints:
            return "skipped"
        self.touch_prints.add(content)
        if key:
            self.touch_keys.add(key)
        db.session.add(Touch(user_id=self.user_id, contact=contact, **fields))
        day = fields["occurred_at"].date()
        if contact.last_touch_on is None or day > contact.last_touch_on:
            contact.last_touch_on = day
        return "created"


def reason_of(exc: ValidationError) -> str:
    """``email: value is not a valid email address...``, one part per failed field."""
    parts = []
    for error in exc.errors():
        where = ".".join(_FIELD_NAMES.get(str(p), str(p)) for p in error["loc"]) or "value"
        parts.append(f"{where}: {error['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts)


def _known(item: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """The item's fields the model knows, without nulls (so the model's defaults apply)."""
    return {k: v for k, v in item.items() if k in model.model_fields and v is not None}


def _contact_fields(item: dict[str, Any]) -> tuple[ContactIn, dict[str, Any]]:
    """The contact checked as the contact form checks it, and its columns."""
    raw = {k: item.get(k) for k in ContactIn.model_fields if k not in {"tier_id", "linkedin"}}
    raw["linkedin"] = item.get("linkedin_slug")
    raw["tags"] = [t for t in item.get("tags") or [] if isinstance(t, str)]
    checked = ContactIn.model_validate({k: v for k, v in raw.items() if v is not None})
    fields = {
        "first_name": checked.first_name,
        "last_name": checked.last_name,
        "title": checked.title,
        "email": checked.email,
        "linkedin_slug": checked.linkedin,
        "role": checked.role,
        "how_met": checked.how_met,
        "notes": checked.notes,
        "connected_on": checked.connected_on,
        "tracking_since": _date(item.get("tracking_since")),
        "created_at": _datetime(item.get("created_at")) or utcnow(),
    }
    return checked, fields


def _touches(items: Any) -> list[dict[str, Any]]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise ValueError("touches: expected a list")
    touches = []
    for j, item in enumerate(items):
        try:
            touches.append(_touch_fields(item))
        except ValidationError as exc:
            raise ValueError(f"touches[{j}]: {reason_of(exc)}") from exc
        except (ValueError, TypeError) as exc:
            raise ValueError(f"touches[{j}]: {exc}") from exc
    return touches


def _touch_fields(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ValueError("expected an object")
    checked = TouchIn.model_validate(_known(item, TouchIn))
    key = item.get("external_key") or None
    if key is not None and (not isinstance(key, str) or len(key) > MAX_EXTERNAL_KEY):
        raise ValueError(f"external_key: a text of at most {MAX_EXTERNAL_KEY} characters")
    return {
        "kind": checked.kind,
        "direction": checked.direction,
        "occurred_at": checked.occurred_at,
        "summary": checked.summary,
        "external_key": key,
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
