"""Companies: the organisations that matter to the search, and their people."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, field_validator

from service.errors import Conflict, NotFound, ValidationFailed
from service.extensions import db
from service.models import Company, CompanyRelation, Contact, User

_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


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


class CompanyIn(BaseModel):
    """Fields a user may set on a company."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    website: str | None = Field(default=None, max_length=500)
    relation: CompanyRelation = CompanyRelation.OTHER
    notes: str = Field(default="", max_length=20_000)

    @field_validator("website")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if not value:
            return None
        if "://" not in value:
            value = "https://" + value
        parts = urlsplit(value)
        if parts.scheme.lower() not in {"http", "https"} or not _HOST.match(parts.hostname or ""):
            raise ValueError("a website is an http(s) address such as https://acme.com/careers")
        if any(ch.isspace() for ch in value):
            raise ValueError("a web address has no spaces")
        return value


def get_company(user: User, company_id: int) -> Company:
    """The user's company; someone else's id is simply not found."""
    company = db.session.get(Company, company_id)
    if company is None or company.user_id != user.id:
        raise NotFound("No such company.")
    return company


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


def create_company(user: User, data: CompanyIn) -> Company:
    """Add a company; names are unique per user, whatever their case."""
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


def update_company(user: User, company_id: int, changes: dict[str, object]) -> Company:
    """Apply a partial update validated against ``CompanyIn``."""
    company = get_company(user, company_id)
    current = CompanyIn(
        name=company.name, website=company.website, relation=company.relation, notes=company.notes
    )
    merged = CompanyIn.model_validate({**current.model_dump(), **changes})
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


def parse_relation(value: str | None) -> CompanyRelation | None:
    """A relation from a query string; None for empty, 422 for unknown."""
    if not value:
        return None
    try:
        return CompanyRelation(value)
    except ValueError as exc:
        raise ValidationFailed(f"Unknown relation {value!r}.") from exc
