"""What a run needs to know about users and companies: boosts, relations, people known there."""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa

from service.extensions import db
from service.matching.scoring import Boosts, CompanyFacts
from service.models import Company, CompanyRelation, Contact, MatchSettings
from service.watch.vacancies import KNOWN_FIRST, contact_order


def boosts_of(settings: MatchSettings | None) -> Boosts:
    if settings is None:
        return Boosts()
    return Boosts(
        past_employer=settings.boost_past_employer,
        rejected_me=settings.boost_rejected_me,
        known_contact=settings.boost_known_contact,
        favourite=settings.boost_favourite,
    )


class FactBook:
    """Settings, companies and contacts of some users, loaded in three queries."""

    def __init__(self, user_ids: Collection[int], company_ids: Collection[int]) -> None:
        users = list(user_ids)
        settings = db.session.scalars(
            sa.select(MatchSettings).where(MatchSettings.user_id.in_(users))
        )
        self.settings = {s.user_id: s for s in settings}
        self._boosts = {u: boosts_of(self.settings.get(u)) for u in users}
        ids = list(company_ids)
        self.companies = {
            c.id: c for c in db.session.scalars(sa.select(Company).where(Company.id.in_(ids)))
        }
        self.people: dict[int, list[Contact]] = {}
        query = sa.select(Contact).where(Contact.company_id.in_(ids), Contact.user_id.in_(users))
        for contact in sorted(db.session.scalars(query), key=contact_order):
            self.people.setdefault(contact.company_id or 0, []).append(contact)
        self._facts: dict[tuple[int, int], CompanyFacts] = {}

    def boosts(self, user_id: int) -> Boosts:
        return self._boosts.get(user_id) or Boosts()

    def company(self, user_id: int, company_id: int) -> CompanyFacts:
        key = (user_id, company_id)
        if key not in self._facts:
            self._facts[key] = self._read(user_id, company_id)
        return self._facts[key]

    def _read(self, user_id: int, company_id: int) -> CompanyFacts:
        company = self.companies.get(company_id)
        if company is None or company.user_id != user_id:
            return CompanyFacts()
        settings = self.settings.get(user_id)
        people = self.people.get(company_id, [])
        known = [p for p in people if p.role in KNOWN_FIRST]
        return CompanyFacts(
            name=company.name,
            past_employer=company.relation is CompanyRelation.PAST_EMPLOYER,
            rejected_me=company.relation is CompanyRelation.REJECTED_ME,
            favourite=bool(settings and company_id in (settings.favourite_company_ids or [])),
            blocked=bool(settings and company_id in (settings.blocked_company_ids or [])),
            decision_maker=known[0].name if known else None,
            contact=people[0].name if people and not known else None,
        )
