"""Companies: the organisations that matter to the search, and their people."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from service.companies.schemas import CompanyIn
from service.errors import Conflict, ValidationFailed
from service.extensions import db
from service.models import Company, CompanyRelation, Contact, User
from service.owned import owned
from service.validation import parse


def name_key(name: str) -> str:
    """How company names are matched: case- and spacing-insensitive."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def domain_of(website: str | None) -> str | None:
    """``acme.com`` from ``https://www.acme.com/careers``."""
    if not website:
        return None
    raw = website if "://" in website else "https://" + website
    host = (urlsplit(raw).hostname or "").lower()
    return host.removeprefix("www.") or None


def get_company(user: User, company_id: int) -> Company:
    """The user's company; someone else's id is simply not found."""
    return owned(Company, user, company_id, "No such company.")


def find_company(user: User, name: str) -> Company | None:
    """The user's company with this name (any case or spacing), if any."""
    query = sa.select(Company).where(Company.user_id == user.id, Company.name_key == name_key(name))
    return db.session.scalar(query)


def ensure_company(user: User, name: str, relation: CompanyRelation | None = None) -> Company:
    """The user's company of that name, created when missing (not committed)."""
    company = find_company(user, name)
    if company is None:
        company = Company(
            user_id=user.id,
            name=name.strip()[:200],
            name_key=name_key(name)[:200],
            relation=relation or CompanyRelation.OTHER,
            notes="",
        )
        db.session.add(company)
        db.session.flush()
    elif relation is not None and company.relation is CompanyRelation.OTHER:
        company.relation = relation
    return company


def create_company(user: User, fields: dict[str, Any]) -> Company:
    """Add a company; names are unique per user, whatever their case."""
    data = parse(CompanyIn, fields)
    if find_company(user, data.name):
        raise Conflict(f"You already have a company called {data.name!r}.", {"name": "taken"})
    company = Company(
        user_id=user.id,
        name=data.name,
        name_key=name_key(data.name),
        website=data.website,
        domain=domain_of(data.website),
        relation=data.relation,
        notes=data.notes,
    )
    db.session.add(company)
    db.session.commit()
    return company


def company_fields(company: Company) -> dict[str, Any]:
    """A company as ``CompanyIn`` data (for forms and partial updates)."""
    return {
        "name": company.name,
        "website": company.website,
        "relation": company.relation,
        "notes": company.notes,
    }


def update_company(user: User, company_id: int, changes: dict[str, Any]) -> Company:
    """Change some fields; the others keep their values."""
    company = get_company(user, company_id)
    merged = parse(CompanyIn, {**company_fields(company), **changes})
    other = find_company(user, merged.name)
    if other is not None and other.id != company.id:
        raise Conflict(f"You already have a company called {merged.name!r}.", {"name": "taken"})
    company.name, company.name_key = merged.name, name_key(merged.name)
    company.website, company.domain = merged.website, domain_of(merged.website)
    company.relation, company.notes = merged.relation, merged.notes
    db.session.commit()
    return company


def delete_company(user: User, company_id: int) -> None:
    """Delete a company; its people stay, without a company."""
    db.session.delete(get_company(user, company_id))
    db.session.commit()


def list_companies(
    user: User, q: str = "", relation: CompanyRelation | None = None
) -> list[tuple[Company, int]]:
    """The user's companies with how many contacts each has, by name."""
    people = (
        sa.select(sa.func.count(Contact.id))
        .where(Contact.company_id == Company.id)
        .correlate(Company)
        .scalar_subquery()
    )
    query = sa.select(Company, people).where(Company.user_id == user.id)
    if q.strip():
        query = query.where(Company.name_key.contains(name_key(q), autoescape=True))
    if relation is not None:
        query = query.where(Company.relation == relation)
    return [(c, n) for c, n in db.session.execute(query.order_by(Company.name_key))]


def company_choices(user: User) -> list[tuple[int, str]]:
    """(id, name) of the user's companies, for filters and forms."""
    query = sa.select(Company.id, Company.name).where(Company.user_id == user.id)
    return [(i, n) for i, n in db.session.execute(query.order_by(Company.name_key))]


def parse_relation(value: str | None, *, blank: bool = True) -> CompanyRelation | None:
    """A relation from a query string; None when absent (or empty, when ``blank`` allows it, as
    the pages' "Any" does), 422 for anything else unknown."""
    if value is None or (blank and not value):
        return None
    try:
        return CompanyRelation(value)
    except ValueError as exc:
        choices = ", ".join(r.value for r in CompanyRelation)
        raise ValidationFailed(f"relation is one of {choices}.", {"relation": "unknown"}) from exc
