"""Daily digests: the time to build and send ``BENCH_DIGESTS`` (1,000) of them through a real SMTP
sink (aiosmtpd on loopback), against plain sends of as many small messages in the same run.

Each user has a daily e-mail channel and ``BENCH_DIGEST_ALERTS`` (5) pending alerts for matches
at a watched past employer where they know a decision maker. The real path is the tick's
``open_due_digests`` (a digest row per channel taking its alerts) then the job body
``deliver_digest`` for each (claim, describe the warm path, render text and HTML, send over SMTP,
mark sent). The baseline opens one SMTP connection per message and sends a fixed small message,
as many times, to the same sink.
"""

from __future__ import annotations

import os
import smtplib
import sys
import time
from datetime import date
from email.message import EmailMessage
from typing import Any

from tests.bench.common import print_table, result, workspace

DIGESTS = int(os.environ.get("BENCH_DIGESTS", "1000"))
ALERTS = int(os.environ.get("BENCH_DIGEST_ALERTS", "5"))
BOARDS = 20
TITLES = ("Senior Data Engineer", "Data Platform Lead", "Analytics Engineer", "ML Engineer")


def _populate() -> None:
    """Users with a watched company, a decision maker there, a daily channel and pending alerts."""
    import sqlalchemy as sa

    from service.extensions import db
    from service.models import (
        Alert,
        Cadence,
        Channel,
        ChannelKind,
        Company,
        CompanyRelation,
        Contact,
        ContactRole,
        Match,
        Source,
        User,
        Vacancy,
        Watch,
    )

    def insert(model: Any, rows: list[dict[str, Any]]) -> None:
        db.session.execute(sa.insert(model), rows)

    def ids(column: Any) -> list[int]:
        return list(db.session.scalars(sa.select(column).order_by(column)))

    insert(User, [{"email": f"user{n}@example.com", "password_hash": "-"} for n in range(DIGESTS)])
    users = ids(User.id)
    insert(
        Source,
        [
            {
                "identity": f"greenhouse:digest{b}",
                "ats": "greenhouse",
                "token": f"digest{b}",
                "url": f"https://boards.example.com/digest{b}",
                "request": {"url": f"https://boards.example.com/digest{b}"},
                "config": {},
                "interval_seconds": 3600,
            }
            for b in range(BOARDS)
        ],
    )
    sources = ids(Source.id)
    insert(
        Vacancy,
        [
            {
                "source_id": s,
                "external_id": str(n),
                "title": TITLES[n % len(TITLES)],
                "url": f"https://jobs.example.com/{s}/{n}",
                "location": "Berlin",
            }
            for s in sources
            for n in range(ALERTS)
        ],
    )
    vacancies: dict[int, list[int]] = {}
    for source_id, vacancy_id in db.session.execute(
        sa.select(Vacancy.source_id, Vacancy.id).order_by(Vacancy.id)
    ):
        vacancies.setdefault(source_id, []).append(vacancy_id)
    insert(
        Company,
        [
            {
                "user_id": u,
                "name": "Acme",
                "name_key": "acme",
                "notes": "",
                "relation": CompanyRelation.PAST_EMPLOYER,
            }
            for u in users
        ],
    )
    company = dict(db.session.execute(sa.select(Company.user_id, Company.id)).tuples().all())
    source_of = {u: sources[n % BOARDS] for n, u in enumerate(users)}
    insert(
        Watch,
        [{"user_id": u, "company_id": company[u], "source_id": source_of[u]} for u in users],
    )
    insert(
        Contact,
        [
            {
                "user_id": u,
                "first_name": "Daniel",
                "last_name": f"Okafor {u}",
                "company_id": company[u],
                "role": ContactRole.DECISION_MAKER,
                "tracking_since": date(2026, 1, 5),
            }
            for u in users
        ],
    )
    insert(
        Channel,
        [
            {
                "user_id": u,
                "kind": ChannelKind.EMAIL,
                "name": "Daily",
                "cadence": Cadence.DAILY,
                "digest_hour": 0,
                "email": f"user{u}@example.com",
            }
            for u in users
        ],
    )
    channel = dict(db.session.execute(sa.select(Channel.user_id, Channel.id)).tuples().all())
    reasons = ["title matches 'data engineer'", "in Berlin", "you used to work here"]
    insert(
        Match,
        [
            {"user_id": u, "vacancy_id": v, "score": 80, "matched": True, "reasons": reasons}
            for u in users
            for v in vacancies[source_of[u]]
        ],
    )
    found = db.session.execute(sa.select(Match.user_id, Match.vacancy_id, Match.id))
    match = {(u, v): m for u, v, m in found}
    insert(
        Alert,
        [
            {
                "user_id": u,
                "vacancy_id": v,
                "channel_id": channel[u],
                "match_id": match[(u, v)],
                "event_id": f"bench-{u}-{v}",
                "cadence": Cadence.DAILY,
            }
            for u in users
            for v in vacancies[source_of[u]]
        ],
    )
    db.session.commit()


def _bare_sends(port: int) -> float:
    """Seconds to send as many small messages, one SMTP connection each, to the same sink."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "Hi"
    message.set_content("A few lines of text.\n" * 20)
    start = time.perf_counter()
    for _ in range(DIGESTS):
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            smtp.send_message(message)
    return time.perf_counter() - start


def run() -> dict[str, dict[str, Any]]:
    from service import create_app
    from service.alerts.digests import deliver_digest, open_due_digests
    from service.extensions import db
    from service.models import AlertStatus
    from tests.alerts.sinks import SmtpSink

    sink = SmtpSink().start()
    try:
        with workspace() as (folder, redis_url):
            app = create_app(
                {
                    "NEXTROUND_ENV": "testing",
                    "SECRET_KEY": "bench" * 8,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                    "REDIS_URL": redis_url,
                    "RQ_QUEUE": f"bench-{os.getpid()}",
                    "SMTP_HOST": "127.0.0.1",
                    "SMTP_PORT": sink.port,
                    "SMTP_TLS": "none",
                    "SMTP_FROM": "Next Round <alerts@nextround.test>",
                    "PUBLIC_URL": "http://nextround.test",
                }
            )
            with app.app_context():
                db.create_all()
                _populate()
                baseline = _bare_sends(sink.port)
                sink.messages.clear()
                start = time.perf_counter()
                opened = open_due_digests()
                statuses = [deliver_digest(o.digest_id) for o in opened]
                elapsed = time.perf_counter() - start
                db.session.remove()
                db.engine.dispose()
    finally:
        sink.stop()
    assert len(opened) == DIGESTS and set(statuses) == {AlertStatus.SENT}, statuses[:3]
    assert len(sink.messages) == DIGESTS, len(sink.messages)
    print(
        f"  {DIGESTS:,} daily digests of {ALERTS} alerts each through aiosmtpd: {elapsed:.1f} s "
        f"({elapsed / DIGESTS * 1000:.1f} ms each); bare SMTP sends {baseline:.1f} s",
        flush=True,
    )
    return {
        "digests_1000_daily_build_and_send": result(elapsed, "s", baseline, higher_is_better=False),
    }


if __name__ == "__main__":
    print_table(run())
    sys.exit(0)
