"""Persisted weekly plans with a controlled clock: ticks kept on re-plan, roll-over once,
weeks on the user's own clock across time zones and a DST change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from service.applications import playbook, services
from service.contacts.services import create_contact, get_contact
from service.errors import NotFound
from service.extensions import db
from service.models import ItemState, Touch, User, WeekItem
from service.week import plans
from tests.helpers import tier_id

START = date(2026, 10, 5)
W44 = datetime(2026, 10, 28, 9, 0, tzinfo=UTC)  # Wednesday of 2026-W44 (26 Oct to 1 Nov)


def _items(plan) -> dict[str, WeekItem]:
    return {item.key: item for item in plan.items}


def _contact(user: User, name: str, tier: str = "Close") -> int:
    # created on 5 October on a 21-day tier: due Monday 26 October (week 44)
    return create_contact(
        user, {"first_name": name, "tier_id": tier_id(user, tier)}, today=START
    ).id


def test_ticks_are_kept_and_new_items_added_on_replan(user: User) -> None:
    grace = _contact(user, "Grace")
    plan = plans.build_week(user, W44)
    assert plan.week == "2026-W44"
    assert list(_items(plan)) == [f"contact:{grace}"]

    item = _items(plan)[f"contact:{grace}"]
    plans.tick(user, item.id, now=W44.replace(tzinfo=None))
    touches = db.session.scalars(sa.select(Touch).where(Touch.contact_id == grace)).all()
    assert len(touches) == 1 and touches[0].summary == "Weekly plan 2026-W44"
    assert get_contact(user, grace).last_touch_on == date(2026, 10, 28)

    ada = _contact(user, "Ada")
    again = plans.build_week(user, W44 + timedelta(hours=2))
    assert again.id == plan.id
    items = _items(again)
    assert items[f"contact:{grace}"].ticked_at is not None  # the tick survived the re-plan
    assert items[f"contact:{ada}"].ticked_at is None  # and what is new was added
    assert len(items) == 2

    plans.untick(user, item.id)
    assert db.session.scalar(sa.select(sa.func.count(Touch.id))) == 0
    assert _items(plans.build_week(user, W44))[f"contact:{grace}"].ticked_at is None


def test_an_item_left_undone_rolls_once_then_drops_with_a_note(user: User) -> None:
    upskill = playbook.create_upskill(
        user, {"kind": "course", "title": "CKA", "target_on": "2026-10-30"}
    )
    app = services.create_application(
        user, {"company": "Globex", "role": "SRE"}, applied_on=START, today=START
    )
    stage = services.log_stage(
        user, app.id, {"kind": "interview", "occurred_on": "2026-10-31"}, today=START
    )
    done = _contact(user, "Done")
    first = _items(plans.build_week(user, W44))
    assert {f"upskill:{upskill.id}", f"prep:{stage.id}", f"contact:{done}"} == set(first)
    plans.tick(user, first[f"contact:{done}"].id, now=W44.replace(tzinfo=None))

    # week 45: the planner still lists the upskill step; the interview is past, so its
    # preparation is only carried over; the ticked contact is not carried (it is done)
    second = _items(plans.build_week(user, W44 + timedelta(weeks=1)))
    assert second[f"upskill:{upskill.id}"].state is ItemState.ROLLED
    assert second[f"upskill:{upskill.id}"].rolled_from == "2026-W44"
    assert second[f"prep:{stage.id}"].state is ItemState.ROLLED
    assert plans.note(second[f"prep:{stage.id}"]) == "Rolled over from 2026-W44."
    assert f"contact:{done}" not in second

    # week 46: left undone again, both drop with a note and cannot be ticked
    third = _items(plans.build_week(user, W44 + timedelta(weeks=2)))
    for key in (f"upskill:{upskill.id}", f"prep:{stage.id}"):
        assert third[key].state is ItemState.DROPPED
        assert "Left undone since 2026-W44" in plans.note(third[key])
    with pytest.raises(NotFound):
        plans.tick(user, third[f"upskill:{upskill.id}"].id)

    # week 47: the prep is gone for good; the step, still due, is planned afresh
    fourth = _items(plans.build_week(user, W44 + timedelta(weeks=3)))
    assert f"prep:{stage.id}" not in fourth
    assert fourth[f"upskill:{upskill.id}"].state is ItemState.PLANNED


def test_a_ticked_item_does_not_roll(user: User) -> None:
    upskill = playbook.create_upskill(
        user, {"kind": "course", "title": "CKA", "target_on": "2026-10-30"}
    )
    first = _items(plans.build_week(user, W44))
    plans.tick(user, first[f"upskill:{upskill.id}"].id)
    second = _items(plans.build_week(user, W44 + timedelta(weeks=1)))
    assert second[f"upskill:{upskill.id}"].state is ItemState.PLANNED


def test_the_week_follows_the_users_clock_across_the_dst_change(user: User) -> None:
    _contact(user, "Grace")
    user.timezone = "Europe/Berlin"
    db.session.commit()
    # Berlin leaves summer time on Sunday 25 October 2026: 22:30 UTC is 23:30 there (CET)
    sunday = plans.build_week(user, datetime(2026, 10, 25, 22, 30, tzinfo=UTC))
    assert sunday.week == "2026-W43"
    assert list(_items(sunday)) == []  # Grace is due on Monday 26th: not this week
    # an hour later it is Monday in Berlin: week 44, with Grace due that day
    monday = plans.build_week(user, datetime(2026, 10, 25, 23, 30, tzinfo=UTC))
    assert monday.week == "2026-W44"
    assert [i.state for i in monday.items] == [ItemState.PLANNED]
    # the same instant is still Sunday in Los Angeles
    user.timezone = "America/Los_Angeles"
    db.session.commit()
    assert plans.current_label(user, datetime(2026, 10, 25, 23, 30)) == "2026-W43"


def test_another_users_item_is_not_found(user: User, make_user) -> None:
    _contact(user, "Grace")
    item = plans.build_week(user, W44).items[0]
    other = make_user("eve@example.com")
    with pytest.raises(NotFound):
        plans.tick(other, item.id)
    with pytest.raises(NotFound):
        plans.untick(other, item.id)


def test_week_labels_shift_across_years() -> None:
    assert plans.shift("2026-W53", 1) == "2027-W01"
    assert plans.shift("2027-W01", -1) == "2026-W53"


def test_a_week_planned_early_gets_its_roll_overs_once_last_week_has_ended(user: User) -> None:
    upskill = playbook.create_upskill(
        user, {"kind": "course", "title": "CKA", "target_on": "2026-10-30"}
    )
    key = f"upskill:{upskill.id}"
    plans.build_week(user, W44)
    early = _items(plans.build_week(user, W44, "2026-W45"))  # week 44 is not over yet
    assert early[key].state is ItemState.PLANNED
    in_time = _items(plans.build_week(user, W44 + timedelta(weeks=1)))
    assert in_time[key].state is ItemState.ROLLED and in_time[key].rolled_from == "2026-W44"


def test_writing_goal_items_tick_when_met_and_never_roll_over(user: User) -> None:
    from service.models import Draft, DraftKind, DraftStatus
    from service.week.digest import set_goals

    set_goals(user, posts=1, comments=0)
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    plan = plans.build_week(user, monday)
    (item,) = plan.items
    assert (item.key, item.ticked_at) == ("goal:post", None)
    sent = datetime(2026, 11, 24, 9, 0)
    db.session.add(
        Draft(user_id=user.id, kind=DraftKind.POST_OPEN, status=DraftStatus.SENT, sent_at=sent)
    )
    db.session.commit()
    plan = plans.build_week(user, monday + timedelta(days=2))
    (item,) = plan.items
    assert item.ticked_at is not None and item.why == "Goal met this week."
    # a week with its goal unmet: next week's item is a fresh one, not rolled over
    plans.build_week(user, monday + timedelta(days=7))
    plan = plans.build_week(user, monday + timedelta(days=14))
    (item,) = plan.items
    assert (item.state.value, item.rolled_from) == ("planned", None)
