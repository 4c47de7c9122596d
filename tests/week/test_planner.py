"""The pure weekly planner with a controlled clock: weeks, time zones, DST, each item kind."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from service.week.planner import (
    MATCHES_SHOWN,
    ContactRow,
    Goals,
    MatchRow,
    PlanInput,
    SentRow,
    StageRow,
    TodoRow,
    UpskillRow,
    local_today,
    plan_week,
    week_of,
)

# Wednesday 25 November 2026, 10:00 UTC: week 48 runs Mon 23 to Sun 29 November
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def _at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "zone", "week"),
    [
        (_at(2026, 11, 22, 23, 30), "UTC", "2026-W47"),  # Sunday night
        (_at(2026, 11, 23, 0, 30), "UTC", "2026-W48"),  # an hour later: Monday
        # one instant, three clocks: Auckland is already on Monday, Los Angeles on Sunday
        (_at(2026, 11, 22, 20, 0), "Pacific/Auckland", "2026-W48"),
        (_at(2026, 11, 22, 20, 0), "America/Los_Angeles", "2026-W47"),
        (_at(2026, 11, 23, 5, 0), "America/Los_Angeles", "2026-W47"),
        # Berlin leaves summer time on 25 October 2026: 22:30 UTC is 23:30 Sunday (CET)
        (_at(2026, 10, 25, 22, 30), "Europe/Berlin", "2026-W43"),
        # and enters it on 29 March 2026: 22:30 UTC is already 00:30 Monday (CEST)
        (_at(2026, 3, 29, 22, 30), "Europe/Berlin", "2026-W14"),
        # New York falls back on 1 November 2026: 04:30 UTC is 23:30 Sunday (EST)
        (_at(2026, 11, 2, 4, 30), "America/New_York", "2026-W44"),
        (_at(2026, 11, 2, 5, 30), "America/New_York", "2026-W45"),
        # the ISO year is not the calendar year at its edges
        (_at(2027, 1, 1, 12, 0), "UTC", "2026-W53"),
    ],
)
def test_the_week_follows_the_users_own_clock(now: datetime, zone: str, week: str) -> None:
    assert week_of(now, zone).label == week


def test_a_naive_clock_is_utc() -> None:
    assert local_today(datetime(2026, 11, 22, 20, 0), "Pacific/Auckland") == date(2026, 11, 23)


def test_a_named_week_and_bad_names() -> None:
    week = week_of(WEDNESDAY, "UTC", "2026-W50")
    assert (week.monday, week.sunday, week.reference) == (
        date(2026, 12, 7),
        date(2026, 12, 13),
        date(2026, 12, 7),
    )
    for label in ("2026-48", "2025-W53", "2026-W00", "next week"):
        with pytest.raises(ValueError, match=r"ISO week|has no week"):
            week_of(WEDNESDAY, "UTC", label)


def _contact(i: int, due: date, tier: str = "Decision makers", every: int = 42) -> ContactRow:
    return ContactRow(i, f"Person {i}", due, tier, every, "Initech")


def test_contacts_due_or_overdue_in_the_week_and_not_later() -> None:
    rows = PlanInput(
        contacts=[
            _contact(1, date(2026, 11, 10)),  # overdue
            _contact(2, date(2026, 11, 27)),  # due Friday
            _contact(3, date(2026, 11, 30)),  # next Monday: not this week
            _contact(4, date(2026, 11, 27), "Close", 21),  # same day, closer tier: first
        ]
    )
    week, items = plan_week(rows, WEDNESDAY, "UTC")
    assert week.label == "2026-W48"
    assert [i.key for i in items] == ["contact:1", "contact:4", "contact:2"]
    assert plan_week(PlanInput(contacts=rows.contacts[::-1]), WEDNESDAY, "UTC")[1] == items
    overdue, close, due = items
    assert overdue.overdue and "overdue since Tue 10 Nov" in overdue.why
    assert close.why == "Close (every 21 days): due Fri 27 Nov." and not close.overdue
    assert due.link == "/contacts/2" and due.draft == "/drafts/new?kind=keep-in-touch&contact=2"
    # Monday's due date is overdue on Wednesday, not on Monday
    monday = [_contact(5, date(2026, 11, 23))]
    assert plan_week(PlanInput(contacts=monday), WEDNESDAY, "UTC")[1][0].overdue
    early = _at(2026, 11, 23, 8, 0)
    assert not plan_week(PlanInput(contacts=monday), early, "UTC")[1][0].overdue


def test_todos_owed_this_week_with_their_drafts() -> None:
    rows = PlanInput(
        todos=[
            TodoRow(1, "thank-you", date(2026, 11, 26), "Thank-you note", 7, "Bill", 3, "Initech"),
            TodoRow(2, "post-milestone", date(2026, 12, 2), "Post about the milestone"),
            TodoRow(3, "post-milestone", date(2026, 11, 29), "Post about the milestone"),
        ]
    )
    _, items = plan_week(rows, WEDNESDAY, "UTC")
    assert [i.key for i in items] == ["todo:1", "todo:3"]
    thanks, post = items
    assert thanks.title == "Thank-you note to Bill"
    assert thanks.why == "Owed after the rejection at Initech; due Thu 26 Nov."
    assert thanks.draft == "/drafts/new?kind=thank-you&contact=7&application=3"
    assert thanks.link == "/applications/3"
    assert post.draft == "/drafts/new?kind=post-milestone" and post.link == "/applications/upskill"


def test_upskill_steps_with_a_target_in_the_week() -> None:
    rows = PlanInput(
        upskill=[
            UpskillRow(1, "CKA", "course", 60, date(2026, 11, 28)),
            UpskillRow(2, "Mock interviews", "practice", 0, None),
            UpskillRow(3, "Open source", "project", 10, date(2026, 12, 20)),
            UpskillRow(4, "Mentor call", "mentor", 0, date(2026, 11, 1)),
        ]
    )
    _, items = plan_week(rows, WEDNESDAY, "UTC")
    assert [(i.key, i.overdue) for i in items] == [("upskill:4", True), ("upskill:1", False)]
    assert items[1].why == "Upskill plan: 60% done, target Sat 28 Nov."


def test_interview_preparation_for_what_is_coming() -> None:
    def stage(i: int, day: date) -> StageRow:
        return StageRow(i, 10 + i, "Interview, round 2", day, "Initech", "SRE")

    rows = PlanInput(
        stages=[
            stage(1, date(2026, 11, 24)),  # yesterday: too late
            stage(2, date(2026, 11, 27)),  # Friday: prepare Thursday
            stage(3, date(2026, 12, 1)),  # next Tuesday: still prepared for this week
            stage(4, date(2026, 12, 4)),  # next Friday: next week's job
            stage(5, date(2026, 11, 25)),  # today: prepare today
        ]
    )
    _, items = plan_week(rows, WEDNESDAY, "UTC")
    assert [(i.key, i.due) for i in items] == [
        ("prep:5", date(2026, 11, 25)),
        ("prep:2", date(2026, 11, 26)),
        ("prep:3", date(2026, 11, 30)),
    ]
    assert items[1].why == "Interview, round 2 for SRE at Initech on Fri 27 Nov."
    assert items[1].link == "/applications/12" and items[1].draft is None


def test_same_rows_same_plan_and_what_is_left_rolls_into_next_week() -> None:
    rows = PlanInput(
        contacts=[_contact(1, date(2026, 11, 26))],
        todos=[TodoRow(2, "feedback-request", date(2026, 11, 26), "Ask for feedback", 7, "Bill")],
        stages=[StageRow(3, 4, "Final round", date(2026, 11, 27), "Initech", "SRE")],
    )
    _, monday = plan_week(rows, _at(2026, 11, 23, 9, 0), "UTC")
    _, friday = plan_week(rows, _at(2026, 11, 27, 9, 0), "UTC")
    assert [i.key for i in monday] == ["todo:2", "prep:3", "contact:1"]
    # on Friday the same items (same keys: ticks stay on them); the preparation is for today
    assert [i.key for i in friday] == ["todo:2", "contact:1", "prep:3"]
    assert friday[2].due == date(2026, 11, 27)
    assert not any(i.overdue for i in monday) and friday[0].overdue
    reversed_rows = PlanInput(
        contacts=rows.contacts[::-1], todos=rows.todos[::-1], stages=rows.stages[::-1]
    )
    assert plan_week(reversed_rows, _at(2026, 11, 23, 9, 0), "UTC")[1] == monday
    next_week, items = plan_week(rows, _at(2026, 11, 30, 9, 0), "UTC")
    assert next_week.label == "2026-W49"
    assert [(i.key, i.overdue) for i in items] == [("todo:2", True), ("contact:1", True)]


def test_the_same_instant_plans_different_days_in_different_zones() -> None:
    rows = PlanInput(contacts=[_contact(1, date(2026, 11, 23))])
    sunday_night_utc = _at(2026, 11, 22, 20, 0)
    la_week, la = plan_week(rows, sunday_night_utc, "America/Los_Angeles")
    nz_week, nz = plan_week(rows, sunday_night_utc, "Pacific/Auckland")
    assert (la_week.label, [i.key for i in la]) == ("2026-W47", [])
    assert (nz_week.label, [i.key for i in nz]) == ("2026-W48", ["contact:1"])
    assert not nz[0].overdue


# --- new matches and whom to tell there ------------------------------------------------------


def _match(i: int, score: int, created: datetime, **kw: object) -> MatchRow:
    return MatchRow(i, 100 + i, f"Role {i}", score, created, **kw)  # type: ignore[arg-type]


def test_a_new_match_says_whom_to_tell_with_a_hiring_draft() -> None:
    row = _match(
        1,
        88,
        _at(2026, 11, 24, 9, 0),
        company="Acme",
        contact_id=7,
        contact_name="Dana Boss",
        contact_role="decision maker",
    )
    _week, items = plan_week(PlanInput(matches=[row]), WEDNESDAY, "UTC")
    (item,) = items
    assert item.kind == "match" and item.key == "match:1"
    assert "Dana Boss" in item.title and "Acme" in item.title
    assert "score 88" in item.why and "decision maker" in item.why
    assert item.draft == "/drafts/new?kind=hiring&contact=7&vacancy=101"
    assert item.due == date(2026, 11, 24)


def test_a_match_with_nobody_known_has_no_draft() -> None:
    row = _match(2, 60, _at(2026, 11, 24, 9, 0), company="Acme")
    (item,) = plan_week(PlanInput(matches=[row]), WEDNESDAY, "UTC")[1]
    assert item.draft is None and "nobody" in item.why


def test_old_matches_already_planned_are_left_out_but_unplanned_ones_stay() -> None:
    old = _at(2026, 11, 1, 9, 0)
    rows = [
        _match(1, 90, old, planned=True),
        _match(2, 80, old, planned=False),
        # made in the previous week (W47 starts Mon 16 Nov): listed again even if planned
        _match(3, 70, _at(2026, 11, 16, 0, 30), planned=True),
        _match(4, 70, _at(2026, 11, 15, 23, 30), planned=True),  # Sunday of W46
    ]
    items = plan_week(PlanInput(matches=rows), WEDNESDAY, "UTC")[1]
    assert [i.key for i in items] == ["match:2", "match:3"]
    # in Auckland the Sunday-night match is already Monday of W47
    items = plan_week(PlanInput(matches=rows), WEDNESDAY, "Pacific/Auckland")[1]
    assert sorted(i.key for i in items) == ["match:2", "match:3", "match:4"]


def test_matches_are_capped_to_the_best_scores_and_the_rest_counted() -> None:
    created = _at(2026, 11, 23, 9, 0)
    rows = [_match(i, 50 + i, created) for i in range(1, 14)]
    items = plan_week(PlanInput(matches=rows), WEDNESDAY, "UTC")[1]
    assert len(items) == MATCHES_SHOWN == 10
    assert [i.key for i in items][:2] == ["match:13", "match:12"]
    assert "3 more new matches" in items[-1].why
    assert all("more new match" not in i.why for i in items[:-1])
    items = plan_week(PlanInput(matches=rows[:10]), WEDNESDAY, "UTC")[1]
    assert all("more new match" not in i.why for i in items)


# --- posts and comments against the weekly goals ---------------------------------------------


def _sent(kind: str, *moments: datetime) -> list[SentRow]:
    return [SentRow(kind, m) for m in moments]


def _writing(rows: list[SentRow], zone: str = "UTC", goals: Goals | None = None) -> list:
    items = plan_week(PlanInput(sent=rows, goals=goals or Goals()), WEDNESDAY, zone)[1]
    return [i for i in items if i.kind in {"post", "comment"}]


def test_goals_unmet_give_items_with_draft_links() -> None:
    items = _writing(_sent("comment", _at(2026, 11, 24, 8, 0)))
    post, comment = items
    assert post.title == "Write 1 more post" and post.draft == "/drafts/new?kind=post-opinion"
    assert comment.title == "Write 2 more comments" and comment.draft == "/drafts/new?kind=comment"
    assert "1 sent this week" in comment.why and "No streak yet" in comment.why
    assert post.due == date(2026, 11, 29)


def test_goals_met_give_no_items_and_no_goals_none() -> None:
    week = _sent("post", _at(2026, 11, 23, 8, 0)) + _sent(
        "comment", *[_at(2026, 11, 24, h, 0) for h in (8, 9, 10)]
    )
    assert _writing(week) == []
    assert _writing(week[:3]) != []  # a comment short
    assert _writing([], goals=Goals(posts=0, comments=0)) == []
    assert plan_week(PlanInput(), WEDNESDAY, "UTC")[1] == []  # no goals read: nothing


def _full_week(monday: datetime) -> list[SentRow]:
    return _sent("post", monday) + _sent("comment", monday, monday, monday)


def test_the_streak_counts_consecutive_past_weeks_with_both_goals_met() -> None:
    w47, w46, w45 = (_at(2026, 11, d, 12, 0) for d in (16, 9, 2))
    rows = _full_week(w47) + _full_week(w46) + _full_week(_at(2026, 10, 26, 12, 0))
    (post, _comment) = _writing(rows)
    assert "Streak: 2 weeks in a row" in post.why  # W45 missing breaks it before W44
    rows += _full_week(w45)
    assert "Streak: 4 weeks in a row" in _writing(rows)[0].why
    # last week a comment short: no streak
    assert "No streak yet" in _writing(_full_week(w46) + _full_week(w47)[:3])[0].why


def test_a_post_counts_in_the_week_of_the_users_own_clock() -> None:
    # Sunday 22 Nov 23:30 UTC is Monday 23 Nov in Berlin (week 48) but Sunday in UTC (week 47)
    late = _at(2026, 11, 22, 23, 30)
    rows = _sent("post", late) + _sent("comment", *[_at(2026, 11, 24, 8, 0)] * 3)
    assert [i.kind for i in _writing(rows, "UTC")] == ["post"]
    assert _writing(rows, "Europe/Berlin") == []
    # and in UTC it counted for last week: with its comments that week makes a streak of 1
    rows += _sent("comment", *[_at(2026, 11, 20, 8, 0)] * 3)
    assert "Streak: 1 week in a row" in _writing(rows, "UTC")[0].why
