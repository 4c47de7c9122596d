"""Delivering alerts (issue 8): once per channel, the warm path in every message, failures
saved and retried, webhooks signed and paused after repeated failures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from service.alerts import services
from service.alerts.delivery import deliver_alert
from service.alerts.outbox import write_alerts
from service.alerts.sweep import sweep
from service.clock import utcnow
from service.extensions import db
from service.models import Alert, AlertStatus, Channel, ChannelKind, User
from tests.alerts.factories import person, watched_board
from tests.alerts.sinks import SmtpSink, WebhookReceiver, body_text

pytestmark = pytest.mark.usefixtures("connect_guard")


def channels_for(user: User, receiver: WebhookReceiver, **webhook: object) -> tuple[int, int]:
    mail = services.create_channel(user, {"kind": "email"})
    hook = services.create_channel(
        user, {"kind": "webhook", "webhook_url": receiver.url, **webhook}
    )
    receiver.secret = hook.webhook_secret or ""
    return mail.id, hook.id


def alert_on(channel_id: int) -> Alert:
    found = db.session.scalar(sa.select(Alert).where(Alert.channel_id == channel_id))
    assert found is not None
    return found


def come_due(channel_id: int) -> None:
    """Move the channel's retries to now (the sweep runs on the clock, the jobs too)."""
    db.session.execute(
        sa.update(Alert)
        .where(Alert.channel_id == channel_id)
        .values(next_attempt_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()


def test_a_match_is_alerted_once_per_channel_naming_the_people_known_there(
    user: User, smtp_sink: SmtpSink, receiver: WebhookReceiver, run_worker: Callable[[], int]
) -> None:
    board = watched_board(user, "Acme")
    person(user, "Priya", "Shah", "Acme", "peer", date(2026, 9, 1))
    person(user, "Daniel", "Okafor", "Acme", "decision_maker", date(2026, 10, 3))
    mail_id, hook_id = channels_for(user, receiver)
    match = board.match("Senior Data Engineer", 85, ["title matches 'data engineer'", "remote"])

    written = write_alerts([match.id])
    assert len(written) == 3  # in the app, by e-mail, by webhook
    assert write_alerts([match.id]) == []  # a second run of matching writes nothing
    run_worker()

    [message] = smtp_sink.messages
    mail_alert = alert_on(mail_id)
    assert message["X-NextRound-Event-Id"] == mail_alert.event_id
    assert mail_alert.event_id in message["Message-ID"]
    assert message["To"] == user.email
    assert "Daniel Okafor" in message["Subject"]
    text, html = body_text(message, "plain"), unescape(body_text(message, "html"))
    for part in (text, html):
        assert "Senior Data Engineer" in part and "title matches 'data engineer'" in part
        assert part.index("Daniel Okafor") < part.index("Priya Shah")  # decision maker first
        assert "2026-10-03" in part  # when they were last in touch
        assert "https://jobs.example.com/" in part  # open the posting
        assert f"http://nextround.test/alerts/{mail_alert.id}/note/" in part  # draft a note
    [(event, payload)] = receiver.accepted
    hook_alert = alert_on(hook_id)
    assert event == payload["event_id"] == hook_alert.event_id
    assert receiver.bad_signatures == 0
    sent = payload["alert"]
    assert sent["score"] == 85 and sent["reasons"][1] == "remote"
    assert [p["name"] for p in sent["people"]] == ["Daniel Okafor", "Priya Shah"]
    assert sent["people"][0]["decision_maker"] is True
    assert sent["people"][0]["last_touch_on"] == "2026-10-03"
    assert [s["label"] for s in sent["next_steps"]] == [
        "Open the posting",
        "Draft a note to Daniel Okafor",
    ]
    statuses = db.session.scalars(sa.select(Alert.status).where(Alert.user_id == user.id))
    assert set(statuses) == {AlertStatus.SENT}


def test_a_delivery_job_run_twice_sends_once(
    user: User, smtp_sink: SmtpSink, receiver: WebhookReceiver
) -> None:
    board = watched_board(user)
    mail_id, hook_id = channels_for(user, receiver)
    write_alerts([board.match("Data Engineer").id])
    for channel_id in (mail_id, hook_id):
        alert_id = alert_on(channel_id).id
        assert deliver_alert(alert_id) is AlertStatus.SENT
        assert deliver_alert(alert_id) is None
    assert len(smtp_sink.messages) == 1 and len(receiver.accepted) == 1


@pytest.mark.parametrize("refusal", [(550, "5.1.1 Mailbox unavailable"), (451, "4.3.0 Try later")])
def test_a_refusing_smtp_server_leaves_the_error_on_the_row_and_it_is_retried(
    user: User, smtp_sink: SmtpSink, refusal: tuple[int, str], run_worker: Callable[[], int]
) -> None:
    board = watched_board(user)
    mail = services.create_channel(user, {"kind": "email", "email": "me@example.org"})
    smtp_sink.refuse = refusal
    write_alerts([board.match("Data Engineer").id])
    run_worker()

    alert = alert_on(mail.id)
    assert alert.status is AlertStatus.PENDING and alert.attempts == 1
    assert str(refusal[0]) in (alert.last_error or "")
    assert alert.next_attempt_at > utcnow()
    assert sweep() == 0  # not due yet

    come_due(mail.id)
    assert sweep() == 1  # its time has come: refused again
    run_worker()
    alert = alert_on(mail.id)
    assert alert.attempts == 2 and alert.status is AlertStatus.PENDING
    assert alert.next_attempt_at - utcnow() > timedelta(seconds=100)  # the backoff grows

    smtp_sink.refuse = None
    come_due(mail.id)
    sweep()
    run_worker()
    alert = alert_on(mail.id)
    assert alert.status is AlertStatus.SENT and alert.last_error is None
    [message] = smtp_sink.messages
    assert message["X-NextRound-Event-Id"] == alert.event_id
    assert message["To"] == "me@example.org"


def test_a_webhook_that_is_down_for_a_while_is_retried_then_delivered(
    user: User, receiver: WebhookReceiver, run_worker: Callable[[], int]
) -> None:
    board = watched_board(user)
    hook = services.create_channel(user, {"kind": "webhook", "webhook_url": receiver.url})
    receiver.secret, receiver.failing = hook.webhook_secret or "", 2
    write_alerts([board.match("Data Engineer").id])
    run_worker()
    for _ in range(2):
        alert = alert_on(hook.id)
        assert alert.status is AlertStatus.PENDING
        assert "503" in (alert.last_error or "")
        come_due(hook.id)
        sweep()
        run_worker()
    alert = alert_on(hook.id)
    assert alert.status is AlertStatus.SENT and alert.attempts == 3
    assert receiver.attempts == 3 and receiver.event_ids() == [alert.event_id]
    channel = db.session.get(Channel, hook.id, populate_existing=True)
    assert channel is not None and channel.consecutive_failures == 0 and channel.paused_at is None


def test_a_webhook_failing_again_and_again_is_paused_with_the_reason_then_resumed(
    user: User, receiver: WebhookReceiver, run_worker: Callable[[], int]
) -> None:
    board = watched_board(user)
    hook = services.create_channel(user, {"kind": "webhook", "webhook_url": receiver.url})
    receiver.secret, receiver.failing, receiver.fail_status = hook.webhook_secret or "", 99, 500
    write_alerts([board.match("Data Engineer").id, board.match("Data Analyst").id])
    run_worker()  # two failures
    come_due(hook.id)
    sweep()
    run_worker()  # the third failure in a row pauses it (CHANNEL_PAUSE_AFTER_FAILURES = 3)

    channel = db.session.get(Channel, hook.id, populate_existing=True)
    assert channel is not None and channel.paused_at is not None
    assert "3 failed deliveries" in (channel.paused_reason or "")
    assert "500" in (channel.paused_reason or "")
    tried = receiver.attempts
    come_due(hook.id)
    assert sweep() == 0
    assert run_worker() == 0 and receiver.attempts == tried  # paused: nothing is sent

    receiver.failing = 0
    services.resume_channel(user, hook.id)
    run_worker()
    assert len(receiver.accepted) == 2
    statuses = db.session.scalars(sa.select(Alert.status).where(Alert.channel_id == hook.id))
    assert set(statuses) == {AlertStatus.SENT}


def test_an_alert_whose_sender_died_mid_send_goes_again_with_the_same_event_id(
    user: User, receiver: WebhookReceiver, run_worker: Callable[[], int]
) -> None:
    """The SIGKILL test (test_faults.py) kills real workers; here the lease runs out by clock."""
    board = watched_board(user)
    hook = services.create_channel(user, {"kind": "webhook", "webhook_url": receiver.url})
    receiver.secret = hook.webhook_secret or ""
    write_alerts([board.match("Data Engineer").id])
    run_worker()
    alert = alert_on(hook.id)
    # As if the worker died after the receiver took it, before the row was marked sent:
    alert.status, alert.lease_until = AlertStatus.SENDING, utcnow() + timedelta(seconds=120)
    db.session.commit()
    assert sweep() == 0  # the lease still runs
    alert.lease_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert sweep() == 1
    run_worker()
    alert = alert_on(hook.id)
    assert alert.status is AlertStatus.SENT
    assert receiver.event_ids() == [alert.event_id, alert.event_id]  # one duplicate, same id


def test_in_app_alerts_are_delivered_by_being_written_and_counted_unread(user: User) -> None:
    board = watched_board(user)
    write_alerts([board.match("Data Engineer").id, board.match("Data Analyst").id])
    in_app = db.session.scalar(sa.select(Channel).where(Channel.kind == ChannelKind.IN_APP))
    assert in_app is not None
    assert services.unread_count(user) == 2
    rows, total = services.list_alerts(user, in_app=True)
    services.mark_read(user, rows[0].id)
    assert services.unread_count(user) == 1 and total == 2


def test_paused_and_dismissed_matches_and_baselines_get_no_alert(user: User) -> None:
    board = watched_board(user)
    baseline = board.match("Old Posting")
    baseline.baseline = True
    unmatched = board.match("Cook")
    unmatched.matched = False
    db.session.commit()
    assert write_alerts([baseline.id, unmatched.id]) == []
