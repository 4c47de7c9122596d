"""Applications and their stages: the rules, the writes and the queries of the pipeline."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from service.applications.playbook import ensure_playbook
from service.applications.schemas import ApplicationIn, StageIn
from service.clock import today as today_utc
from service.companies.services import ensure_company
from service.contacts.services import add_touch, create_contact, get_contact
from service.errors import NotFound, UnknownReference
from service.extensions import db
from service.models import (
    Application,
    ApplicationStage,
    CompanyRelation,
    Contact,
    ContactRole,
    StageKind,
    TouchDirection,
    TouchKind,
    User,
    stage_people,
)
from service.owned import owned
from service.validation import parse
from service.watch.vacancies import get_vacancy

log = logging.getLogger(__name__)


def get_application(user: User, application_id: int) -> Application:
    """The user's application; someone else's id is simply not found."""
    return owned(Application, user, application_id, "No such application.")


def get_stage(user: User, stage_id: int) -> ApplicationStage:
    """The user's stage; someone else's id is simply not found."""
    return owned(ApplicationStage, user, stage_id, "No such stage.")


def _referenced_contact(user: User, contact_id: int, field: str) -> Contact:
    """A contact the body names: the user's own, else UnknownReference (a 409 in the API)."""
    try:
        return get_contact(user, contact_id)
    except NotFound as exc:
        raise UnknownReference("Unknown contact.", {field: "unknown"}) from exc


def _vacancy_of_user(user: User, vacancy_id: int | None) -> int | None:
    """A vacancy of one of the user's watched boards, else UnknownReference."""
    if vacancy_id is None:
        return None
    try:
        return get_vacancy(user, vacancy_id).id
    except NotFound as exc:
        raise UnknownReference("Unknown vacancy.", {"vacancy_id": "unknown"}) from exc


def _apply(user: User, application: Application, fields: ApplicationIn) -> None:
    """Set the fields; the rows they name are checked before anything is written."""
    headhunter = (
        _referenced_contact(user, fields.headhunter_id, "headhunter_id")
        if fields.headhunter_id is not None
        else None
    )
    application.vacancy_id = _vacancy_of_user(user, fields.vacancy_id)
    application.company = ensure_company(user, fields.company, CompanyRelation.INTERVIEWING)
    application.role, application.source = fields.role, fields.source
    application.headhunter = headhunter
    application.notes, application.next_step = fields.notes, fields.next_step
    application.next_step_on = fields.next_step_on


def create_application(
    user: User,
    data: dict[str, Any],
    *,
    contact_ids: Iterable[int] = (),
    applied_on: date | None = None,
    today: date | None = None,
) -> Application:
    """Add an application with its "applied" stage (and the people who brought it, if any)."""
    fields = parse(ApplicationIn, data)
    people = list(contact_ids)
    for contact_id in people:
        _referenced_contact(user, contact_id, "contact_ids")
    day = today or today_utc()
    application = Application(user_id=user.id, stage=StageKind.APPLIED)
    _apply(user, application, fields)
    db.session.add(application)
    db.session.flush()
    stage = {"kind": "applied", "occurred_on": applied_on or day, "contact_ids": people}
    log_stage(user, application.id, stage, today=day)
    return application


def application_fields(application: Application) -> dict[str, Any]:
    """An application as ``ApplicationIn`` data (for forms and partial updates)."""
    return {
        "company": application.company.name,
        "role": application.role,
        "vacancy_id": application.vacancy_id,
        "source": application.source,
        "headhunter_id": application.headhunter_id,
        "notes": application.notes,
        "next_step": application.next_step,
        "next_step_on": application.next_step_on,
    }


def update_application(user: User, application_id: int, changes: dict[str, Any]) -> Application:
    """Change some fields; the others keep their values."""
    application = get_application(user, application_id)
    _apply(user, application, parse(ApplicationIn, {**application_fields(application), **changes}))
    db.session.commit()
    return application


def delete_application(user: User, application_id: int) -> None:
    """Delete an application with its stages, feedback and to-dos (the people stay)."""
    db.session.delete(get_application(user, application_id))
    db.session.commit()


def refresh_stage(application: Application) -> None:
    """The application's current stage: the kind of its latest stage (by date, then entry)."""
    latest = db.session.scalar(
        sa.select(ApplicationStage.kind)
        .where(ApplicationStage.application_id == application.id)
        .order_by(ApplicationStage.occurred_on.desc(), ApplicationStage.id.desc())
        .limit(1)
    )
    application.stage = latest or StageKind.APPLIED


_TOUCH = {
    StageKind.APPLIED: (TouchKind.MESSAGE, TouchDirection.OUTGOING),
    StageKind.OFFER: (TouchKind.MESSAGE, TouchDirection.INCOMING),
    StageKind.REJECTED: (TouchKind.MESSAGE, TouchDirection.INCOMING),
    StageKind.WITHDRAWN: (TouchKind.MESSAGE, TouchDirection.OUTGOING),
    StageKind.ACCEPTED: (TouchKind.MESSAGE, TouchDirection.OUTGOING),
}


def _people(user: User, application: Application, fields: StageIn, day: date) -> list[Contact]:
    """The known contacts named, then the new people created on the spot at the company."""
    people = [_referenced_contact(user, i, "contact_ids") for i in fields.contact_ids]
    for person in fields.new_people:
        data = person.model_dump() | {"company": application.company.name}
        people.append(create_contact(user, data, today=day))
    return people


def log_stage(
    user: User, application_id: int, data: dict[str, Any], *, today: date | None = None
) -> ApplicationStage:
    """Log a stage with the people met; each of them gets a touch once the day has come.

    Interviews are numbered when no round is given. A rejection starts the playbook (once:
    logging it again only adds what a newly named person is owed).
    """
    application = get_application(user, application_id)
    fields = parse(StageIn, data, "The stage needs fixing.")
    day = today or today_utc()
    people = _people(user, application, fields, day)
    number = fields.round
    if fields.kind is StageKind.INTERVIEW and number is None:
        number = 1 + sum(1 for s in application.stages if s.kind is StageKind.INTERVIEW)
    stage = ApplicationStage(
        user_id=user.id,
        application=application,
        kind=fields.kind,
        occurred_on=fields.occurred_on,
        round=number,
        notes=fields.notes,
        people=people,
    )
    db.session.add(stage)
    db.session.flush()
    refresh_stage(application)
    if fields.occurred_on <= day:  # a scheduled interview is not a touch yet
        for person in people:
            _touch(user, application, stage, person)
    if application.stage is StageKind.REJECTED:
        ensure_playbook(user, application, today=day)
    db.session.commit()
    return stage


def _touch(user: User, application: Application, stage: ApplicationStage, person: Contact) -> None:
    kind, direction = _TOUCH.get(stage.kind, (TouchKind.INTERVIEW, TouchDirection.MUTUAL))
    summary = f"{stage.label}: {application.role} at {application.company.name}"
    moment = datetime(stage.occurred_on.year, stage.occurred_on.month, stage.occurred_on.day, 12)
    add_touch(
        user,
        person.id,
        {"kind": kind, "direction": direction, "occurred_at": moment, "summary": summary},
    )


def mark_rejected(
    user: User,
    application_id: int,
    *,
    on: date | None = None,
    contact_ids: Iterable[int] = (),
    today: date | None = None,
) -> ApplicationStage:
    """Mark an application rejected; marking it again adds no stage (and only completes a
    playbook left unfinished)."""
    application = get_application(user, application_id)
    day = today or today_utc()
    if application.stage is StageKind.REJECTED:
        ensure_playbook(user, application, today=day)
        db.session.commit()
        return next(s for s in reversed(application.stages) if s.kind is StageKind.REJECTED)
    data = {"kind": "rejected", "occurred_on": on or day, "contact_ids": list(contact_ids)}
    return log_stage(user, application_id, data, today=day)


def delete_stage(user: User, stage_id: int) -> Application:
    """Remove a stage logged by mistake; the current stage follows (touches and to-dos stay)."""
    stage = get_stage(user, stage_id)
    application = stage.application
    db.session.delete(stage)
    db.session.flush()
    db.session.expire(application, ["stages"])
    refresh_stage(application)
    db.session.commit()
    return application


def list_applications(
    user: User, stage: StageKind | None = None, *, company_id: int | None = None
) -> list[Application]:
    """The user's applications (at one stage, or one company), the most recently changed first."""
    query = sa.select(Application).where(Application.user_id == user.id)
    if stage is not None:
        query = query.where(Application.stage == stage)
    if company_id is not None:
        query = query.where(Application.company_id == company_id)
    query = query.order_by(Application.updated_at.desc(), Application.id.desc()).options(
        selectinload(Application.company), selectinload(Application.stages)
    )
    return list(db.session.scalars(query))


def application_page(
    user: User,
    stage: StageKind | None = None,
    *,
    company_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[Application], int]:
    """One page of the user's applications (as ``list_applications`` orders them) and the total."""
    query = sa.select(Application).where(Application.user_id == user.id)
    if stage is not None:
        query = query.where(Application.stage == stage)
    if company_id is not None:
        query = query.where(Application.company_id == company_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    query = (
        query.order_by(Application.updated_at.desc(), Application.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
        .options(selectinload(Application.company))
    )
    return list(db.session.scalars(query)), total


def pipeline(user: User) -> list[tuple[StageKind, list[Application]]]:
    """The user's applications grouped by current stage, in the order a process runs."""
    by_stage: dict[StageKind, list[Application]] = {kind: [] for kind in StageKind}
    for application in list_applications(user):
        by_stage[application.stage].append(application)
    return list(by_stage.items())


def people_choices(user: User, application: Application | None) -> list[tuple[int, str]]:
    """(id, name) of the people an application's forms offer: those at its company, those met
    at its stages and its headhunter; for a new application, the user's recruiters."""
    query = sa.select(Contact).where(Contact.user_id == user.id)
    if application is None:
        query = query.where(Contact.role == ContactRole.RECRUITER)
    else:
        met = (
            sa.select(stage_people.c.contact_id)
            .join(ApplicationStage)
            .where(ApplicationStage.application_id == application.id)
        )
        query = query.where(
            sa.or_(
                Contact.company_id == application.company_id,
                Contact.id.in_(met),
                Contact.id == application.headhunter_id,
                Contact.role == ContactRole.RECRUITER,
            )
        )
    query = query.order_by(Contact.last_name, Contact.first_name).limit(500)
    return [(c.id, c.name) for c in db.session.scalars(query)]


def stages_with(user: User, contact: Contact) -> list[ApplicationStage]:
    """The stages where the user met this contact, the latest first."""
    query = (
        sa.select(ApplicationStage)
        .join(stage_people, stage_people.c.stage_id == ApplicationStage.id)
        .where(ApplicationStage.user_id == user.id, stage_people.c.contact_id == contact.id)
        .order_by(ApplicationStage.occurred_on.desc(), ApplicationStage.id.desc())
        .options(selectinload(ApplicationStage.application).selectinload(Application.company))
    )
    return list(db.session.scalars(query))
