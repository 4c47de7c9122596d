"""The OpenAPI part of /api/v1 applications, stages, to-dos, feedback and the upskill plan
(merged by service.api.openapi)."""

from __future__ import annotations

from typing import Any

from service.api.applications import TODO_STATUSES, ApplicationIn, RejectIn, TodoIn, UpskillItemIn
from service.api.openapi import (
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
from service.api.openapi_watch import BOOL, OPTIONAL_ID, WHEN
from service.applications.schemas import ApplicationIn as ApplicationFields
from service.applications.schemas import FeedbackIn, StageIn
from service.models import (
    ApplicationSource,
    FeedbackCategory,
    PlaybookKind,
    StageKind,
    UpskillKind,
)
from service.validation import partial

DAY = {"type": "string", "format": "date"}
OPTIONAL_DAY = _nullable("string", format="date")
UNKNOWN_ID = {"409": _error("An id in the body that is not one of yours (details name it)")}

APPLICATION = {
    "id": ID,
    "company_id": ID,
    "company": STR,
    "role": STR,
    "vacancy_id": OPTIONAL_ID,
    "source": _enum(s.value for s in ApplicationSource),
    "headhunter_id": OPTIONAL_ID,
    "stage": {**_enum(k.value for k in StageKind), "description": "The latest stage's kind"},
    "notes": STR,
    "next_step": STR,
    "next_step_on": OPTIONAL_DAY,
    "created_at": DATETIME,
    "updated_at": DATETIME,
}

SCHEMAS: dict[str, Any] = {
    "Application": _obj(**APPLICATION),
    "ApplicationDetail": _obj(
        **APPLICATION,
        stages={"type": "array", "items": _ref("Stage"), "description": "The timeline"},
        people={
            "type": "array",
            "items": _ref("Contact"),
            "description": "Everyone met at its stages",
        },
        todos={"type": "array", "items": _ref("Todo"), "description": "Its playbook's to-dos"},
        feedback={"type": "array", "items": _ref("Feedback")},
        upskill={
            "type": "array",
            "items": _ref("UpskillItem"),
            "description": "Upskill items closing gaps its feedback named",
        },
    ),
    "Stage": _obj(
        id=ID,
        application_id=ID,
        kind=_enum(k.value for k in StageKind),
        label=STR,
        occurred_on=DAY,
        round={"type": ["integer", "null"], "minimum": 1},
        notes=STR,
        contact_ids={"type": "array", "items": ID, "description": "The people met"},
        created_at=DATETIME,
    ),
    "Todo": _obj(
        id=ID,
        application_id=OPTIONAL_ID,
        upskill_id=OPTIONAL_ID,
        kind=_enum(k.value for k in PlaybookKind),
        label=STR,
        contact_id=OPTIONAL_ID,
        contact=_nullable("string"),
        due_on=DAY,
        done=BOOL,
        done_at=WHEN,
        draft_url={"type": "string", "description": "The drafting studio's page for it"},
    ),
    "Feedback": _obj(
        id=ID,
        application_id=ID,
        contact_id=OPTIONAL_ID,
        received_on=DAY,
        text=STR,
        categories={"type": "array", "items": _enum(c.value for c in FeedbackCategory)},
        created_at=DATETIME,
    ),
    "UpskillItem": _obj(
        id=ID,
        kind=_enum(k.value for k in UpskillKind),
        title=STR,
        gap=STR,
        target_on=OPTIONAL_DAY,
        progress=INT,
        done=BOOL,
        done_at=WHEN,
        feedback_id=OPTIONAL_ID,
        contact_id={
            **OPTIONAL_ID,
            "description": "Whose feedback named the gap (a keep-in-touch is owed when done)",
        },
        created_at=DATETIME,
    ),
}
SCHEMAS.update(
    _model_schemas(
        ApplicationIn,
        partial(ApplicationFields),
        StageIn,
        RejectIn,
        TodoIn,
        FeedbackIn,
        UpskillItemIn,
        partial(UpskillItemIn),
    )
)

APPLICATION_FILTERS = [
    _q("stage", _enum(k.value for k in StageKind), "current stage"),
    _q("company_id", ID, "one of your companies"),
    _q("company", {"type": "string", "minLength": 1}, "one of your companies, by name"),
]
TODO_FILTERS = [
    _q("status", _enum(TODO_STATUSES), "open (default), done or all"),
    _q("application_id", ID, "one application's"),
]


def paths() -> dict[str, Any]:
    """The applications, stages, to-dos, feedback and upskill operations."""
    one = "/api/v1/applications/{application_id}"
    upskill = "/api/v1/upskill-items/{upskill_id}"
    return {
        "/api/v1/applications": {
            "get": _op(
                "Your applications, the most recently changed first",
                "200",
                _page_of("Application"),
                params=_paging() + APPLICATION_FILTERS,
            ),
            "post": _op(
                "Add an application (company found or created by name) with its 'applied' stage",
                "201",
                _ref("ApplicationDetail"),
                "ApplicationIn",
                errors=UNKNOWN_ID,
            ),
        },
        one: {
            "parameters": [_id("application_id")],
            "get": _op(
                "One application: timeline, people met, to-dos, feedback, upskill items",
                "200",
                _ref("ApplicationDetail"),
            ),
            "patch": _op(
                "Change some fields of an application",
                "200",
                _ref("ApplicationDetail"),
                "ApplicationInPatch",
                errors=UNKNOWN_ID,
            ),
            "delete": _op("Delete an application (its people and company stay)", "204"),
        },
        f"{one}/stages": {
            "parameters": [_id("application_id")],
            "post": _op(
                "Log a stage with the people met (new people are added as contacts; each gets "
                "a touch once the day has come); a rejection starts the playbook once",
                "201",
                _ref("Stage"),
                "StageIn",
                errors=UNKNOWN_ID,
            ),
        },
        "/api/v1/stages/{stage_id}": {
            "parameters": [_id("stage_id")],
            "delete": _op("Remove a stage logged by mistake (touches and to-dos stay)", "204"),
        },
        f"{one}/reject": {
            "parameters": [_id("application_id")],
            "post": _op(
                "Mark rejected: starts the playbook (thank-you and feedback request to each "
                "person, the headhunter too); again adds no stage and no duplicate to-do",
                "200",
                _ref("ApplicationDetail"),
                "RejectIn",
                errors=UNKNOWN_ID,
            ),
        },
        f"{one}/feedback": {
            "parameters": [_id("application_id")],
            "get": _op("An application's feedback", "200", _page_of("Feedback"), params=_paging()),
            "post": _op(
                "Log feedback (the feedback request to that person is then done)",
                "201",
                _ref("Feedback"),
                "FeedbackIn",
                errors=UNKNOWN_ID,
            ),
        },
        "/api/v1/todos": {
            "get": _op(
                "Your playbook's to-dos, the soonest due first",
                "200",
                _page_of("Todo"),
                params=_paging() + TODO_FILTERS,
            ),
        },
        "/api/v1/todos/{todo_id}": {
            "parameters": [_id("todo_id")],
            "get": _op("One to-do", "200", _ref("Todo")),
            "patch": _op(
                "Tick a to-do (a message to a person is logged as a touch, once)",
                "200",
                _ref("Todo"),
                "TodoIn",
            ),
        },
        "/api/v1/upskill-items": {
            "get": _op(
                "Your upskill plan: open items by target date, then the finished ones",
                "200",
                _page_of("UpskillItem"),
                params=_paging(),
            ),
            "post": _op(
                "Add an upskill item (from feedback: it remembers who named the gap)",
                "201",
                _ref("UpskillItem"),
                "UpskillItemIn",
                errors=UNKNOWN_ID,
            ),
        },
        upskill: {
            "parameters": [_id("upskill_id")],
            "get": _op("One upskill item", "200", _ref("UpskillItem")),
            "patch": _op(
                "Change some fields or the progress (100 finishes it: a milestone post and a "
                "keep-in-touch note are owed, once)",
                "200",
                _ref("UpskillItem"),
                "UpskillItemInPatch",
                errors=UNKNOWN_ID,
            ),
            "delete": _op("Delete an upskill item", "204"),
        },
    }
