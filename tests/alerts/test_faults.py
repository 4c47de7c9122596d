"""Fault tests of delivery (issue 8, "Done when" 2) with real worker and tick processes: workers
killed with SIGKILL mid-send lose no alert and repeat one at most once, with its event id; a
webhook that is down and an SMTP server that refuses are retried until they take the alert."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from service.alerts import services
from service.alerts.outbox import write_alerts
from service.auth.services import create_user
from service.clock import utcnow
from service.extensions import db
from service.models import Alert, AlertStatus, Channel, ChannelKind, User
from tests.alerts.factories import Board, watched_board
from tests.alerts.sinks import SmtpSink, WebhookReceiver
from tests.boards.servers import Handler, LoopbackServer
from tests.helpers import PASSWORD
from tests.watch.processes import Processes, detached, released, wait_for

pytestmark = pytest.mark.usefixtures("connect_guard")
ROUNDS = 5


@dataclass
class DyingReceiver(WebhookReceiver):
    """While ``catching``, the first request of each alert never gets its answer (its worker is
    killed meanwhile); with ``take_first`` the receiver keeps that message before hanging."""

    catching: bool = True
    take_first: bool = False
    caught: threading.Event = field(default_factory=threading.Event)
    hung: set[str] = field(default_factory=set)

    def route(self, handler: Handler) -> None:
        received = self.server.received[-1]
        event = received.headers.get("x-nextround-event-id", "")
        if not self.catching or event in self.hung:
            super().route(handler)
            return
        self.hung.add(event)
        if self.take_first:
            self.accepted.append((event, {"caught": True}))
        self.caught.set()
        self.server.stopping.wait(30)  # until the test ends: the worker dies first


@pytest.fixture
def alert_lease_seconds() -> int:
    return 3


def quiet_board(user: User) -> Board:
    """A watched board that the tick never polls (its rows are written by the test)."""
    board = watched_board(user)
    board.source.next_due_at = utcnow() + timedelta(days=365)
    db.session.commit()
    return board


def alerts_on(channel_id: int) -> list[Alert]:
    query = sa.select(Alert).where(Alert.channel_id == channel_id).order_by(Alert.id)
    return detached(list(db.session.scalars(query)))


def all_sent(channel_id: int) -> bool:
    return all(a.status is AlertStatus.SENT for a in alerts_on(channel_id))


def test_workers_killed_mid_delivery_lose_no_alert_and_repeat_one_at_most_once(
    live_app: Flask, live: Processes, server: LoopbackServer
) -> None:
    user = create_user("killed@example.com", PASSWORD)
    receiver = DyingReceiver(server)
    hook = services.create_channel(user, {"kind": "webhook", "webhook_url": receiver.url})
    receiver.secret, hook_id = hook.webhook_secret or "", hook.id
    board = quiet_board(user)
    matches = [board.match(f"Data Engineer {n}").id for n in range(ROUNDS)]
    live.start("tick", "-m", "workers.tick", "--interval", "0.2")
    write_alerts(matches)
    db.session.rollback()  # hold no SQLite lock while the processes work

    taken_first: set[str] = set()
    for n in range(ROUNDS):
        receiver.take_first = n % 2 == 0  # half the workers die after the receiver took it
        receiver.caught.clear()
        live.worker(f"k{n}")
        wait_for(receiver.caught.is_set, live)  # a delivery is mid-send
        live.kill(f"k{n}")
        if receiver.take_first:
            taken_first.add(receiver.accepted[-1][0])
    receiver.catching = False
    live.worker("w1")
    wait_for(lambda: all_sent(hook_id), live, seconds=90)

    alerts = alerts_on(hook_id)
    assert len(alerts) == ROUNDS and len(receiver.hung) == ROUNDS  # each died on one alert
    deliveries = Counter(receiver.event_ids())
    assert set(deliveries) == {a.event_id for a in alerts}  # every alert arrived
    for alert in alerts:  # a repeat only where the receiver had it before the kill
        assert deliveries[alert.event_id] == (2 if alert.event_id in taken_first else 1)
    assert receiver.bad_signatures == 0
    in_app = (
        sa.select(sa.func.count(Alert.id)).join(Channel).where(Channel.kind == ChannelKind.IN_APP)
    )
    assert released(db.session.scalar(in_app)) == ROUNDS


def test_a_webhook_down_and_a_refusing_smtp_server_are_retried_until_they_take_it(
    live_app: Flask, live: Processes, smtp_sink: SmtpSink, receiver: WebhookReceiver
) -> None:
    user = create_user("retried@example.com", PASSWORD)
    mail = services.create_channel(user, {"kind": "email"})
    hook = services.create_channel(user, {"kind": "webhook", "webhook_url": receiver.url})
    receiver.secret, receiver.failing = hook.webhook_secret or "", 2
    mail_id, hook_id = mail.id, hook.id
    smtp_sink.refuse = (451, "4.3.0 Try again later")
    board = quiet_board(user)
    write_alerts([board.match("Data Engineer").id])
    db.session.rollback()  # hold no SQLite lock while the processes work
    live.worker("w1")
    live.start("tick", "-m", "workers.tick", "--interval", "0.2")

    def refused_twice() -> bool:
        [alert] = alerts_on(mail_id)
        return alert.attempts >= 2 and alert.status is AlertStatus.PENDING

    wait_for(refused_twice, live)
    [waiting] = alerts_on(mail_id)
    assert "451" in (waiting.last_error or "")  # the row keeps the server's answer
    assert smtp_sink.messages == []

    wait_for(lambda: all_sent(hook_id), live)  # the webhook came back on the third try
    [hooked] = alerts_on(hook_id)
    assert hooked.attempts == 3 and hooked.last_error is None
    assert receiver.attempts == 3 and receiver.event_ids() == [hooked.event_id]

    smtp_sink.refuse = None  # the mail server takes mail again
    wait_for(lambda: all_sent(mail_id), live)
    [mailed] = alerts_on(mail_id)
    [message] = smtp_sink.messages
    assert message["X-NextRound-Event-Id"] == mailed.event_id
    assert mailed.attempts >= 3 and mailed.last_error is None
    channel = detached(db.session.get(Channel, hook_id))
    assert channel is not None and channel.paused_at is None and channel.consecutive_failures == 0
