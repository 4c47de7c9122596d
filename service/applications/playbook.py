"""The rejection playbook: what is owed after a "no", feedback, the upskill plan, the to-dos.

The drafts themselves are the drafting studio's; a to-do only links to it (``draft_link``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from service.applications.schemas import FeedbackIn, ProgressIn, UpskillIn
from service.clock import today as today_utc
from service.clock import utcnow
from service.contacts.due import recompute_due
from service.contacts.services import add_touch, get_contact
from service.errors import NotFound, UnknownReference
from service.extensions import db
from service.models import (
    Application,
    Company,
    CompanyRelation,
    Contact,
    ContactRole,
    Feedback,
    PlaybookItem,
    PlaybookKind,
    StageKind,
    Tier,
    TouchDirection,
    TouchKind,
    UpskillItem,
    User,
)
from service.owned import owned
from service.validation import parse

ANSWER_WITHIN_DAYS = 2
MILESTONE_WITHIN_DAYS = 7
DOOR_OPEN_TIER = ("Keep the door open", 42)
DECIDERS = frozenset({ContactRole.DECISION_MAKER, ContactRole.HIRING_MANAGER})
AFTER_REJECTION = (PlaybookKind.THANK_YOU, PlaybookKind.FEEDBACK_REQUEST)
SENT_TO_A_PERSON = frozenset(
    {PlaybookKind.THANK_YOU, PlaybookKind.FEEDBACK_REQUEST, PlaybookKind.KEEP_IN_TOUCH}
)


def playbook_targets(application: Application) -> list[Contact]:
    """Who is owed a thank-you and a feedback request: the people named at the rejection,
    else those met at the latest stage with people; and the headhunter where there was one."""
    stages = [s for s in application.stages if s.people]
    rejections = [s for s in stages if s.kind is StageKind.REJECTED]
    chosen = rejections or [s for s in stages if s.kind.is_meeting][-1:]
    people = [p for s in chosen for p in s.people]
    if application.headhunter is not None:
        people.append(application.headhunter)
    return list({p.id: p for p in people}.values())


def _rejected_on(application: Application, today: date) -> date:
    days = [s.occurred_on for s in application.stages if s.kind is StageKind.REJECTED]
    return max(days) if days else today


def ensure_playbook(user: User, application: Application, *, today: date | None = None) -> int:
    """Start (or complete) the playbook of a rejected application, in the caller's transaction
    (not committed); returns the to-dos added.

    Idempotent: each person gets one thank-you and one feedback request per application however
    often the rejection is logged; the company becomes "rejected me" and its decision makers go
    on the keep-the-door-open cadence. Watches of the company are left as they are.
    """
    day = today or today_utc()
    due = max(_rejected_on(application, day), day) + timedelta(days=ANSWER_WITHIN_DAYS)
    owed = {(item.kind, item.contact_id) for item in application.playbook}
    added = 0
    for person in playbook_targets(application):
        for kind in AFTER_REJECTION:
            if (kind, person.id) not in owed:
                application.playbook.append(
                    PlaybookItem(user_id=user.id, kind=kind, contact_id=person.id, due_on=due)
                )
                added += 1
    application.company.relation = CompanyRelation.REJECTED_ME
    keep_door_open(user, application.company, day)
    return added


def door_open_tier(user: User) -> Tier:
    """The user's keep-the-door-open tier, created with its default interval when missing."""
    name, days = DOOR_OPEN_TIER
    tier = db.session.scalar(sa.select(Tier).where(Tier.user_id == user.id, Tier.name == name))
    if tier is None:
        tier = Tier(user_id=user.id, name=name, interval_days=days)
        db.session.add(tier)
        db.session.flush()
    return tier


def keep_door_open(user: User, company: Company, today: date) -> None:
    """Put the company's decision makers on the keep-the-door-open cadence (a closer tier
    they are already on is kept)."""
    tier = door_open_tier(user)
    moved = []
    for person in company.contacts:
        if person.role not in DECIDERS:
            continue
        if person.tier is not None and person.tier.interval_days <= tier.interval_days:
            continue
        if person.tier is None and person.last_touch_on is None:
            person.tracking_since = today
        person.tier = tier
        moved.append(person.id)
    recompute_due(user.id, contact_ids=moved)


def get_item(user: User, item_id: int) -> PlaybookItem:
    return owned(PlaybookItem, user, item_id, "No such to-do.")


def complete_item(user: User, item_id: int, *, today: date | None = None) -> PlaybookItem:
    """Tick a to-do; a message sent to a person is logged as a touch with them (once)."""
    item = get_item(user, item_id)
    if item.done_at is not None:
        return item
    item.done_at = utcnow()
    if item.contact_id is not None and item.kind in SENT_TO_A_PERSON:
        day = today or today_utc()
        summary = item.kind.label
        if item.application is not None:
            summary += f" ({item.application.role} at {item.application.company.name})"
        add_touch(
            user,
            item.contact_id,
            {
                "kind": TouchKind.MESSAGE,
                "direction": TouchDirection.OUTGOING,
                "occurred_at": day,
                "summary": summary,
            },
        )
    db.session.commit()
    return item


def tick_for_sent_draft(
    user: User, kind: str, contact_id: int | None, company_id: int | None
) -> PlaybookItem | None:
    """A draft of a to-do's kind was sent: tick that to-do (in the caller's transaction).

    The open to-do of the same kind for the same person (a milestone post: one for no one) is
    ticked, the one for the draft's company first, else the soonest due. The draft's own
    sending logs the touch, so none is added here."""
    try:
        playbook_kind = PlaybookKind(kind)
    except ValueError:
        return None
    same_person = (
        PlaybookItem.contact_id.is_(None)
        if contact_id is None
        else PlaybookItem.contact_id == contact_id
    )
    query = (
        sa.select(PlaybookItem)
        .outerjoin(Application, Application.id == PlaybookItem.application_id)
        .where(
            PlaybookItem.user_id == user.id,
            PlaybookItem.kind == playbook_kind,
            PlaybookItem.done_at.is_(None),
            same_person,
        )
        .order_by(
            sa.case((Application.company_id == (company_id or -1), 0), else_=1),
            PlaybookItem.due_on,
            PlaybookItem.id,
        )
        .limit(1)
    )
    item = db.session.scalars(query).first()
    if item is not None:
        item.done_at = utcnow()
    return item


def open_items(user: User) -> list[PlaybookItem]:
    """The user's to-dos not done yet, the soonest due first."""
    query = (
        sa.select(PlaybookItem)
        .where(PlaybookItem.user_id == user.id, PlaybookItem.done_at.is_(None))
        .order_by(PlaybookItem.due_on, PlaybookItem.id)
    )
    return list(db.session.scalars(query))


def record_feedback(user: User, application: Application, data: dict[str, Any]) -> Feedback:
    """Log feedback on an application; the feedback request to that person is then done."""
    fields = parse(FeedbackIn, data, "The feedback needs fixing.")
    if fields.contact_id is not None:
        try:
            get_contact(user, fields.contact_id)
        except NotFound as exc:
            raise UnknownReference("Unknown contact.", {"contact_id": "unknown"}) from exc
    feedback = Feedback(
        user_id=user.id,
        application=application,
        contact_id=fields.contact_id,
        received_on=fields.received_on,
        text=fields.text,
        categories=[c.value for c in fields.categories],
    )
    db.session.add(feedback)
    for item in application.playbook:
        asked = item.kind is PlaybookKind.FEEDBACK_REQUEST and item.done_at is None
        if asked and fields.contact_id is not None and item.contact_id == fields.contact_id:
            item.done_at = utcnow()
    db.session.commit()
    return feedback


def get_upskill(user: User, item_id: int) -> UpskillItem:
    return owned(UpskillItem, user, item_id, "No such upskill item.")


def create_upskill(user: User, data: dict[str, Any]) -> UpskillItem:
    """Add a step to the upskill plan; from feedback, it remembers who named the gap."""
    fields = parse(UpskillIn, data, "The upskill item needs fixing.")
    feedback = _feedback_of_user(user, fields.feedback_id)
    item = UpskillItem(
        user_id=user.id,
        kind=fields.kind,
        title=fields.title,
        gap=fields.gap,
        target_on=fields.target_on,
        feedback=feedback,
        contact_id=feedback.contact_id if feedback else None,
    )
    db.session.add(item)
    db.session.commit()
    return item


def _feedback_of_user(user: User, feedback_id: int | None) -> Feedback | None:
    """Feedback a body names: the user's own, else UnknownReference (a 409 in the API)."""
    if feedback_id is None:
        return None
    try:
        return owned(Feedback, user, feedback_id, "No such feedback.")
    except NotFound as exc:
        raise UnknownReference(exc.message, {"feedback_id": "unknown"}) from exc


def upskill_fields(item: UpskillItem) -> dict[str, Any]:
    """An upskill item as ``UpskillIn`` data (for partial updates)."""
    return {
        "kind": item.kind,
        "title": item.title,
        "gap": item.gap,
        "target_on": item.target_on,
        "feedback_id": item.feedback_id,
    }


def update_upskill(user: User, item_id: int, changes: dict[str, Any]) -> UpskillItem:
    """Change some fields of an upskill item; a new feedback_id also changes who named the gap."""
    item = get_upskill(user, item_id)
    fields = parse(UpskillIn, {**upskill_fields(item), **changes}, "The upskill item needs fixing.")
    feedback = _feedback_of_user(user, fields.feedback_id)
    item.kind, item.title, item.gap = fields.kind, fields.title, fields.gap
    item.target_on = fields.target_on
    if feedback is not item.feedback:
        item.feedback = feedback
        item.contact_id = feedback.contact_id if feedback else None
    db.session.commit()
    return item


def delete_upskill(user: User, item_id: int) -> None:
    """Delete an upskill item with the to-dos its finishing added."""
    db.session.delete(get_upskill(user, item_id))
    db.session.commit()


def list_items(
    user: User, *, done: bool | None = None, application_id: int | None = None
) -> list[PlaybookItem]:
    """The user's to-dos (open, done or all; of one application), the soonest due first."""
    query = sa.select(PlaybookItem).where(PlaybookItem.user_id == user.id)
    if done is not None:
        query = query.where(
            PlaybookItem.done_at.is_not(None) if done else PlaybookItem.done_at.is_(None)
        )
    if application_id is not None:
        query = query.where(PlaybookItem.application_id == application_id)
    return list(db.session.scalars(query.order_by(PlaybookItem.due_on, PlaybookItem.id)))


def set_progress(
    user: User, item_id: int, data: dict[str, Any], *, today: date | None = None
) -> UpskillItem:
    """Move an upskill item along; at 100 it is done, which offers a milestone post and a
    keep-in-touch note to the person whose feedback named the gap (once)."""
    item = get_upskill(user, item_id)
    fields = parse(ProgressIn, data, "Progress is a number from 0 to 100.")
    item.progress = fields.progress
    finished = fields.progress == 100
    item.done_at = (item.done_at or utcnow()) if finished else None
    offers = sa.select(PlaybookItem.id).where(PlaybookItem.upskill_id == item.id).limit(1)
    offered = db.session.scalar(offers)
    if finished and offered is None:
        due = (today or today_utc()) + timedelta(days=MILESTONE_WITHIN_DAYS)
        application_id = item.feedback.application_id if item.feedback else None
        kinds: list[tuple[PlaybookKind, int | None]] = [(PlaybookKind.POST_MILESTONE, None)]
        if item.contact_id is not None:
            kinds.append((PlaybookKind.KEEP_IN_TOUCH, item.contact_id))
        for kind, contact_id in kinds:
            db.session.add(
                PlaybookItem(
                    user_id=user.id,
                    application_id=application_id,
                    upskill_id=item.id,
                    kind=kind,
                    contact_id=contact_id,
                    due_on=due,
                )
            )
    db.session.commit()
    return item


def upskill_plan(user: User) -> list[UpskillItem]:
    """The user's upskill items: open ones by target date, then the finished ones."""
    query = (
        sa.select(UpskillItem)
        .where(UpskillItem.user_id == user.id)
        .order_by(
            UpskillItem.done_at.is_not(None),
            UpskillItem.target_on.asc().nulls_last(),
            UpskillItem.id,
        )
    )
    return list(db.session.scalars(query))


def progress_to_mention(user: User, contact_id: int, limit: int = 3) -> list[UpskillItem]:
    """Upskill progress a keep-in-touch note to this contact can mention: the gaps they named
    first, then the user's other steps under way (finished, then furthest along)."""
    started = sa.or_(UpskillItem.progress > 0, UpskillItem.done_at.is_not(None))
    query = (
        sa.select(UpskillItem)
        .where(UpskillItem.user_id == user.id, started)
        .order_by(
            sa.case((UpskillItem.contact_id == contact_id, 0), else_=1),  # NULL-safe
            UpskillItem.done_at.is_(None),
            UpskillItem.progress.desc(),
            UpskillItem.id,
        )
        .limit(limit)
    )
    return list(db.session.scalars(query))


def upskill_of(user: User, application: Application) -> list[UpskillItem]:
    """The upskill items closing gaps named in this application's feedback."""
    query = (
        sa.select(UpskillItem)
        .join(Feedback, UpskillItem.feedback_id == Feedback.id)
        .where(UpskillItem.user_id == user.id, Feedback.application_id == application.id)
        .order_by(UpskillItem.id)
    )
    return list(db.session.scalars(query))
