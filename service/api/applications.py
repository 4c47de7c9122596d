"""/api/v1 applications with their stages and people met, the rejection playbook's to-dos,
feedback and the upskill plan.

Everything goes through service.applications (the same rules and commits as the pages and the
CLI). A path id of another user's row is a 404, checked before the body; an id inside a body
that is not the user's is a 409.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from flask import request
from flask.typing import ResponseReturnValue
from pydantic import Field

from service.api import api_user, bp
from service.api.common import contact_json, json_body, page_body, page_of, paging
from service.applications import playbook, services
from service.applications.links import draft_link
from service.applications.schemas import ApplicationIn as ApplicationFields
from service.applications.schemas import Day, FeedbackIn, Ids, StageIn, UpskillIn
from service.companies.services import find_company
from service.errors import ValidationFailed
from service.ids import parse_int
from service.models import (
    Application,
    ApplicationStage,
    Feedback,
    PlaybookItem,
    StageKind,
    UpskillItem,
    User,
)
from service.timestamps import rfc3339
from service.validation import CONTROLS, INTEGRAL, Input, partial

TODO_STATUSES = ("open", "done", "all")
Progress = Annotated[int, Field(ge=0, le=100), INTEGRAL]


class ApplicationIn(ApplicationFields):
    """A new application: its fields, the people who brought it and the day it was sent."""

    contact_ids: Ids = Field(description="Your contacts met at the 'applied' stage.")
    applied_on: Day | None = Field(default=None, description="The 'applied' stage's day (today).")


class RejectIn(Input):
    """Mark an application rejected (once: again only completes the playbook)."""

    occurred_on: Day | None = Field(default=None, description="The day of the no (today).")
    contact_ids: Ids = Field(description="Who said it (they are owed a thank-you).")


class TodoIn(Input):
    """Tick a to-do (a message to a person is then logged as a touch)."""

    done: Literal[True]


class UpskillItemIn(UpskillIn):
    """A step of the upskill plan; progress 100 finishes it (a milestone post is then owed)."""

    progress: Progress = 0


# What the API shows


def application_json(a: Application) -> dict[str, Any]:
    """An application in a list: its fields and current stage."""
    return {
        "id": a.id,
        "company_id": a.company_id,
        "company": a.company.name,
        "role": a.role,
        "vacancy_id": a.vacancy_id,
        "source": a.source.value,
        "headhunter_id": a.headhunter_id,
        "stage": a.stage.value,
        "notes": a.notes,
        "next_step": a.next_step,
        "next_step_on": rfc3339(a.next_step_on),
        "created_at": rfc3339(a.created_at),
        "updated_at": rfc3339(a.updated_at),
    }


def stage_json(s: ApplicationStage) -> dict[str, Any]:
    """A stage with the people met there."""
    return {
        "id": s.id,
        "application_id": s.application_id,
        "kind": s.kind.value,
        "label": s.label,
        "occurred_on": rfc3339(s.occurred_on),
        "round": s.round,
        "notes": s.notes,
        "contact_ids": [p.id for p in s.people],
        "created_at": rfc3339(s.created_at),
    }


def todo_json(t: PlaybookItem) -> dict[str, Any]:
    """A to-do of the playbook, with the drafting studio's page for its message."""
    return {
        "id": t.id,
        "application_id": t.application_id,
        "upskill_id": t.upskill_id,
        "kind": t.kind.value,
        "label": t.kind.label,
        "contact_id": t.contact_id,
        "contact": t.contact.name if t.contact else None,
        "due_on": rfc3339(t.due_on),
        "done": t.done_at is not None,
        "done_at": rfc3339(t.done_at),
        "draft_url": draft_link(t.kind, t.contact_id, t.application_id),
    }


def feedback_json(f: Feedback) -> dict[str, Any]:
    """Feedback on an application."""
    return {
        "id": f.id,
        "application_id": f.application_id,
        "contact_id": f.contact_id,
        "received_on": rfc3339(f.received_on),
        "text": f.text,
        "categories": list(f.categories),
        "created_at": rfc3339(f.created_at),
    }


def upskill_json(u: UpskillItem) -> dict[str, Any]:
    """A step of the upskill plan with its progress."""
    return {
        "id": u.id,
        "kind": u.kind.value,
        "title": u.title,
        "gap": u.gap,
        "target_on": rfc3339(u.target_on),
        "progress": u.progress,
        "done": u.done_at is not None,
        "done_at": rfc3339(u.done_at),
        "feedback_id": u.feedback_id,
        "contact_id": u.contact_id,
        "created_at": rfc3339(u.created_at),
    }


def detail_json(user: User, a: Application) -> dict[str, Any]:
    """One application with its timeline, the people met, to-dos, feedback and upskill items."""
    people = {p.id: p for s in a.stages for p in s.people}
    return {
        **application_json(a),
        "stages": [stage_json(s) for s in a.stages],
        "people": [contact_json(p) for p in people.values()],
        "todos": [todo_json(t) for t in playbook.list_items(user, application_id=a.id)],
        "feedback": [feedback_json(f) for f in a.feedback],
        "upskill": [upskill_json(u) for u in playbook.upskill_of(user, a)],
    }


# Applications


def _filters(user: User) -> tuple[StageKind | None, int | None]:
    stage = request.args.get("stage")
    if stage is not None and stage not in {k.value for k in StageKind}:
        kinds = ", ".join(k.value for k in StageKind)
        raise ValidationFailed(f"stage is one of {kinds}.", {"stage": "unknown"})
    company_id = parse_int(request.args.get("company_id"), "company_id")
    name = request.args.get("company")
    if name is not None:
        if not name:  # as everywhere in the API, an empty filter is refused, not read as "any"
            raise ValidationFailed("company is a company's name.", {"company": "empty"})
        found = find_company(user, CONTROLS.sub(" ", name))
        # a company the user does not have (or another than company_id) has no applications
        company_id = found.id if found and company_id in (None, found.id) else 0
    return (StageKind(stage) if stage is not None else None), company_id


@bp.get("/v1/applications")
def list_applications() -> ResponseReturnValue:
    user = api_user()
    stage, company_id = _filters(user)
    page, per_page = paging()
    items, total = services.application_page(
        user, stage, company_id=company_id, page=page, per_page=per_page
    )
    return page_body([application_json(a) for a in items], total, page, per_page)


@bp.post("/v1/applications")
def create_application() -> ResponseReturnValue:
    user = api_user()
    data = json_body(ApplicationIn)
    extra = ApplicationIn.model_validate(data)
    fields = {k: v for k, v in data.items() if k not in {"contact_ids", "applied_on"}}
    application = services.create_application(
        user, fields, contact_ids=extra.contact_ids, applied_on=extra.applied_on
    )
    return detail_json(user, application), 201


@bp.get("/v1/applications/<id:application_id>")
def get_application(application_id: int) -> ResponseReturnValue:
    user = api_user()
    return detail_json(user, services.get_application(user, application_id))


@bp.patch("/v1/applications/<id:application_id>")
def update_application(application_id: int) -> ResponseReturnValue:
    user = api_user()
    services.get_application(user, application_id)
    changes = json_body(partial(ApplicationFields))
    return detail_json(user, services.update_application(user, application_id, changes))


@bp.delete("/v1/applications/<id:application_id>")
def delete_application(application_id: int) -> ResponseReturnValue:
    services.delete_application(api_user(), application_id)
    return "", 204


@bp.post("/v1/applications/<id:application_id>/stages")
def log_stage(application_id: int) -> ResponseReturnValue:
    user = api_user()
    services.get_application(user, application_id)
    stage = services.log_stage(user, application_id, json_body(StageIn))
    return stage_json(stage), 201


@bp.delete("/v1/stages/<id:stage_id>")
def delete_stage(stage_id: int) -> ResponseReturnValue:
    services.delete_stage(api_user(), stage_id)
    return "", 204


@bp.post("/v1/applications/<id:application_id>/reject")
def reject(application_id: int) -> ResponseReturnValue:
    user = api_user()
    services.get_application(user, application_id)
    fields = RejectIn.model_validate(json_body(RejectIn))
    services.mark_rejected(
        user, application_id, on=fields.occurred_on, contact_ids=fields.contact_ids
    )
    return detail_json(user, services.get_application(user, application_id))


# Feedback


@bp.get("/v1/applications/<id:application_id>/feedback")
def list_feedback(application_id: int) -> ResponseReturnValue:
    return page_of(services.get_application(api_user(), application_id).feedback, feedback_json)


@bp.post("/v1/applications/<id:application_id>/feedback")
def create_feedback(application_id: int) -> ResponseReturnValue:
    user = api_user()
    application = services.get_application(user, application_id)
    feedback = playbook.record_feedback(user, application, json_body(FeedbackIn))
    return feedback_json(feedback), 201


# To-dos


@bp.get("/v1/todos")
def list_todos() -> ResponseReturnValue:
    user = api_user()
    status = request.args.get("status", "open")
    if status not in TODO_STATUSES:
        raise ValidationFailed("status is one of open, done, all.", {"status": "unknown"})
    application_id = parse_int(request.args.get("application_id"), "application_id")
    done = None if status == "all" else status == "done"
    return page_of(playbook.list_items(user, done=done, application_id=application_id), todo_json)


@bp.get("/v1/todos/<id:todo_id>")
def get_todo(todo_id: int) -> ResponseReturnValue:
    return todo_json(playbook.get_item(api_user(), todo_id))


@bp.patch("/v1/todos/<id:todo_id>")
def tick_todo(todo_id: int) -> ResponseReturnValue:
    user = api_user()
    playbook.get_item(user, todo_id)
    json_body(TodoIn)
    return todo_json(playbook.complete_item(user, todo_id))


# Upskill plan


@bp.get("/v1/upskill-items")
def list_upskill() -> ResponseReturnValue:
    return page_of(playbook.upskill_plan(api_user()), upskill_json)


@bp.post("/v1/upskill-items")
def create_upskill() -> ResponseReturnValue:
    user = api_user()
    data = json_body(UpskillItemIn)
    progress = data.pop("progress", None)
    item = playbook.create_upskill(user, data)
    if progress:
        item = playbook.set_progress(user, item.id, {"progress": progress})
    return upskill_json(item), 201


@bp.get("/v1/upskill-items/<id:upskill_id>")
def get_upskill(upskill_id: int) -> ResponseReturnValue:
    return upskill_json(playbook.get_upskill(api_user(), upskill_id))


@bp.patch("/v1/upskill-items/<id:upskill_id>")
def update_upskill(upskill_id: int) -> ResponseReturnValue:
    user = api_user()
    item = playbook.get_upskill(user, upskill_id)
    changes = json_body(partial(UpskillItemIn))
    progress = changes.pop("progress", None)
    if changes:
        item = playbook.update_upskill(user, upskill_id, changes)
    if progress is not None:
        item = playbook.set_progress(user, upskill_id, {"progress": progress})
    return upskill_json(item)


@bp.delete("/v1/upskill-items/<id:upskill_id>")
def delete_upskill(upskill_id: int) -> ResponseReturnValue:
    playbook.delete_upskill(api_user(), upskill_id)
    return "", 204
