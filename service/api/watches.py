"""/api/v1 watches (with "check now") and the vacancies of the watched boards.

Everything goes through service.watch: the same rules, queries and commits as the pages and
the CLI. "Check now" answers 202 when it queued the poll, 409 while one is already waiting or
running (pressing again queues nothing), and 503 with Retry-After when Redis is down.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import request
from flask.typing import ResponseReturnValue

from service.api import api_user, bp
from service.api.common import contact_json, json_body, page_body, page_of, paging
from service.api.schemas import WatchIn
from service.clock import utcnow
from service.companies.services import find_company, get_company
from service.errors import Conflict, NotFound, UnknownReference, ValidationFailed
from service.extensions import db
from service.ids import parse_int
from service.matching.feed import match_of_vacancy
from service.models import Match, Poll, User, Vacancy, VacancyEvent
from service.timestamps import rfc3339
from service.validation import CONTROLS
from service.watch import services, vacancies
from service.watch.sources import PAGE_READERS, Found, find_board

VACANCY_STATUSES = ("new", "open", "closed")
MAX_QUERY = 200


def watch_json(state: services.WatchState) -> dict[str, Any]:
    """A watch with its board's state, as the API shows it."""
    watch, source = state.watch, state.source
    return {
        "id": watch.id,
        "company_id": watch.company_id,
        "company": watch.company.name,
        "source_id": source.id,
        "ats": source.ats,
        "token": source.token,
        "url": source.url,
        "state": state.state,
        "open_postings": state.open_postings,
        "last_checked_at": rfc3339(source.last_checked_at),
        "next_check_at": rfc3339(source.next_due_at),
        "last_error": source.last_error,
        "consecutive_failures": source.consecutive_failures,
        "created_at": rfc3339(watch.created_at),
    }


def poll_json(poll: Poll) -> dict[str, Any]:
    """One read of a board and what it changed."""
    return {
        "id": poll.id,
        "started_at": rfc3339(poll.started_at),
        "finished_at": rfc3339(poll.finished_at),
        "outcome": poll.outcome,
        "pages": poll.pages,
        "postings": poll.postings,
        "new": poll.new_count,
        "changed": poll.changed_count,
        "closed": poll.closed_count,
        "reopened": poll.reopened_count,
        "error": poll.error,
    }


def vacancy_json(v: Vacancy, company: str | None) -> dict[str, Any]:
    """A vacancy in a list (no description, history or people)."""
    return {
        "id": v.id,
        "company": company,
        "source_id": v.source_id,
        "external_id": v.external_id,
        "title": v.title,
        "url": v.url,
        "location": v.location,
        "remote": v.remote,
        "department": v.department,
        "employment_type": v.employment_type,
        "posted_at": v.posted_at,
        "updated_at": v.updated_at,
        "status": v.status.value,
        "first_seen_at": rfc3339(v.first_seen_at),
        "last_seen_at": rfc3339(v.last_seen_at),
        "closed_at": rfc3339(v.closed_at),
        "repost_of_id": v.repost_of_id,
    }


def event_json(e: VacancyEvent) -> dict[str, Any]:
    """One entry of a vacancy's history (what changed, for a change)."""
    return {"id": e.id, "kind": e.kind.value, "changes": e.changes, "at": rfc3339(e.at)}


def match_summary(m: Match) -> dict[str, Any]:
    """The user's match of a vacancy: score, reasons and verdict."""
    return {
        "id": m.id,
        "profile_id": m.profile_id,
        "score": m.score,
        "matched": m.matched,
        "reasons": list(m.reasons),
        "state": m.state.value,
        "repost": m.repost,
        "baseline": m.baseline,
        "scored_at": rfc3339(m.scored_at),
    }


# Watches


@bp.get("/v1/watches")
def list_watches() -> ResponseReturnValue:
    return page_of(services.list_watches(api_user()), watch_json)


@bp.post("/v1/watches")
def create_watch() -> ResponseReturnValue:
    user = api_user()
    fields = WatchIn.model_validate(json_body(WatchIn))
    if fields.company_id is not None:
        try:
            name: str | None = get_company(user, fields.company_id).name
        except NotFound as exc:  # a body naming a company the user does not have: 409
            raise UnknownReference("No such company.", {"company_id": "unknown"}) from exc
    else:
        name = fields.company
    if name is not None:
        watch = services.add_watch(user, fields.url, name, ats=fields.ats)
    else:
        db.session.commit()  # hold no transaction while the URL is fetched
        found = find_board(fields.url, ats=fields.ats)
        watch = services.watch_found(user, found, _name_of(found))
    return watch_json(services.watch_state(user, watch.id)), 201


def _name_of(found: Found) -> str:
    """A company name for a board added without one: its token, or the page's host."""
    if found.ats in PAGE_READERS or "://" in found.token:
        host = urlsplit(found.url).hostname or found.token
        for prefix in ("www.", "careers.", "jobs."):
            host = host.removeprefix(prefix)
        return host[:200]
    return found.token[:200]


@bp.get("/v1/watches/<id:watch_id>")
def get_watch(watch_id: int) -> ResponseReturnValue:
    state = services.watch_state(api_user(), watch_id)
    polls = vacancies.poll_history(state.watch.source_id)
    return {**watch_json(state), "polls": [poll_json(p) for p in polls]}


@bp.delete("/v1/watches/<id:watch_id>")
def delete_watch(watch_id: int) -> ResponseReturnValue:
    services.remove_watch(api_user(), watch_id)
    return "", 204


@bp.post("/v1/watches/<id:watch_id>/check-now")
def check_now(watch_id: int) -> ResponseReturnValue:
    """Queue the board's poll now; QueueUnavailable (Redis down) is the 503 with Retry-After."""
    watch = services.get_watch(api_user(), watch_id)
    job = services.check_now(api_user(), watch.id)
    job_id = services.poll_job_id(watch.source_id)
    if job is None:
        raise Conflict(
            "A check of this board is already waiting or running; nothing more was queued.",
            {"job_id": job_id},
        )
    return {"queued": True, "job_id": job_id, "source_id": watch.source_id}, 202


# Vacancies


def _vacancy_filter(user: User) -> vacancies.VacancyFilter:
    status = request.args.get("status")
    if status is not None and status not in VACANCY_STATUSES:
        raise ValidationFailed("status is one of new, open, closed.", {"status": "unknown"})
    q = CONTROLS.sub(" ", request.args.get("q", ""))  # PostgreSQL refuses NUL in text
    if len(q) > MAX_QUERY:
        raise ValidationFailed(f"q is at most {MAX_QUERY} characters.", {"q": "too long"})
    company_id = parse_int(request.args.get("company_id"), "company_id")
    name = request.args.get("company")
    if name is not None:
        if not name:  # as everywhere in the API, an empty filter is refused, not read as "any"
            raise ValidationFailed("company is a company's name.", {"company": "empty"})
        found = find_company(user, CONTROLS.sub(" ", name))
        # a company the user does not have (or another than company_id) watches nothing
        company_id = found.id if found and company_id in (None, found.id) else 0
    return vacancies.VacancyFilter(status or "all", company_id, q)


@bp.get("/v1/vacancies")
def list_vacancies() -> ResponseReturnValue:
    user = api_user()
    filters = _vacancy_filter(user)
    page, per_page = paging()
    new_since = utcnow() - services.NEW_FOR
    found = vacancies.list_vacancy_page(
        user, filters, new_since=new_since, page=page, per_page=per_page
    )
    items = [vacancy_json(v, company) for v, company in found.items]
    return page_body(items, found.total, page, per_page)


@bp.get("/v1/vacancies/<id:vacancy_id>")
def get_vacancy(vacancy_id: int) -> ResponseReturnValue:
    user = api_user()
    vacancy = vacancies.get_vacancy(user, vacancy_id)
    companies = vacancies.companies_of(user, vacancy)
    match = match_of_vacancy(user, vacancy.id)
    return {
        **vacancy_json(vacancy, companies[0].name if companies else None),
        "companies": [{"id": c.id, "name": c.name} for c in companies],
        "description_text": vacancy.description_text,
        "events": [event_json(e) for e in vacancy.events],
        "people": [contact_json(c) for c in vacancies.people_at(user, companies)],
        "match": match_summary(match) if match is not None else None,
    }
