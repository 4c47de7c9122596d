"""The weekly plan: a pure function from plain rows, a clock and a time zone to to-do items.

No database, no Flask, no "now" of its own: the same inputs always give the same plan, so the
scheduler, the page and the tests agree on what a week holds. The week is an ISO week (Monday to
Sunday) in the user's own time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from service.applications.links import draft_link

PREP_LOOKAHEAD_DAYS = 3
"""Interviews this many days after the week's Sunday are prepared for in the week."""
MATCHES_SHOWN = 10
"""New matches listed in a week (the best scores); the rest are counted in a note."""
STREAK_WEEKS = 52
"""How many past weeks of sent posts and comments the streak looks back over."""
_WEEK = re.compile(r"(\d{4})-W(\d{2})")


@dataclass(frozen=True)
class ContactRow:
    """A contact on a stay-in-touch tier."""

    id: int
    name: str
    next_due_on: date
    tier: str
    interval_days: int
    company: str | None = None


@dataclass(frozen=True)
class TodoRow:
    """A playbook to-do not done yet (thank-you, feedback request, keep-in-touch, post)."""

    id: int
    kind: str
    due_on: date
    label: str
    contact_id: int | None = None
    contact_name: str | None = None
    application_id: int | None = None
    company: str | None = None


@dataclass(frozen=True)
class UpskillRow:
    """An upskill item not finished yet."""

    id: int
    title: str
    kind: str
    progress: int
    target_on: date | None


@dataclass(frozen=True)
class StageRow:
    """A dated stage of an open application that the user meets the company at."""

    id: int
    application_id: int
    label: str
    occurred_on: date
    company: str
    role: str


@dataclass(frozen=True)
class MatchRow:
    """A new match (state new) with the person the user knows at its company, if any."""

    id: int
    vacancy_id: int
    title: str
    score: int
    created_at: datetime
    """When the match was made (naive means UTC, as stored)."""
    planned: bool = False
    """Whether an earlier week's plan already listed it."""
    company: str | None = None
    contact_id: int | None = None
    contact_name: str | None = None
    contact_role: str | None = None


@dataclass(frozen=True)
class SentRow:
    """A post or comment the user marked sent (``kind`` is "post" or "comment")."""

    kind: str
    sent_at: datetime


@dataclass(frozen=True)
class Goals:
    """The user's own weekly writing goals."""

    posts: int = 1
    comments: int = 3


@dataclass(frozen=True)
class PlanInput:
    contacts: list[ContactRow] = field(default_factory=list)
    todos: list[TodoRow] = field(default_factory=list)
    upskill: list[UpskillRow] = field(default_factory=list)
    stages: list[StageRow] = field(default_factory=list)
    matches: list[MatchRow] = field(default_factory=list)
    sent: list[SentRow] = field(default_factory=list)
    goals: Goals | None = None


@dataclass(frozen=True)
class PlanItem:
    """One line of the plan: what, why it is there, what it links to, and when it is due."""

    kind: str  # contact | todo | upskill | prep | match | post | comment
    key: str  # stable across re-plans of the same week (ticks are kept by it)
    title: str
    why: str
    link: str
    due: date
    overdue: bool = False
    draft: str | None = None


@dataclass(frozen=True)
class Week:
    """An ISO week in the user's time zone, and which of its days is "today" there."""

    year: int
    number: int
    today: date

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @cached_property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @cached_property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @cached_property
    def reference(self) -> date:
        """Before this day a due date is overdue: today inside the week, else its Monday."""
        return self.today if self.monday <= self.today <= self.sunday else self.monday


def local_today(now: datetime, zone: str) -> date:
    """The date on the user's own clock at ``now`` (naive means UTC, as stored)."""
    moment = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(zone)).date()


def week_of(now: datetime, zone: str, label: str | None = None) -> Week:
    """The ISO week called ``label`` (e.g. "2026-W48"), else the one the user is in now."""
    today = local_today(now, zone)
    if label is None:
        year, number, _ = today.isocalendar()
        return Week(year, number, today)
    match = _WEEK.fullmatch(label.strip())
    if match is None:
        raise ValueError(f"{label!r} is not an ISO week such as 2026-W48")
    year, number = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError as exc:
        raise ValueError(f"{year} has no week {number}") from exc
    return Week(year, number, today)


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(d: date) -> str:
    """ "Fri 27 Nov": in English whatever the process locale (strftime's %a is not)."""
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}"


def _contacts(rows: list[ContactRow], week: Week) -> list[PlanItem]:
    items = []
    due = [r for r in rows if r.next_due_on <= week.sunday]
    for c in sorted(due, key=lambda r: (r.next_due_on, r.interval_days, r.name, r.id)):
        overdue = c.next_due_on < week.reference
        when = f"overdue since {_day(c.next_due_on)}" if overdue else f"due {_day(c.next_due_on)}"
        at = f" at {c.company}" if c.company else ""
        items.append(
            PlanItem(
                kind="contact",
                key=f"contact:{c.id}",
                title=f"Get in touch with {c.name}{at}",
                why=f"{c.tier} (every {c.interval_days} days): {when}.",
                link=f"/contacts/{c.id}",
                due=c.next_due_on,
                overdue=overdue,
                draft=draft_link("keep-in-touch", c.id),
            )
        )
    return items


def _todos(rows: list[TodoRow], week: Week) -> list[PlanItem]:
    items = []
    due = [r for r in rows if r.due_on <= week.sunday]
    for t in sorted(due, key=lambda r: (r.due_on, r.id)):
        whom = f" to {t.contact_name}" if t.contact_name else ""
        why = f"Owed after the rejection at {t.company}" if t.company else "Offered by the playbook"
        link = f"/applications/{t.application_id}" if t.application_id else "/applications/upskill"
        items.append(
            PlanItem(
                kind="todo",
                key=f"todo:{t.id}",
                title=f"{t.label}{whom}",
                why=f"{why}; due {_day(t.due_on)}.",
                link=link,
                due=t.due_on,
                overdue=t.due_on < week.reference,
                draft=draft_link(t.kind, t.contact_id, t.application_id),
            )
        )
    return items


def _upskill(rows: list[UpskillRow], week: Week) -> list[PlanItem]:
    return [
        PlanItem(
            kind="upskill",
            key=f"upskill:{u.id}",
            title=f"{u.title} ({u.kind})",
            why=f"Upskill plan: {u.progress}% done, target {_day(u.target_on)}.",
            link="/applications/upskill",
            due=u.target_on,
            overdue=u.target_on < week.reference,
        )
        for u in sorted(rows, key=lambda r: (r.target_on or week.sunday, r.id))
        if u.target_on is not None and u.target_on <= week.sunday
    ]


def _prep(rows: list[StageRow], week: Week) -> list[PlanItem]:
    last = week.sunday + timedelta(days=PREP_LOOKAHEAD_DAYS)
    items = []
    for s in sorted(rows, key=lambda r: (r.occurred_on, r.id)):
        if not week.reference <= s.occurred_on <= last:
            continue
        items.append(
            PlanItem(
                kind="prep",
                key=f"prep:{s.id}",
                title=f"Prepare: {s.label} at {s.company}",
                why=f"{s.label} for {s.role} at {s.company} on {_day(s.occurred_on)}.",
                link=f"/applications/{s.application_id}",
                due=max(s.occurred_on - timedelta(days=1), week.reference),
            )
        )
    return items


def _matches(rows: list[MatchRow], week: Week, zone: str) -> list[PlanItem]:
    since = week.monday - timedelta(weeks=1)
    fresh = [
        r for r in rows if not r.planned or since <= local_today(r.created_at, zone) <= week.sunday
    ]
    fresh.sort(key=lambda r: (-r.score, r.id))
    shown, more = fresh[:MATCHES_SHOWN], len(fresh) - MATCHES_SHOWN
    items = []
    for number, m in enumerate(shown, start=1):
        at = f" at {m.company}" if m.company else ""
        if m.contact_id is not None:
            role = f" ({m.contact_role})" if m.contact_role else ""
            title = f"Tell {m.contact_name} about {m.title}{at}"
            why = f"New match, score {m.score}; you know {m.contact_name}{role} there."
            draft: str | None = draft_link("hiring", m.contact_id) + f"&vacancy={m.vacancy_id}"
        else:
            title = f"Look at {m.title}{at}"
            why = f"New match, score {m.score}; you know nobody there yet."
            draft = None
        if number == len(shown) and more > 0:
            why += f" And {more} more new match{'es' if more > 1 else ''} on the matches page."
        items.append(
            PlanItem(
                kind="match",
                key=f"match:{m.id}",
                title=title,
                why=why,
                link="/matches",
                due=min(max(local_today(m.created_at, zone), week.monday), week.sunday),
                draft=draft,
            )
        )
    return items


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _counts(rows: list[SentRow], zone: str) -> dict[tuple[str, str], int]:
    """Posts and comments sent per (ISO week label, kind) on the user's own clock."""
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        year, number, _ = local_today(r.sent_at, zone).isocalendar()
        key = (f"{year}-W{number:02d}", r.kind)
        counts[key] = counts.get(key, 0) + 1
    return counts


def streak(rows: list[SentRow], goals: Goals, week: Week, zone: str) -> int:
    """Consecutive weeks before ``week`` in which both goals were met."""
    counts = _counts(rows, zone)
    weeks = 0
    monday = week.monday
    while weeks < STREAK_WEEKS:
        monday -= timedelta(weeks=1)
        year, number, _ = monday.isocalendar()
        label = f"{year}-W{number:02d}"
        if counts.get((label, "post"), 0) < goals.posts:
            break
        if counts.get((label, "comment"), 0) < goals.comments:
            break
        weeks += 1
    return weeks


def _writing(rows: list[SentRow], goals: Goals | None, week: Week, zone: str) -> list[PlanItem]:
    if goals is None:
        return []
    counts = _counts(rows, zone)
    run = streak(rows, goals, week, zone)
    note = (
        f"Streak: {_plural(run, 'week')} in a row with both goals met."
        if run
        else "No streak yet: meet both goals this week to start one."
    )
    items = []
    for kind, goal, draft_kind in (
        ("post", goals.posts, "post-opinion"),
        ("comment", goals.comments, "comment"),
    ):
        done = counts.get((week.label, kind), 0)
        if done >= goal:
            continue
        left = goal - done
        items.append(
            PlanItem(
                kind=kind,
                key=f"goal:{kind}",
                title=f"Write {_plural(left, 'more ' + kind)}",
                why=f"Your goal: {_plural(goal, kind)} a week; {done} sent this week. {note}",
                link="/drafts",
                due=week.sunday,
                draft=draft_link(draft_kind),
            )
        )
    return items


ORDER = {"todo": 0, "prep": 1, "contact": 2, "match": 3, "upskill": 4, "post": 5, "comment": 6}


def plan_week(
    rows: PlanInput, now: datetime, zone: str, week_label: str | None = None
) -> tuple[Week, list[PlanItem]]:
    """The week and its items: to-dos owed, interview preparation, contacts due or overdue by
    tier, upskill steps due, new matches and whom to tell there, posts and comments still owed
    against the user's weekly goals; the soonest first, in the same order whatever the rows'
    order."""
    week = week_of(now, zone, week_label)
    items = [
        *_todos(rows.todos, week),
        *_prep(rows.stages, week),
        *_contacts(rows.contacts, week),
        *_upskill(rows.upskill, week),
        *_matches(rows.matches, week, zone),
        *_writing(rows.sent, rows.goals, week, zone),
    ]
    return week, sorted(items, key=lambda i: (i.due, ORDER[i.kind]))  # stable: tiers kept
