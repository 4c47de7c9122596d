"""Rows for the alert tests: a watched company with people, vacancies and matches (matching is
built elsewhere; these tests create Match rows the way it will)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.companies.services import create_company, find_company
from service.contacts.services import create_contact, record_touch
from service.extensions import db
from service.models import Company, Match, Source, User, Vacancy, Watch

_numbers = itertools.count(1)


@dataclass
class Board:
    """A watched board of one company (no network: its vacancies are written directly)."""

    user: User
    company: Company
    source: Source

    def vacancy(self, title: str, **fields: Any) -> Vacancy:
        number = next(_numbers)
        vacancy = Vacancy(
            source_id=self.source.id,
            external_id=str(number),
            title=title,
            url=f"https://jobs.example.com/{number}",
            location=fields.pop("location", "Berlin"),
            **fields,
        )
        db.session.add(vacancy)
        db.session.flush()
        return vacancy

    def match(self, title: str, score: int = 80, reasons: list[str] | None = None) -> Match:
        """A new vacancy on this board matched for the user (committed)."""
        vacancy = self.vacancy(title)
        found = Match(
            user_id=self.user.id,
            vacancy_id=vacancy.id,
            score=score,
            matched=True,
            reasons=reasons or [f"title matches '{title.lower()}'", "you used to work here"],
        )
        db.session.add(found)
        db.session.commit()
        return found


def watched_board(user: User, company_name: str = "Acme") -> Board:
    company = find_company(user, company_name) or create_company(
        user, {"name": company_name, "relation": "past_employer"}
    )
    number = next(_numbers)
    source = Source(
        identity=f"greenhouse:test{number}",
        ats="greenhouse",
        token=f"test{number}",
        url=f"https://boards.example.com/test{number}",
        request={"url": f"https://boards.example.com/test{number}"},
        interval_seconds=3600,
    )
    db.session.add(source)
    db.session.flush()
    db.session.add(Watch(user_id=user.id, company_id=company.id, source_id=source.id))
    db.session.commit()
    return Board(user, company, source)


def person(
    user: User, first: str, last: str, company: str, role: str, touched: date | None = None
) -> int:
    """A contact at ``company`` with a role; a touch on ``touched`` when given."""
    contact = create_contact(
        user, {"first_name": first, "last_name": last, "company": company, "role": role}
    )
    if touched is not None:
        record_touch(
            user, contact.id, {"kind": "meeting", "occurred_at": f"{touched.isoformat()}T10:00:00Z"}
        )
    return contact.id
