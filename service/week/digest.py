"""The weekly plan built and delivered at each user's chosen weekday and hour, on their clock.

Every tick asks which users who turned the plan on (Settings) have reached their plan time this
week (``WeekSettings``: a weekday and hour in ``User.timezone``) with the plan not sent yet,
and queues one job per user under the fixed id ``week-<user id>-<ISO week>``. The job builds
the plan (keeping ticks) and claims the digest with a conditional UPDATE of ``sent_at``: a job
that runs twice, or two at once, sends the e-mail and the webhooks once. The digest goes
through the alerts' SMTP settings to the user's e-mail channels and is posted, signed, to
their webhook channels.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template

from service.alerts import channels, mail, webhook
from service.alerts.channels import backoff
from service.alerts.digests import local_zone
from service.alerts.errors import DeliveryFailed
from service.clock import utcnow
from service.errors import ValidationFailed
from service.extensions import db
from service.models import (
    Channel,
    ChannelKind,
    ItemState,
    User,
    WebhookFormat,
    WeekPlan,
    WeekSettings,
)
from service.queue import QueueUnavailable, enqueue_once
from service.week import plans

log = logging.getLogger(__name__)

WEEK_JOB = "workers.jobs.build_week"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_WEEKDAY, DEFAULT_HOUR = 0, 7
MAX_GOAL = 50
"""The most posts or comments a week a goal may ask for."""


def week_job_id(user_id: int, label: str) -> str:
    return f"week-{user_id}-{label}"


def settings_of(user: User) -> WeekSettings:
    """The user's plan settings, created with the defaults on first need (not committed)."""
    settings = db.session.get(WeekSettings, user.id)
    if settings is None:
        settings = WeekSettings(user_id=user.id, weekday=DEFAULT_WEEKDAY, hour=DEFAULT_HOUR)
        db.session.add(settings)
        db.session.flush()
    return settings


def set_goals(user: User, *, posts: int, comments: int) -> WeekSettings:
    """Set the user's weekly writing goals (posts and comments marked sent per week)."""
    if not (0 <= posts <= MAX_GOAL and 0 <= comments <= MAX_GOAL):
        raise ValidationFailed(f"Weekly goals run from 0 to {MAX_GOAL}.")
    settings = settings_of(user)
    settings.posts_per_week, settings.comments_per_week = posts, comments
    db.session.commit()
    return settings


def set_schedule(user: User, weekday: int, hour: int, *, enabled: bool = True) -> WeekSettings:
    settings = settings_of(user)
    settings.weekday, settings.hour = weekday % 7, max(0, min(hour, 23))
    settings.enabled = enabled
    db.session.commit()
    return settings


def due_label(weekday: int, hour: int, zone: str, now: datetime) -> str | None:
    """The user's current ISO week if its plan time (local weekday and hour) has come."""
    local = now.replace(tzinfo=None).replace(tzinfo=local_zone("UTC")).astimezone(local_zone(zone))
    year, number, day = local.isocalendar()
    if (day - 1, local.hour) < (weekday, hour):
        return None
    return plans.week_label(year, number)


def due_users(now: datetime) -> list[tuple[int, str]]:
    """(user id, ISO week) of each user who turned the weekly plan on, whose plan time has come
    and whose plan is not sent."""
    rows = db.session.execute(
        sa.select(User.id, User.timezone, WeekSettings.weekday, WeekSettings.hour)
        .join(WeekSettings, WeekSettings.user_id == User.id)
        .where(WeekSettings.enabled.is_(True))
    ).all()
    wanted = {}
    for user_id, zone, weekday, hour in rows:
        label = due_label(
            DEFAULT_WEEKDAY if weekday is None else weekday,
            DEFAULT_HOUR if hour is None else hour,
            zone,
            now,
        )
        if label is not None:
            wanted[user_id] = label
    if not wanted:
        return []
    sent = {
        (user_id, week)
        for user_id, week in db.session.execute(
            sa.select(WeekPlan.user_id, WeekPlan.week).where(
                WeekPlan.week.in_(set(wanted.values())),
                sa.or_(WeekPlan.sent_at.is_not(None), WeekPlan.retry_at > now.replace(tzinfo=None)),
            )
        )
    }
    return [(u, label) for u, label in wanted.items() if (u, label) not in sent]


def schedule(now: datetime | None = None) -> int:
    """Queue the build-and-deliver job of each due user once; the number queued."""
    due = due_users(now or utcnow())
    db.session.commit()  # no transaction stays open while Redis is asked
    queued = 0
    try:
        for user_id, label in due:
            job = enqueue_once(WEEK_JOB, user_id, label, job_id=week_job_id(user_id, label))
            queued += job is not None
    except QueueUnavailable as exc:
        log.warning("weekly plans: %s; they wait for the next tick", exc)
    return queued


@dataclass(frozen=True)
class Line:
    """An item as a message shows it (absolute links)."""

    kind: str
    title: str
    why: str
    link: str
    draft: str | None
    due: date
    note: str


KIND_HEADINGS = {
    "todo": "Owed after a rejection",
    "prep": "Interview preparation",
    "contact": "Keep in touch",
    "match": "New matches: whom to tell",
    "upskill": "Upskill plan",
    "post": "Posts against your weekly goal",
    "comment": "Comments against your weekly goal",
}


def absolute(path: str | None) -> str | None:
    if not path:
        return path
    if "://" in path:
        return path
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def lines(plan: WeekPlan) -> list[Line]:
    """The plan's to-dos (not ticked, not dropped), in order."""
    return [
        Line(
            i.kind,
            i.title,
            i.why,
            absolute(i.link) or "",
            absolute(i.draft),
            i.due,
            plans.note(i),
        )
        for i in plan.items
        if i.ticked_at is None and i.state is not ItemState.DROPPED
    ]


def grouped(items: list[Any]) -> list[tuple[str, list[Any]]]:
    """Items by kind, in the planner's kind order, each group's heading first."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(item.kind, []).append(item)
    return [(KIND_HEADINGS.get(k, k), groups[k]) for k in KIND_HEADINGS if k in groups]


def subject(label: str, count: int) -> str:
    return f"Next Round: your week {label} — {count} to-do{'' if count == 1 else 's'}"


def email(plan: WeekPlan, to: str, sender: str, items: list[Line]) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"] = sender, to
    message["Subject"] = subject(plan.week, len(items))
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = mail.message_id(plan.event_id, sender)
    message[mail.EVENT_HEADER] = plan.event_id
    context = {
        "week": plan.week,
        "groups": grouped(items),
        "count": len(items),
        "page": absolute(f"/week/{plan.week}"),
    }
    message.set_content(render_template("week/email/plan.txt", **context))
    message.add_alternative(render_template("week/email/plan.html", **context), subtype="html")
    return message


def webhook_body(fmt: WebhookFormat, plan: WeekPlan, items: list[Line]) -> bytes:
    text = f"Next Round: your week {plan.week} ({len(items)} to-dos)\n" + "\n".join(
        f"- {i.title}: {i.why} {i.link}" for i in items
    )
    payload: dict[str, Any]
    if fmt is WebhookFormat.SLACK:
        payload = {"text": text[: webhook.SLACK_LIMIT]}
    elif fmt is WebhookFormat.DISCORD:
        payload = {"content": text[: webhook.DISCORD_LIMIT]}
    else:
        payload = {
            "type": "week.plan",
            "event_id": plan.event_id,
            "week": plan.week,
            "items": [
                {
                    "kind": i.kind,
                    "title": i.title,
                    "why": i.why,
                    "link": i.link,
                    "draft": i.draft,
                    "due": i.due.isoformat(),
                    "note": i.note,
                }
                for i in items
            ],
        }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def claim(plan_id: int, now: datetime) -> bool:
    """Take the week's digest for sending: true for one caller only."""
    taken = db.session.execute(
        sa.update(WeekPlan)
        .where(
            WeekPlan.id == plan_id,
            WeekPlan.sent_at.is_(None),
            sa.or_(WeekPlan.retry_at.is_(None), WeekPlan.retry_at <= now),
        )
        .values(sent_at=now, attempts=WeekPlan.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(getattr(taken, "rowcount", 0))


def build_and_deliver(user_id: int, label: str, now: datetime | None = None) -> bool:
    """The job body: build the user's plan for ``label`` and send its digest once.

    True when this call took it (False: already sent, waiting for a retry, or the user is
    gone). A channel that refuses is noted on the plan and on the channel; when no channel took
    the digest it is released for a later tick, after the alerts' backoff, until
    ALERT_MAX_ATTEMPTS tries.
    """
    now = now or utcnow()
    user = db.session.get(User, user_id)
    if user is None:
        return False
    plan = plans.build_week(user, now, label)
    if plan.sent_at is not None or not claim(plan.id, now.replace(tzinfo=None)):
        return False
    destinations = [
        channels.Destination.of(c, user)
        for c in db.session.scalars(
            sa.select(Channel)
            .where(
                Channel.user_id == user.id,
                Channel.kind.in_([ChannelKind.EMAIL, ChannelKind.WEBHOOK]),
                Channel.id.in_(channels.deliverable()),
            )
            .order_by(Channel.id)
        )
    ]
    items = lines(plan)
    attempts = plan.attempts
    db.session.commit()
    delivered, errors = send(plan, destinations, items)
    values: dict[str, object] = {"last_error": "; ".join(errors) or None}
    last = attempts >= current_app.config["ALERT_MAX_ATTEMPTS"]
    if destinations and not delivered and not last:
        # it reached no channel: released, and tried again by a later tick after a backoff
        values.update(sent_at=None, retry_at=now.replace(tzinfo=None) + backoff(attempts))
    db.session.execute(sa.update(WeekPlan).where(WeekPlan.id == plan.id).values(**values))
    db.session.commit()
    return True


def send(
    plan: WeekPlan, destinations: list[channels.Destination], items: list[Line]
) -> tuple[int, list[str]]:
    """Send to each channel (e-mails over one SMTP connection); how many took it, the errors."""
    errors: list[str] = []
    delivered = 0
    now = utcnow()
    mails = [d for d in destinations if d.kind is ChannelKind.EMAIL]
    if mails:
        settings = mail.SmtpSettings.from_config()
        messages = [email(plan, d.email or "", settings.sender, items) for d in mails]
        try:
            mail.send_messages(settings, messages)
            delivered += len(mails)
            for d in mails:
                channels.record_success(d.channel_id, now)
        except DeliveryFailed as exc:
            errors.append(exc.message)
            for d in mails:
                channels.record_failure(d.channel_id, exc.message, now)
    for d in destinations:
        if d.kind is not ChannelKind.WEBHOOK:
            continue
        try:
            body = webhook_body(d.fmt, plan, items)
            webhook.post(d.webhook_url or "", d.secret, plan.event_id, body)
            delivered += 1
            channels.record_success(d.channel_id, now)
        except DeliveryFailed as exc:
            errors.append(exc.message)
            channels.record_failure(d.channel_id, exc.message, now)
    return delivered, errors


def next_time(settings: WeekSettings) -> str:
    return f"{WEEKDAYS[settings.weekday]}s at {settings.hour:02d}:00"
