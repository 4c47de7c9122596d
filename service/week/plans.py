"""Persisted weekly plans: the planner's items kept per user and ISO week.

Building a week again (the scheduler, "re-plan now") keeps what was ticked and adds what is
new, found by the planner's stable item key. An item left unticked when its week ended rolls
into the next week once (state ``rolled``); left undone again, it drops with a note (state
``dropped``, no longer a to-do). Ticking a contact item logs a touch; unticking removes it.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from service.alerts.outbox import new_event_id
from service.clock import utcnow
from service.contacts.services import add_touch, delete_touch
from service.errors import NotFound
from service.extensions import db
from service.models import ItemState, User, WeekItem, WeekPlan
from service.owned import owned
from service.week.planner import PlanItem, week_of
from service.week.rows import plan_for

GOAL_KINDS = frozenset({"post", "comment"})
"""Items of the weekly writing goals: ticked when the goal is met, never rolled over."""


def week_label(year: int, number: int) -> str:
    return f"{year}-W{number:02d}"


def shift(label: str, weeks: int) -> str:
    """The ISO week ``weeks`` after (or before) ``label``."""
    year, number = int(label[:4]), int(label[6:])
    monday = date.fromisocalendar(year, number, 1) + timedelta(weeks=weeks)
    iso = monday.isocalendar()
    return week_label(iso[0], iso[1])


def get_plan(user: User, label: str) -> WeekPlan | None:
    return db.session.scalar(
        sa.select(WeekPlan).where(WeekPlan.user_id == user.id, WeekPlan.week == label)
    )


def _plan_row(user: User, label: str) -> WeekPlan:
    """The user's plan row for the week, created when missing (a concurrent build may win)."""
    plan = get_plan(user, label)
    if plan is not None:
        return plan
    try:
        with db.session.begin_nested():
            plan = WeekPlan(user_id=user.id, week=label, event_id=new_event_id())
            db.session.add(plan)
            db.session.flush()
    except IntegrityError:
        plan = get_plan(user, label)
        assert plan is not None
    return plan


def build_week(user: User, now: datetime | None = None, label: str | None = None) -> WeekPlan:
    """Plan the week (this one on the user's clock by default) and keep it (committed)."""
    now = now or utcnow()
    week, items = plan_for(user, now, label)
    plan = _plan_row(user, week.label)
    existing = {item.key: item for item in plan.items}
    # last week's undone items roll over once it has ended (a future week planned early
    # gets them when it is planned again in its own time)
    previous = get_plan(user, shift(week.label, -1)) if week.today >= week.monday else None
    carried = _left_undone(previous) if previous is not None else {}
    for position, fresh in enumerate(items):
        item = existing.get(fresh.key)
        if item is None:
            item = WeekItem(
                plan=plan,
                user_id=user.id,
                key=fresh.key,
                position=position,
                state=ItemState.PLANNED,
            )
            db.session.add(item)
            existing[fresh.key] = item
        old = carried.pop(fresh.key, None)
        if item.state is ItemState.PLANNED and item.ticked_at is None:
            _carry(item, old)
        _fill(item, fresh)
        item.position = position
    fresh_keys = {fresh.key for fresh in items}
    for item in existing.values():
        # a writing goal met since the last build: its item is done (the planner dropped it)
        if item.kind in GOAL_KINDS and item.key not in fresh_keys and item.ticked_at is None:
            item.ticked_at = now.replace(tzinfo=None) if now.tzinfo else now
            item.why = "Goal met this week."
    for key, old in carried.items():
        if key in existing:
            continue
        item = WeekItem(plan=plan, user_id=user.id, key=key, position=len(existing))
        item.kind, item.title, item.why, item.link, item.draft = (
            old.kind,
            old.title,
            old.why,
            old.link,
            old.draft,
        )
        item.due, item.overdue = max(old.due, week.monday), True
        db.session.add(item)
        existing[key] = item
        _carry(item, old)
    plan.built_at = now.replace(tzinfo=None) if now.tzinfo else now
    db.session.commit()
    return plan


def _left_undone(plan: WeekPlan) -> dict[str, WeekItem]:
    """Last week's items not ticked and still to-dos (dropped ones are done with)."""
    return {
        item.key: item
        for item in plan.items
        if item.ticked_at is None
        and item.state is not ItemState.DROPPED
        and item.kind not in GOAL_KINDS  # each week has its own goals
    }


def _carry(item: WeekItem, old: WeekItem | None) -> None:
    """Mark a new item carried from last week: rolled once, then dropped with a note."""
    if old is None:
        return
    item.rolled_from = old.rolled_from if old.state is ItemState.ROLLED else old.plan.week
    item.state = ItemState.DROPPED if old.state is ItemState.ROLLED else ItemState.ROLLED


def _fill(item: WeekItem, fresh: PlanItem) -> None:
    item.kind, item.title, item.why, item.link = fresh.kind, fresh.title, fresh.why, fresh.link
    item.draft, item.due, item.overdue = fresh.draft, fresh.due, fresh.overdue


def note(item: WeekItem) -> str:
    """What a rolled or dropped item says about itself."""
    if item.state is ItemState.ROLLED:
        return f"Rolled over from {item.rolled_from}."
    if item.state is ItemState.DROPPED:
        return (
            f"Left undone since {item.rolled_from} and carried once already: dropped from "
            "this week's to-dos."
        )
    return ""


def get_item(user: User, item_id: int) -> WeekItem:
    return owned(WeekItem, user, item_id, "No such item in your weekly plan.")


def tick(user: User, item_id: int, now: datetime | None = None) -> WeekItem:
    """Tick an item; a contact item logs a touch (committed). Ticking twice changes nothing."""
    item = get_item(user, item_id)
    if item.state is ItemState.DROPPED:
        raise NotFound("That item was dropped from the plan.")
    if item.ticked_at is not None:
        return item
    now = now or utcnow()
    item.ticked_at = now
    if item.kind == "contact":
        contact_id = int(item.key.partition(":")[2])
        touch = add_touch(
            user,
            contact_id,
            {"kind": "message", "occurred_at": now, "summary": f"Weekly plan {item.plan.week}"},
        )
        item.touch_id = touch.id
    db.session.commit()
    return item


def untick(user: User, item_id: int) -> WeekItem:
    """Untick an item; the touch its tick logged goes (committed)."""
    item = get_item(user, item_id)
    touch_id, item.ticked_at, item.touch_id = item.touch_id, None, None
    db.session.commit()
    if touch_id is not None:
        with contextlib.suppress(NotFound):
            delete_touch(user, touch_id)
    return item


def current_label(user: User, now: datetime | None = None) -> str:
    return week_of(now or utcnow(), user.timezone).label
