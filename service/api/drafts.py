"""/api/v1/drafts and /api/v1/about: drafts written from the user's context, and About you."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue

from service.api import api_user, bp
from service.api.common import json_body, page_of
from service.drafting import services
from service.drafting.schemas import AboutIn, DraftChange, DraftIn
from service.models import AboutYou
from service.validation import partial


def about_json(about: AboutYou) -> dict[str, Any]:
    return {
        "sign_name": about.sign_name,
        "headline": about.headline,
        "skills": list(about.skills or []),
        "goals": about.goals,
        "topics": list(about.topics or []),
        "samples": list(about.samples or []),
    }


@bp.get("/v1/about")
def get_about() -> ResponseReturnValue:
    return about_json(services.get_about(api_user()))


@bp.put("/v1/about")
def put_about() -> ResponseReturnValue:
    fields = AboutIn.model_validate(json_body(AboutIn))
    return about_json(services.update_about(api_user(), fields.model_dump()))


@bp.get("/v1/drafts")
def list_drafts() -> ResponseReturnValue:
    return page_of(services.list_drafts(api_user()), services.draft_json)


@bp.post("/v1/drafts")
def create_draft() -> ResponseReturnValue:
    fields = DraftIn.model_validate(json_body(DraftIn))
    request = services.DraftRequest(
        fields.kind.value,
        fields.tone.value,
        fields.contact_id,
        fields.vacancy_id,
        dict(fields.facts),
        fields.source,
        fields.seed,
        application_id=fields.application_id,
    )
    return services.draft_json(services.create_draft(api_user(), request)), 201


@bp.get("/v1/drafts/<id:draft_id>")
def get_draft(draft_id: int) -> ResponseReturnValue:
    return services.draft_json(services.get_draft(api_user(), draft_id))


@bp.patch("/v1/drafts/<id:draft_id>")
def change_draft(draft_id: int) -> ResponseReturnValue:
    draft = services.get_draft(api_user(), draft_id)
    patch = partial(DraftChange)
    change = patch.model_validate(json_body(patch))
    given = change.model_fields_set
    if "body" in given or "title" in given:
        body = change.body if "body" in given else draft.body  # type: ignore[attr-defined]
        title = change.title if "title" in given else draft.title  # type: ignore[attr-defined]
        services.edit_draft(api_user(), draft.id, title=title, body=body)
    if "status" in given:
        services.mark_draft(api_user(), draft.id, change.status.value)  # type: ignore[attr-defined]
    return services.draft_json(draft)
