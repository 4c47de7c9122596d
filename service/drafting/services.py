"""Drafts and About you: the rules, every query, and the writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app

from service.drafting.checks import Checks, check_draft, limits_for
from service.drafting.context import build_context
from service.drafting.kinds import kind_info
from service.drafting.llm import LLMSettings, write_with_llm
from service.drafting.writer import default_seed, write
from service.errors import NotFound, ValidationFailed
from service.extensions import db
from service.models import (
    AboutYou,
    Application,
    Contact,
    Draft,
    DraftKind,
    DraftStatus,
    DraftTemplate,
    DraftTone,
    DraftVersion,
    User,
    Vacancy,
    Watch,
)
from service.owned import owned
from service.timestamps import rfc3339

MAX_SOURCE_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class DraftRequest:
    kind: str
    tone: str = DraftTone.WARM.value
    contact_id: int | None = None
    vacancy_id: int | None = None
    facts: dict[str, str] | None = None
    pasted: str = ""
    seed: int | None = None
    writer: str = "template"  # or "llm": the configured OpenAI-compatible endpoint
    application_id: int | None = None


def own_application(user: User, application_id: int | None) -> Application | None:
    """The user's application the draft is about; someone else's id is simply not found."""
    if application_id is None:
        return None
    return owned(Application, user, application_id, "No such application.")


def get_about(user: User) -> AboutYou:
    """The user's About you (an empty one until they fill it in)."""
    return db.session.get(AboutYou, user.id) or AboutYou(
        user_id=user.id, sign_name="", headline="", skills=[], goals="", topics=[], samples=[]
    )


def _lines(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace(",", "\n").split("\n")
    return [" ".join(str(v).split()) for v in value or [] if str(v).strip()]


def update_about(user: User, changes: dict[str, Any]) -> AboutYou:
    """Set some About you fields; lists accept a list or one item per line (or comma)."""
    about = db.session.get(AboutYou, user.id)
    if about is None:
        about = get_about(user)
        db.session.add(about)
    for key in ("sign_name", "headline", "goals"):
        if key in changes:
            setattr(about, key, " ".join(str(changes[key] or "").split()))
    for key in ("skills", "topics"):
        if key in changes:
            setattr(about, key, _lines(changes[key])[:30])
    if "samples" in changes:
        samples = changes["samples"]
        if isinstance(samples, str):
            samples = samples.split("\n\n")
        about.samples = [s.strip() for s in samples if s and s.strip()][:5]
    db.session.commit()
    return about


def get_draft(user: User, draft_id: int) -> Draft:
    """The user's draft; someone else's id is simply not found."""
    return owned(Draft, user, draft_id, "No such draft.")


def visible_vacancy(user: User, vacancy_id: int) -> Vacancy:
    """A vacancy of one of the user's watched boards, else NotFound."""
    vacancy = db.session.scalars(
        sa.select(Vacancy)
        .join(Watch, Watch.source_id == Vacancy.source_id)
        .where(Vacancy.id == vacancy_id, Watch.user_id == user.id)
        .limit(1)
    ).first()
    if vacancy is None:
        raise NotFound("No such vacancy.")
    return vacancy


def _kind_and_tone(kind: str, tone: str) -> tuple[DraftKind, DraftTone]:
    try:
        info = kind_info(kind)
    except ValueError as exc:
        raise ValidationFailed(str(exc), {"kind": "unknown"}) from None
    try:
        return info.kind, DraftTone(tone)
    except ValueError:
        tones = ", ".join(t.value for t in DraftTone)
        raise ValidationFailed(f"Unknown tone {tone!r}; the tones are {tones}.") from None


def user_template(user: User, kind: DraftKind) -> str | None:
    row = db.session.scalars(
        sa.select(DraftTemplate).where(DraftTemplate.user_id == user.id, DraftTemplate.kind == kind)
    ).first()
    return row.source if row else None


def save_template(user: User, kind: str, source: str) -> DraftTemplate | None:
    """Keep the user's own copy of a kind's template ("" removes it)."""
    draft_kind = kind_info(kind).kind
    row = db.session.scalars(
        sa.select(DraftTemplate).where(
            DraftTemplate.user_id == user.id, DraftTemplate.kind == draft_kind
        )
    ).first()
    if not source.strip():
        if row is not None:
            db.session.delete(row)
            db.session.commit()
        return None
    if len(source) > MAX_SOURCE_CHARS:
        raise ValidationFailed(f"A template may be at most {MAX_SOURCE_CHARS:,} characters.")
    if row is None:
        row = DraftTemplate(user_id=user.id, kind=draft_kind, source=source)
        db.session.add(row)
    row.source = source
    db.session.commit()
    return row


def create_draft(user: User, request: DraftRequest) -> Draft:
    """Write a draft from the user's context and keep it with its first version."""
    kind, tone = _kind_and_tone(request.kind, request.tone)
    info = kind_info(kind)
    contact = (
        owned(Contact, user, request.contact_id, "No such contact.")
        if request.contact_id is not None
        else None
    )
    vacancy = visible_vacancy(user, request.vacancy_id) if request.vacancy_id is not None else None
    application = own_application(user, request.application_id)
    pasted = request.pasted[:MAX_SOURCE_CHARS]
    if info.needs_source and not pasted.strip():
        raise ValidationFailed(
            "A comment needs the text of the post it answers (paste it, or --source-file).",
            {"source": "required"},
        )
    ctx = build_context(
        user,
        kind,
        tone=tone,
        contact=contact,
        vacancy=vacancy,
        pasted=pasted,
        facts=request.facts,
        application=application,
    )
    seed = (
        request.seed
        if request.seed is not None
        else default_seed(kind.value, request.contact_id, request.vacancy_id, pasted[:200])
    )
    limits = limits_for(current_app.config)
    own = user_template(user, kind)
    if request.writer == "llm":
        settings = LLMSettings.from_config(current_app.config)
        if settings is None:
            raise ValidationFailed(
                "No LLM is configured (set LLM_BASE_URL and LLM_MODEL).", {"writer": "llm"}
            )
        written = write_with_llm(ctx, seed, settings, limits=limits, user_template=own)
    else:
        written = write(ctx, seed, user_template=own, limits=limits)
    company_id = contact.company_id if contact else None
    if company_id is None and application is not None:
        company_id = application.company_id
    draft = Draft(
        user_id=user.id,
        kind=kind,
        tone=tone,
        contact_id=contact.id if contact else None,
        vacancy_id=vacancy.id if vacancy else None,
        company_id=company_id,
        title=written.title[:300],
        body=written.body,
        facts=ctx.facts,
        source=pasted,
        seed=seed,
        writer=written.writer,
        fallback_reason=written.fallback_reason,
    )
    draft.versions.append(
        DraftVersion(number=1, title=draft.title, body=draft.body, writer=written.writer)
    )
    db.session.add(draft)
    db.session.commit()
    return draft


def draft_checks(draft: Draft) -> Checks:
    """The draft's checks against the limits in force."""
    return check_draft(draft.kind, draft.body, draft.title, limits_for(current_app.config))


def draft_json(draft: Draft) -> dict[str, Any]:
    """A draft with its checks, as the CLI and the API print it."""
    return {
        "id": draft.id,
        "kind": draft.kind.value,
        "tone": draft.tone.value,
        "status": draft.status.value,
        "contact_id": draft.contact_id,
        "vacancy_id": draft.vacancy_id,
        "title": draft.title,
        "body": draft.body,
        "facts": draft.facts,
        "questions": {q.key: q.label for q in kind_info(draft.kind).questions},
        "seed": draft.seed,
        "writer": draft.writer,
        "fallback_reason": draft.fallback_reason,
        "versions": len(draft.versions),
        "checks": draft_checks(draft).as_dict(),
        "sent_at": rfc3339(draft.sent_at),
        "created_at": rfc3339(draft.created_at),
        "updated_at": rfc3339(draft.updated_at),
    }


def list_drafts(user: User, *, contact_id: int | None = None) -> list[Draft]:
    """The user's drafts, the latest first (only those to one contact, when asked)."""
    query = sa.select(Draft).where(Draft.user_id == user.id)
    if contact_id is not None:
        query = query.where(Draft.contact_id == contact_id)
    return list(db.session.scalars(query.order_by(Draft.updated_at.desc(), Draft.id.desc())))


def questions_for(
    user: User,
    kind: str,
    *,
    contact_id: int | None = None,
    vacancy_id: int | None = None,
    application_id: int | None = None,
) -> list[tuple[str, str, str]]:
    """The kind's questions as (key, question, prefilled answer) for the new-draft form."""
    draft_kind, _tone = _kind_and_tone(kind, DraftTone.WARM.value)
    contact = owned(Contact, user, contact_id, "No such contact.") if contact_id else None
    vacancy = visible_vacancy(user, vacancy_id) if vacancy_id else None
    application = own_application(user, application_id)
    ctx = build_context(user, draft_kind, contact=contact, vacancy=vacancy, application=application)
    return [(q.key, q.label, ctx.facts.get(q.key, "")) for q in kind_info(draft_kind).questions]


def edit_draft(user: User, draft_id: int, *, title: str, body: str) -> Draft:
    """Save the user's edit as a new version (an unchanged text adds none)."""
    draft = get_draft(user, draft_id)
    body = body.replace("\r\n", "\n").strip()
    title = " ".join(title.split())[:300]
    if not body:
        raise ValidationFailed("A draft needs some text.", {"body": "required"})
    if (title, body) == (draft.title, draft.body):
        return draft
    draft.title, draft.body, draft.writer = title, body, "you"
    number = max((v.number for v in draft.versions), default=0) + 1
    draft.versions.append(DraftVersion(number=number, title=title, body=body, writer="you"))
    db.session.commit()
    return draft


def mark_draft(user: User, draft_id: int, status: str) -> Draft:
    """Move a draft to ready or sent; sending a message or comment to a contact logs a touch."""
    from service.clock import utcnow
    from service.contacts.services import record_touch

    draft = get_draft(user, draft_id)
    try:
        new = DraftStatus(status)
    except ValueError:
        raise ValidationFailed("A draft is draft, ready or sent.", {"status": "unknown"}) from None
    if new is DraftStatus.SENT and draft.status is not DraftStatus.SENT:
        draft.sent_at = utcnow()
        info = kind_info(draft.kind)
        if draft.contact_id is not None and info.group in ("message", "comment"):
            record_touch(
                user,
                draft.contact_id,
                {
                    "kind": "comment" if info.group == "comment" else "message",
                    "occurred_at": draft.sent_at.replace(microsecond=0).isoformat() + "Z",
                    "summary": f"{info.label} sent (drafted in Next Round): "
                    + " ".join(draft.body.split())[:240],
                },
            )
        from service.applications.playbook import tick_for_sent_draft

        tick_for_sent_draft(user, draft.kind.value, draft.contact_id, draft.company_id)
    draft.status = new
    db.session.commit()
    return draft


LLM_JOB = "workers.jobs.write_draft_with_llm"
LLM_QUEUED = "llm-queued"


def llm_configured() -> bool:
    return LLMSettings.from_config(current_app.config) is not None


def queue_llm_draft(user: User, draft_id: int) -> Draft:
    """Ask the configured LLM for this draft in the background (the template text stays until
    it answers); QueueUnavailable when Redis is down."""
    from service.queue import enqueue_once

    draft = get_draft(user, draft_id)
    if not llm_configured():
        raise ValidationFailed("No LLM is configured (set LLM_BASE_URL and LLM_MODEL).")
    draft.writer = LLM_QUEUED
    db.session.commit()
    enqueue_once(LLM_JOB, draft.id, job_id=f"draft-llm-{draft.id}")
    return draft


def write_queued_draft(draft_id: int) -> str | None:
    """The LLM job: the LLM's text as a new version, or the template's kept with the reason.
    Safe to run twice (a draft no longer queued is left alone)."""
    draft = db.session.get(Draft, draft_id)
    settings = LLMSettings.from_config(current_app.config)
    if draft is None or draft.writer != LLM_QUEUED:
        return None
    user = db.session.get(User, draft.user_id)
    contact = db.session.get(Contact, draft.contact_id) if draft.contact_id else None
    vacancy = db.session.get(Vacancy, draft.vacancy_id) if draft.vacancy_id else None
    assert user is not None
    ctx = build_context(
        user, draft.kind, tone=draft.tone, contact=contact, vacancy=vacancy,
        pasted=draft.source, facts=draft.facts,
    )  # fmt: skip
    if settings is None:
        draft.writer, draft.fallback_reason = "template", "No LLM is configured any more."
        db.session.commit()
        return draft.writer
    limits = limits_for(current_app.config)
    written = write_with_llm(
        ctx, draft.seed, settings, limits=limits, user_template=user_template(user, draft.kind)
    )
    if written.writer == "llm":
        draft.title, draft.body, draft.fallback_reason = written.title[:300], written.body, None
        number = max((v.number for v in draft.versions), default=0) + 1
        draft.versions.append(
            DraftVersion(number=number, title=draft.title, body=draft.body, writer="llm")
        )
    else:
        draft.fallback_reason = written.fallback_reason
    draft.writer = written.writer if written.writer == "llm" else draft.versions[-1].writer
    db.session.commit()
    return draft.writer
