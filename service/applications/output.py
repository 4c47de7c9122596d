"""Applications as JSON (the CLI's ``--json``; the API can show the same shape)."""

from __future__ import annotations

from typing import Any

from service.applications.links import draft_link
from service.models import Application, ApplicationStage, PlaybookItem
from service.timestamps import rfc3339


def stage_json(s: ApplicationStage) -> dict[str, Any]:
    return {
        "id": s.id,
        "kind": s.kind.value,
        "occurred_on": rfc3339(s.occurred_on),
        "round": s.round,
        "notes": s.notes,
        "contact_ids": [p.id for p in s.people],
    }


def todo_json(i: PlaybookItem) -> dict[str, Any]:
    return {
        "id": i.id,
        "kind": i.kind.value,
        "contact_id": i.contact_id,
        "application_id": i.application_id,
        "upskill_id": i.upskill_id,
        "due_on": rfc3339(i.due_on),
        "done_at": rfc3339(i.done_at),
        "draft": draft_link(i.kind, i.contact_id, i.application_id),
    }


def application_json(a: Application) -> dict[str, Any]:
    return {
        "id": a.id,
        "company": a.company.name,
        "company_id": a.company_id,
        "role": a.role,
        "vacancy_id": a.vacancy_id,
        "source": a.source.value,
        "headhunter_id": a.headhunter_id,
        "stage": a.stage.value,
        "next_step": a.next_step,
        "next_step_on": rfc3339(a.next_step_on),
        "notes": a.notes,
        "stages": [stage_json(s) for s in a.stages],
        "playbook": [todo_json(i) for i in a.playbook],
        "created_at": rfc3339(a.created_at),
        "updated_at": rfc3339(a.updated_at),
    }
