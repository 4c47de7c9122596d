"""The weekly plan as Markdown, JSON and iCalendar (VTODO per item, VEVENT per interview stage),
and the secret per-user calendar feed URL (only its SHA-256 is stored)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from icalendar import Calendar, Event, Todo

from service.clock import utcnow
from service.extensions import db
from service.models import (
    Application,
    ApplicationStage,
    Company,
    ItemState,
    User,
    WeekPlan,
    WeekSettings,
)
from service.models.applications import CLOSED, MEETINGS, stage_label
from service.week import plans
from service.week.digest import KIND_HEADINGS, absolute, grouped, settings_of

FEED_PAST_DAYS, FEED_AHEAD_DAYS = 30, 180


def to_markdown(plan: WeekPlan) -> str:
    """The plan as a Markdown checklist, grouped by kind."""
    out = [f"# Next Round plan for {plan.week}", ""]
    todo = [i for i in plan.items if i.state is not ItemState.DROPPED]
    for heading, items in grouped(todo):
        out += [f"## {heading}", ""]
        for i in items:
            box = "x" if i.ticked_at else " "
            line = f"- [{box}] [{i.title}]({absolute(i.link)}) — due {i.due.isoformat()}"
            out.append(line)
            note = plans.note(i)
            out.append(f"  {i.why}{' ' + note if note else ''}")
            if i.draft:
                out.append(f"  [Draft]({absolute(i.draft)})")
        out.append("")
    dropped = [i for i in plan.items if i.state is ItemState.DROPPED]
    if dropped:
        out += ["## Dropped", ""]
        out += [f"- {i.title}: {plans.note(i)}" for i in dropped]
        out.append("")
    if len(out) == 2:
        out += ["Nothing planned this week.", ""]
    return "\n".join(out)


def to_json(plan: WeekPlan) -> dict[str, Any]:
    return {
        "week": plan.week,
        "built_at": plan.built_at.isoformat() + "Z",
        "sent_at": plan.sent_at.isoformat() + "Z" if plan.sent_at else None,
        "items": [
            {
                "id": i.id,
                "key": i.key,
                "kind": i.kind,
                "title": i.title,
                "why": i.why,
                "link": i.link,
                "draft": i.draft,
                "due": i.due.isoformat(),
                "overdue": i.overdue,
                "state": i.state.value,
                "rolled_from": i.rolled_from,
                "note": plans.note(i),
                "ticked_at": i.ticked_at.isoformat() + "Z" if i.ticked_at else None,
            }
            for i in plan.items
        ],
    }


def _stages(user: User, today: date) -> list[tuple[ApplicationStage, str, str]]:
    rows = db.session.execute(
        sa.select(ApplicationStage, Company.name, Application.role)
        .join(Application, ApplicationStage.application_id == Application.id)
        .join(Company, Application.company_id == Company.id)
        .where(
            ApplicationStage.user_id == user.id,
            ApplicationStage.kind.in_(MEETINGS),
            Application.stage.not_in(CLOSED),
            ApplicationStage.occurred_on >= today - timedelta(days=FEED_PAST_DAYS),
            ApplicationStage.occurred_on <= today + timedelta(days=FEED_AHEAD_DAYS),
        )
        .order_by(ApplicationStage.occurred_on, ApplicationStage.id)
    ).all()
    return [(stage, company, role) for stage, company, role in rows]


def to_ics(user: User, plan: WeekPlan, now: datetime | None = None) -> bytes:
    """A calendar: the plan's to-dos (VTODO) and the open applications' interview stages."""
    now = now or utcnow()
    stamp = now.replace(tzinfo=None)
    cal = Calendar()
    cal.add("prodid", "-//Next Round//Weekly plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Next Round")
    for item in plan.items:
        if item.state is ItemState.DROPPED:
            continue
        todo = Todo()
        todo.add("uid", f"week-{plan.week}-{item.key.replace(':', '-')}-{user.id}@nextround")
        todo.add("dtstamp", stamp)
        todo.add("summary", item.title)
        note = plans.note(item)
        todo.add("description", f"{item.why}{' ' + note if note else ''}")
        todo.add("due", item.due)
        todo.add("categories", [KIND_HEADINGS.get(item.kind, item.kind)])
        url = absolute(item.link)
        if url:
            todo.add("url", url)
        if item.ticked_at:
            todo.add("status", "COMPLETED")
            todo.add("completed", item.ticked_at)
        else:
            todo.add("status", "NEEDS-ACTION")
        cal.add_component(todo)
    for stage, company, role in _stages(user, stamp.date()):
        event = Event()
        event.add("uid", f"stage-{stage.id}@nextround")
        event.add("dtstamp", stamp)
        event.add("summary", f"{stage_label(stage.kind, stage.round)} at {company}")
        event.add("description", f"{role} at {company}")
        event.add("dtstart", stage.occurred_on)
        event.add("dtend", stage.occurred_on + timedelta(days=1))
        url = absolute(f"/applications/{stage.application_id}")
        if url:
            event.add("url", url)
        cal.add_component(event)
    return bytes(cal.to_ical())


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def rotate_feed(user: User) -> str:
    """A new secret for the user's calendar feed (committed); the old URL stops working."""
    token = secrets.token_urlsafe(32)
    settings_of(user).feed_token_hash = _hash(token)
    db.session.commit()
    return token


def feed_user(token: str) -> User | None:
    """Whose feed this secret opens, if anyone's."""
    if not token or len(token) > 100:
        return None
    settings = db.session.scalar(
        sa.select(WeekSettings).where(WeekSettings.feed_token_hash == _hash(token))
    )
    return db.session.get(User, settings.user_id) if settings is not None else None


def has_feed(user: User) -> bool:
    settings = db.session.get(WeekSettings, user.id)
    return settings is not None and settings.feed_token_hash is not None
