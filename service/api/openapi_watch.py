"""The OpenAPI part of /api/v1 watches and vacancies (merged by service.api.openapi)."""

from __future__ import annotations

from typing import Any

from service.api.openapi import (
    CONFLICT,
    DATETIME,
    ID,
    INT,
    STR,
    _enum,
    _error,
    _id,
    _model_schemas,
    _nullable,
    _obj,
    _op,
    _page_of,
    _paging,
    _q,
    _ref,
)
from service.api.schemas import WatchIn
from service.api.watches import MAX_QUERY, VACANCY_STATUSES
from service.models import EventKind, MatchState, VacancyStatus
from service.watch.services import NEW_FOR

WHEN = _nullable("string", format="date-time")
OPTIONAL_ID = {"type": ["integer", "null"], "minimum": 1}
BOOL = {"type": "boolean"}

RETRY_LATER = {
    "503": {
        **_error("The job queue (Redis) is down, so nothing was queued; retry later"),
        "headers": {
            "Retry-After": {"description": "Seconds to wait before retrying", "schema": INT}
        },
    }
}

VACANCY = {
    "id": ID,
    "company": _nullable("string"),
    "source_id": ID,
    "external_id": STR,
    "title": STR,
    "url": STR,
    "location": _nullable("string"),
    "remote": _nullable("boolean"),
    "department": _nullable("string"),
    "employment_type": _nullable("string"),
    "posted_at": _nullable("string", description="As the board gave it (ISO 8601)"),
    "updated_at": _nullable("string", description="As the board gave it (ISO 8601)"),
    "status": _enum(s.value for s in VacancyStatus),
    "first_seen_at": DATETIME,
    "last_seen_at": DATETIME,
    "closed_at": WHEN,
    "repost_of_id": OPTIONAL_ID,
}

SCHEMAS: dict[str, Any] = {
    "Watch": _obj(
        id=ID,
        company_id=ID,
        company=STR,
        source_id=ID,
        ats=STR,
        token=STR,
        url=STR,
        state={
            **_enum(["new", "ok", "error", "failing"]),
            "description": "new: never read; failing: repeated failures (see last_error)",
        },
        open_postings=INT,
        last_checked_at=WHEN,
        next_check_at=DATETIME,
        last_error=_nullable("string"),
        consecutive_failures=INT,
        created_at=DATETIME,
        polls={
            "type": "array",
            "description": "The latest reads of the board, newest first (one watch only)",
            "items": _ref("Poll"),
        },
    ),
    "Poll": _obj(
        id=ID,
        started_at=DATETIME,
        finished_at=DATETIME,
        outcome=STR,
        pages=INT,
        postings=INT,
        new=INT,
        changed=INT,
        closed=INT,
        reopened=INT,
        error=_nullable("string"),
    ),
    "CheckQueued": _obj(queued=BOOL, job_id=STR, source_id=ID),
    "Vacancy": _obj(**VACANCY),
    "VacancyEvent": _obj(
        id=ID,
        kind=_enum(k.value for k in EventKind),
        changes={
            "type": ["object", "null"],
            "description": "For a change: each changed field's old and new value",
        },
        at=DATETIME,
    ),
    "MatchSummary": _obj(
        id=ID,
        profile_id=OPTIONAL_ID,
        score=INT,
        matched=BOOL,
        reasons={"type": "array", "items": STR},
        state=_enum(s.value for s in MatchState),
        repost=BOOL,
        baseline=BOOL,
        scored_at=DATETIME,
    ),
    "VacancyDetail": _obj(
        **VACANCY,
        companies={"type": "array", "items": _obj(id=ID, name=STR)},
        description_text=_nullable("string"),
        events={"type": "array", "items": _ref("VacancyEvent")},
        people={
            "type": "array",
            "items": _ref("Contact"),
            "description": "Your contacts at the company, decision makers first",
        },
        match={"anyOf": [_ref("MatchSummary"), {"type": "null"}]},
    ),
}
SCHEMAS.update(_model_schemas(WatchIn))

VACANCY_FILTERS = [
    _q(
        "status",
        _enum(VACANCY_STATUSES),
        f"new: open and first seen in the last {NEW_FOR.days} days; open; closed (default all)",
    ),
    _q("company_id", ID, "one of your companies"),
    _q("company", {"type": "string", "minLength": 1}, "one of your companies, by name"),
    _q("q", {"type": "string", "maxLength": MAX_QUERY}, "words of the title"),
]


def paths() -> dict[str, Any]:
    """The watches and vacancies operations."""
    check_conflict = {"409": _error("A check of this board is already waiting or running")}
    return {
        "/api/v1/watches": {
            "get": _op("Your watches with their state", "200", _page_of("Watch"), params=_paging()),
            "post": _op(
                "Watch the board behind a careers page or board URL (detected through the safe "
                "fetcher, or read as ats)",
                "201",
                _ref("Watch"),
                "WatchIn",
                errors=CONFLICT,
            ),
        },
        "/api/v1/watches/{watch_id}": {
            "parameters": [_id("watch_id")],
            "get": _op("One watch, its state and latest polls", "200", _ref("Watch")),
            "delete": _op("Stop watching (the board stays while others watch it)", "204"),
        },
        "/api/v1/watches/{watch_id}/check-now": {
            "parameters": [_id("watch_id")],
            "post": _op(
                "Check the board now: queued once however often asked",
                "202",
                _ref("CheckQueued"),
                errors={**check_conflict, **RETRY_LATER},
            ),
        },
        "/api/v1/vacancies": {
            "get": _op(
                "The vacancies of your watched boards, newest first",
                "200",
                _page_of("Vacancy"),
                params=_paging() + VACANCY_FILTERS,
            ),
        },
        "/api/v1/vacancies/{vacancy_id}": {
            "parameters": [_id("vacancy_id")],
            "get": _op(
                "One vacancy with its history, your match and the people you know there",
                "200",
                _ref("VacancyDetail"),
            ),
        },
    }
