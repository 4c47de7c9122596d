"""The user's own jobs from Positions.csv, kept as companies.

Ended jobs make the company a ``past_employer``. The current job (empty ``Finished On``) makes
it relation ``other`` with a note saying it is the current employer: it is not a past employer
yet, and ``other`` is what any later choice of the user may overwrite. A relation the user
already chose is never changed, and notes are only written while empty.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from service.companies.services import name_key
from service.extensions import db
from service.imports.apply import Counts
from service.imports.book import Book
from service.imports.linkedin import Position
from service.models import Company, CompanyRelation


def describe(positions: list[Position]) -> str:
    """The note for one company: whether it is the current employer, and the jobs held there."""
    jobs = "; ".join(
        f"{p.title or 'a position'} ({p.started_on or '?'} to {p.finished_on or 'now'})"
        for p in positions
    )
    current = any(p.current for p in positions)
    prefix = "Your current employer. " if current else ""
    return f"{prefix}From your LinkedIn positions: {jobs}."


def apply_positions(book: Book, positions: list[Position]) -> Counts:
    """Create or update one company per employer; the caller commits."""
    counts = Counts()
    groups: dict[str, list[Position]] = defaultdict(list)
    for position in positions:
        groups[name_key(position.company)[:200]].append(position)
    existing = {
        c.name_key: c
        for c in db.session.scalars(
            sa.select(Company).where(Company.user_id == book.user_id, Company.name_key.in_(groups))
        )
    }
    for key, jobs in groups.items():
        counts.skipped += len(jobs) - 1
        current = any(p.current for p in jobs)
        relation = CompanyRelation.OTHER if current else CompanyRelation.PAST_EMPLOYER
        company = existing.get(key)
        if company is None:
            company = Company(
                user_id=book.user_id,
                name=jobs[0].company[:200],
                name_key=key,
                relation=relation,
                notes=describe(jobs),
            )
            db.session.add(company)
            db.session.flush()
            book.companies[key] = company.id
            counts.created += 1
            continue
        changed = False
        if company.relation is CompanyRelation.OTHER and relation is not CompanyRelation.OTHER:
            company.relation, changed = relation, True
        if not company.notes:
            company.notes, changed = describe(jobs), True
        if changed:
            counts.updated += 1
        else:
            counts.skipped += 1
    db.session.flush()
    return counts
