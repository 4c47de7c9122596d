"""The weekly digest: queued at the user's weekday and hour on their clock, built, and sent
once per week through a real SMTP sink and a signed webhook, however often its job runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from service.alerts.webhook import new_secret
from service.contacts.services import create_contact
from service.extensions import db
from service.models import Channel, ChannelKind, User, WeekPlan
from service.queue import get_queue
from service.week import digest
from tests.alerts.sinks import SmtpSink, WebhookReceiver, body_text
from tests.helpers import tier_id

# Wednesday 25 November 2026 (week 48); Berlin is UTC+1 in winter
BEFORE = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)  # 08:30 in Berlin
AT = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 09:00 in Berlin


def _setup(user: User, receiver: WebhookReceiver | None = None) -> None:
    user.timezone = "Europe/Berlin"
    create_contact(
        user,
        {"first_name": "Grace", "last_name": "Hopper", "tier_id": tier_id(user, "Close")},
        today=date(2026, 11, 2),
    )
    db.session.add(Channel(user_id=user.id, kind=ChannelKind.EMAIL, email="ada@example.com"))
    if receiver is not None:
        receiver.secret = new_secret()
        db.session.add(
            Channel(
                user_id=user.id,
                kind=ChannelKind.WEBHOOK,
                webhook_url=receiver.url,
                webhook_secret=receiver.secret,
            )
        )
    db.session.commit()
    digest.set_schedule(user, weekday=2, hour=9)


def test_due_at_the_users_weekday_and_hour_in_their_time_zone(user: User) -> None:
    _setup(user)
    digest.set_schedule(user, weekday=2, hour=9, enabled=False)
    assert digest.due_users(AT) == []  # the plan is not sent until the user turns it on
    digest.set_schedule(user, weekday=2, hour=9)
    assert digest.due_users(BEFORE) == []
    assert digest.due_users(AT) == [(user.id, "2026-W48")]
    # the same instant in Los Angeles is 00:00 Wednesday: not yet
    user.timezone = "America/Los_Angeles"
    db.session.commit()
    assert digest.due_users(AT) == []


def test_sent_once_per_week_even_when_the_job_runs_twice(
    user: User, smtp_sink: SmtpSink, receiver: WebhookReceiver, run_worker
) -> None:
    _setup(user, receiver)
    assert digest.schedule(AT) == 1
    assert digest.schedule(AT) == 0  # the fixed job id: queued once
    assert get_queue().job_ids == [f"week-{user.id}-2026-W48"]
    assert run_worker() == 1

    assert len(smtp_sink.messages) == 1
    message = smtp_sink.messages[0]
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Next Round: your week 2026-W48 — 1 to-do"
    text, html = body_text(message, "plain"), body_text(message, "html")
    assert "Get in touch with Grace Hopper" in text and "Keep in touch" in text
    assert "http://nextround.test/contacts/" in text
    assert "Get in touch with Grace Hopper" in html and "<h2" in html
    assert len(receiver.accepted) == 1 and receiver.bad_signatures == 0
    event, body = receiver.accepted[0]
    assert body["type"] == "week.plan" and body["week"] == "2026-W48"
    assert body["items"][0]["title"] == "Get in touch with Grace Hopper"
    assert event == message["X-NextRound-Event-Id"]

    # the job again, directly and through the queue: nothing more is sent
    assert digest.build_and_deliver(user.id, "2026-W48", AT) is False
    db.session.commit()
    assert digest.schedule(AT) == 0  # the plan is sent: the user is no longer due
    assert len(smtp_sink.messages) == 1 and len(receiver.accepted) == 1
    plan = db.session.scalar(sa.select(WeekPlan).where(WeekPlan.user_id == user.id))
    assert plan is not None and plan.sent_at is not None and plan.last_error is None


def test_two_jobs_racing_claim_the_digest_once(user: User, smtp_sink: SmtpSink) -> None:
    _setup(user)
    from service.week import plans

    plan = plans.build_week(user, AT, "2026-W48")
    assert digest.claim(plan.id, AT.replace(tzinfo=None)) is True
    assert digest.claim(plan.id, AT.replace(tzinfo=None)) is False
    assert digest.build_and_deliver(user.id, "2026-W48", AT) is False
    assert smtp_sink.messages == []


def test_a_digest_no_channel_took_is_tried_again_after_a_backoff(
    user: User, smtp_sink: SmtpSink
) -> None:
    _setup(user)
    smtp_sink.refuse = (550, "mailbox unavailable")
    assert digest.build_and_deliver(user.id, "2026-W48", AT) is True
    plan = db.session.scalar(sa.select(WeekPlan).where(WeekPlan.user_id == user.id))
    assert plan is not None and "550 mailbox unavailable" in (plan.last_error or "")
    assert plan.sent_at is None and plan.retry_at is not None and plan.attempts == 1
    # not queued again, nor taken, before its retry time (the alerts' backoff: 60 s here)
    assert digest.due_users(AT) == []
    assert digest.build_and_deliver(user.id, "2026-W48", AT) is False
    later = AT + timedelta(minutes=2)
    assert digest.due_users(later) == [(user.id, "2026-W48")]
    smtp_sink.refuse = None
    assert digest.build_and_deliver(user.id, "2026-W48", later) is True
    db.session.expire_all()
    assert plan.sent_at is not None and plan.last_error is None and plan.attempts == 2
    assert len(smtp_sink.messages) == 1
    assert digest.build_and_deliver(user.id, "2026-W48", later) is False
    assert len(smtp_sink.messages) == 1


def test_the_tick_queues_each_due_users_plan(app, user: User) -> None:
    import threading

    from service.week.plans import current_label
    from workers.tick import run

    digest.set_schedule(user, weekday=0, hour=0)  # due at any moment of the week
    label = current_label(user)
    db.session.commit()  # the tick's own session writes
    run(app, once=True, interval=0, stop=threading.Event())
    assert f"week-{user.id}-{label}" in get_queue().job_ids


def test_the_plan_hour_follows_the_users_clock_across_the_dst_change() -> None:
    def at(*args: int) -> datetime:
        return datetime(*args, tzinfo=UTC)

    # Monday 07:00 in Berlin: 05:00 UTC in summer time (30 March 2026), 06:00 UTC in winter
    assert digest.due_label(0, 7, "Europe/Berlin", at(2026, 3, 30, 4, 59)) is None
    assert digest.due_label(0, 7, "Europe/Berlin", at(2026, 3, 30, 5, 0)) == "2026-W14"
    assert digest.due_label(0, 7, "Europe/Berlin", at(2026, 10, 26, 5, 30)) is None
    assert digest.due_label(0, 7, "Europe/Berlin", at(2026, 10, 26, 6, 0)) == "2026-W44"
    # later in the week it stays due (a tick that missed the hour still sends)
    assert digest.due_label(0, 7, "Europe/Berlin", at(2026, 10, 31, 12, 0)) == "2026-W44"
    # an unknown zone name falls back to UTC
    assert digest.due_label(0, 7, "Nowhere/Else", at(2026, 10, 26, 7, 0)) == "2026-W44"
