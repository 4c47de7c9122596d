"""End to end (issue 8, "Done when" 1): real workers and the tick, a board, a webhook receiver and
an SMTP sink on loopback. A watched board gains a matching posting → one alert per channel naming
the person the user knows there, with the reasons; nothing for a posting that does not match, nor
for the polls that follow; the daily digest holds only what was not sent yet, and goes once."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
import sqlalchemy as sa
from flask import Flask
from rq.job import Job

from service.alerts import services
from service.alerts.content import describe
from service.alerts.digests import DIGEST_JOB
from service.auth.services import create_user
from service.companies.services import create_company
from service.extensions import db
from service.matching.profiles import create_profile
from service.models import Alert, AlertStatus, Channel, ChannelKind, Digest, Match, User, Vacancy
from service.queue import enqueue, redis_connection
from service.watch.services import add_watch
from tests.alerts.factories import person
from tests.alerts.sinks import SmtpSink, WebhookReceiver, body_text
from tests.boards.servers import LoopbackServer
from tests.helpers import PASSWORD
from tests.watch.boards import GreenhouseBoard, job
from tests.watch.processes import (
    Processes,
    count,
    detached,
    last_poll,
    polls_after,
    released,
    wait_for,
)

pytestmark = pytest.mark.usefixtures("connect_guard")

POSTING = "https://job-boards.greenhouse.io/acme/jobs/"


def alerts_of(external_id: str) -> dict[ChannelKind, list[Alert]]:
    """The alerts of the posting with this id, by the kind of their channel (read, released)."""
    query = (
        sa.select(Channel.kind, Alert)
        .join(Alert, Alert.channel_id == Channel.id)
        .join(Vacancy, Vacancy.id == Alert.vacancy_id)
        .where(Vacancy.external_id == external_id)
        .execution_options(populate_existing=True)
    )
    found: dict[ChannelKind, list[Alert]] = {}
    for kind, alert in db.session.execute(query):
        found.setdefault(kind, []).append(alert)
    return detached(found)


def sent(external_id: str) -> bool:
    statuses = [a.status for rows in alerts_of(external_id).values() for a in rows]
    return len(statuses) == 4 and set(statuses) <= {AlertStatus.SENT, AlertStatus.PENDING}


def a_day_passes(channel_id: int) -> None:
    """Move the channel's digests a day back, as if the latest went out yesterday."""
    rows = db.session.scalars(
        sa.select(Digest).where(Digest.channel_id == channel_id).order_by(Digest.period)
    ).all()
    for digest in rows:  # oldest first: each moves into a day no other digest holds
        digest.period = (date.fromisoformat(digest.period) - timedelta(days=1)).isoformat()
        db.session.flush()
    db.session.commit()


def digest_mails(sink: SmtpSink, to: str) -> list[str]:
    return [body_text(m, "plain") for m in sink.messages if m["To"] == to]


def setting_up(user: User, receiver: WebhookReceiver) -> dict[str, int]:
    """A past employer with two people, a profile, and three channels besides the in-app one."""
    create_company(user, {"name": "Acme", "relation": "past_employer"})
    person(user, "Priya", "Shah", "Acme", "peer", date(2026, 9, 1))
    person(user, "Daniel", "Okafor", "Acme", "decision_maker", date(2026, 10, 3))
    create_profile(user, {"name": "Data", "titles": ["data engineer"], "locations": ["Berlin"]})
    mail = services.create_channel(user, {"kind": "email"})
    hook = services.create_channel(user, {"kind": "webhook", "webhook_url": receiver.url})
    receiver.secret = hook.webhook_secret or ""
    daily = services.create_channel(
        user, {"kind": "email", "email": "digest@example.org", "cadence": "daily"}
    )
    return {"mail": mail.id, "hook": hook.id, "daily": daily.id}


def test_a_matching_posting_is_alerted_once_per_channel_and_digested_once(
    live_app: Flask,
    live: Processes,
    server: LoopbackServer,
    smtp_sink: SmtpSink,
    receiver: WebhookReceiver,
) -> None:
    user = create_user("e2e-alerts@example.com", PASSWORD)
    user_id, channels = user.id, setting_up(user, receiver)
    board = GreenhouseBoard(server, [job(1, "Data Engineer", "Berlin")])
    source_id = add_watch(user, board.url, "Acme", ats="greenhouse").source_id
    db.session.commit()
    live.worker("w1")
    live.worker("w2")
    live.start("tick", "-m", "workers.tick", "--interval", "0.2")

    # The first read is the baseline: its matching posting is shown, not alerted.
    wait_for(lambda: count(sa.select(Match.id).where(Match.user_id == user_id)) == 1, live)
    wait_for(lambda: count(sa.select(Digest.id)) == 1, live)  # today's digest: nothing in it

    board.jobs.append(job(2, "Senior Data Engineer", "Berlin"))
    board.jobs.append(job(3, "Account Executive", "Berlin"))
    wait_for(lambda: sent("2") and len(smtp_sink.messages) == 1 and receiver.accepted, live)
    mark = last_poll(source_id)
    wait_for(lambda: polls_after(source_id, mark) >= 3, live)  # the same board, read again

    by_kind = alerts_of("2")
    assert {kind: len(rows) for kind, rows in by_kind.items()} == {
        ChannelKind.IN_APP: 1,
        ChannelKind.EMAIL: 2,  # the immediate one and the daily one
        ChannelKind.WEBHOOK: 1,
    }
    assert alerts_of("1") == {} and alerts_of("3") == {}
    assert count(sa.select(Alert.id)) == 4

    [in_app] = by_kind[ChannelKind.IN_APP]
    [content] = describe([db.session.get(Alert, in_app.id)])
    released(None)
    assert content.title == "Senior Data Engineer"
    assert "title matches 'data engineer'" in content.reasons
    assert "you used to work here" in content.reasons
    assert [p.name for p in content.people] == ["Daniel Okafor", "Priya Shah"]

    [message] = smtp_sink.messages
    mail_alert = next(a for a in by_kind[ChannelKind.EMAIL] if a.channel_id == channels["mail"])
    assert mail_alert.status is AlertStatus.SENT
    assert message["X-NextRound-Event-Id"] == mail_alert.event_id
    assert "Daniel Okafor" in message["Subject"]
    text, html = body_text(message, "plain"), unescape(body_text(message, "html"))
    for part in (text, html):
        assert "Senior Data Engineer" in part and "title matches 'data engineer'" in part
        assert part.index("Daniel Okafor") < part.index("Priya Shah")  # decision maker first
        assert f"{POSTING}2" in part

    [(event, payload)] = receiver.accepted
    [hook_alert] = by_kind[ChannelKind.WEBHOOK]
    assert receiver.bad_signatures == 0  # every request carried a valid HMAC of its body
    assert event == payload["event_id"] == hook_alert.event_id
    assert payload["alert"]["vacancy"]["title"] == "Senior Data Engineer"
    assert "title matches 'data engineer'" in payload["alert"]["reasons"]
    assert payload["alert"]["people"][0]["name"] == "Daniel Okafor"
    assert payload["alert"]["people"][0]["decision_maker"] is True

    # The daily channel's alert waits for tomorrow's digest.
    [waiting] = [a for a in by_kind[ChannelKind.EMAIL] if a.channel_id == channels["daily"]]
    assert waiting.status is AlertStatus.PENDING
    a_day_passes(channels["daily"])
    wait_for(lambda: len(digest_mails(smtp_sink, "digest@example.org")) == 1, live)
    [first] = digest_mails(smtp_sink, "digest@example.org")
    assert f"{POSTING}2" in first and "Daniel Okafor" in first

    board.jobs.append(job(4, "Lead Data Engineer", "Berlin"))
    wait_for(lambda: sent("4") and len(receiver.accepted) == 2, live)
    a_day_passes(channels["daily"])

    def digest_holding_4() -> int | None:
        query = sa.select(Alert.digest_id).join(Vacancy).where(Vacancy.external_id == "4")
        return released(db.session.scalar(query.where(Alert.channel_id == channels["daily"])))

    wait_for(lambda: digest_holding_4() is not None, live)
    digest_id = digest_holding_4()
    again = enqueue(DIGEST_JOB, digest_id, job_id=f"digest-{digest_id}-again")  # a second run

    def again_done() -> bool:
        return Job.fetch(again.id, connection=redis_connection()).get_status() == "finished"

    wait_for(lambda: again_done() and len(digest_mails(smtp_sink, "digest@example.org")) >= 2, live)
    unsent = sa.select(Digest.id).where(Digest.status != AlertStatus.SENT)
    wait_for(lambda: count(unsent) == 0, live)
    mails = digest_mails(smtp_sink, "digest@example.org")
    assert len(mails) == 2  # the second run of the job sent nothing
    assert f"{POSTING}4" in mails[1] and f"{POSTING}2" not in mails[1]  # only what was not sent
    statuses = db.session.scalars(sa.select(Alert.status).where(Alert.user_id == user_id))
    assert released(set(statuses)) == {AlertStatus.SENT}
    assert len(smtp_sink.messages) == 4  # two immediate alerts, two digests
