"""What an alert says, the same in the app, an e-mail, a webhook and the CLI: the warm path.

An alert names the vacancy, its score and reasons, and the people the user knows at the
company — decision makers and hiring managers first, each with when they were last in touch —
and offers next steps: open the posting, draft a note to that person, and (once applications
exist) the user's past application there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for

from service.extensions import db
from service.models import Alert, Company, Contact, ContactRole, Vacancy, Watch
from service.security import http_url

FIRST_ROLES = (ContactRole.DECISION_MAKER, ContactRole.HIRING_MANAGER)
PEOPLE_SHOWN = 5


@dataclass(frozen=True)
class Person:
    """Someone the user knows at the vacancy's company."""

    contact_id: int
    name: str
    role: str
    decision_maker: bool
    title: str
    company: str
    last_touch_on: date | None
    link: str
    note_link: str


@dataclass(frozen=True)
class NextStep:
    label: str
    url: str


@dataclass(frozen=True)
class AlertContent:
    """One alert as every channel shows it; links are absolute when built for a message."""

    alert_id: int
    event_id: str
    vacancy_id: int
    title: str
    posting_url: str | None
    location: str | None
    remote: bool | None
    companies: list[str]
    score: int | None
    reasons: list[str]
    repost: bool
    created_at: datetime
    read_at: datetime | None
    link: str
    people: list[Person] = field(default_factory=list)
    next_steps: list[NextStep] = field(default_factory=list)

    @property
    def company(self) -> str:
        return ", ".join(self.companies) or "a watched company"

    @property
    def known_people(self) -> str:
        """ "Daniel Okafor (Decision maker), …" for one-line summaries."""
        return ", ".join(f"{p.name} ({p.role})" for p in self.people)


def link(endpoint: str, *, external: bool, **values: Any) -> str:
    """A link to one of our pages; absolute (from NEXTROUND_PUBLIC_URL) for messages."""
    if has_request_context() and not external:
        return url_for(endpoint, **values)
    public = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        public.netloc, script_name=public.path or "/", url_scheme=public.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)


def describe(alerts: Sequence[Alert], *, external: bool = False) -> list[AlertContent]:
    """The content of these alerts (one user's or many), with few queries."""
    if not alerts:
        return []
    companies = _companies(alerts)
    people = _people({c.id: c for found in companies.values() for c in found})
    return [
        _content(
            alert, companies.get((alert.user_id, alert.vacancy.source_id), []), people, external
        )
        for alert in alerts
    ]


def _companies(alerts: Sequence[Alert]) -> dict[tuple[int, int], list[Company]]:
    """(user, source) → the user's companies watching that board."""
    users = {a.user_id for a in alerts}
    sources = {a.vacancy.source_id for a in alerts}
    query = (
        sa.select(Watch.user_id, Watch.source_id, Company)
        .join(Company, Company.id == Watch.company_id)
        .where(Watch.user_id.in_(users), Watch.source_id.in_(sources))
        .order_by(Company.name_key)
    )
    found: dict[tuple[int, int], list[Company]] = {}
    for user_id, source_id, company in db.session.execute(query):
        found.setdefault((user_id, source_id), []).append(company)
    return found


def _people(companies: dict[int, Company]) -> dict[int, list[Contact]]:
    """Company id → its contacts, decision makers and hiring managers first, then by name."""
    if not companies:
        return {}
    query = sa.select(Contact).where(Contact.company_id.in_(list(companies)))
    found: dict[int, list[Contact]] = {}
    for contact in db.session.scalars(query):
        found.setdefault(contact.company_id or 0, []).append(contact)
    for contacts in found.values():
        contacts.sort(key=_person_order)
    return found


def _person_order(contact: Contact) -> tuple[bool, int, str, str]:
    first = contact.role in FIRST_ROLES
    rank = FIRST_ROLES.index(contact.role) if first else 0
    return (not first, rank, contact.last_name.lower(), contact.first_name.lower())


def _content(
    alert: Alert, companies: list[Company], people: dict[int, list[Contact]], external: bool
) -> AlertContent:
    vacancy, match = alert.vacancy, alert.match
    known = sorted(
        (c for company in companies for c in people.get(company.id, [])), key=_person_order
    )[:PEOPLE_SHOWN]
    names = {c.id: c.name for c in companies}
    persons = [_person(alert, c, names.get(c.company_id or 0, ""), external) for c in known]
    return AlertContent(
        alert_id=alert.id,
        event_id=alert.event_id,
        vacancy_id=vacancy.id,
        title=vacancy.title,
        posting_url=http_url(vacancy.url),
        location=vacancy.location,
        remote=vacancy.remote,
        companies=[c.name for c in companies],
        score=match.score if match else None,
        reasons=list(match.reasons) if match else [],
        repost=bool(match and match.repost),
        created_at=alert.created_at,
        read_at=alert.read_at,
        link=link("watch.vacancy", external=external, vacancy_id=vacancy.id),
        people=persons,
        next_steps=_next_steps(alert, vacancy, companies, persons, external),
    )


def _person(alert: Alert, contact: Contact, company: str, external: bool) -> Person:
    return Person(
        contact_id=contact.id,
        name=contact.name,
        role=contact.role.label,
        decision_maker=contact.role in FIRST_ROLES,
        title=contact.title,
        company=company,
        last_touch_on=contact.last_touch_on,
        link=link("contacts.detail", external=external, contact_id=contact.id),
        note_link=link("alerts.note", external=external, alert_id=alert.id, contact_id=contact.id),
    )


def _next_steps(
    alert: Alert,
    vacancy: Vacancy,
    companies: list[Company],
    people: list[Person],
    external: bool,
) -> list[NextStep]:
    steps = []
    if posting := http_url(vacancy.url):
        steps.append(NextStep("Open the posting", posting))
    if people:
        steps.append(NextStep(f"Draft a note to {people[0].name}", people[0].note_link))
    application = past_application_link(alert.user_id, [c.id for c in companies], external)
    if application:
        steps.append(NextStep("See your past application there", application))
    return steps


def past_application_link(user_id: int, company_ids: list[int], external: bool) -> str | None:
    """HOOK for applications (issue 10): a link to the user's latest application at one of
    these companies. Applications do not exist yet, so there is none to offer."""
    return None


def plain_note(contact: Contact, content: AlertContent) -> str:
    """A plain note to a known person about the vacancy, for the user to copy and send.

    HOOK for the drafting issue, which replaces this with a drafted message.
    """
    where = content.company
    lines = [
        f"Hi {contact.first_name},",
        "",
        f"I saw that {where} is hiring for {content.title}"
        + (f" ({content.posting_url})." if content.posting_url else "."),
        "It looks like a good fit for what I do, and I would value your view on the team and "
        "the role before I apply. Would you have 15 minutes for a short call in the coming "
        "days?",
        "",
        "Thank you,",
    ]
    return "\n".join(lines)
