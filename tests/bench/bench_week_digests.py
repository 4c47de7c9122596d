"""The weekly digests of 1,000 users built and sent through a real SMTP sink (aiosmtpd on
loopback): each user's plan built from the database, kept, claimed and mailed, in turn as the
job does it; against a bare query reading the same rows (the planner's four queries per user
and the channels), in the same run (SQLite)."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.bench.common import print_table, result, workspace

USERS = int(os.environ.get("BENCH_WEEK_USERS", "1000"))
CONTACTS = int(os.environ.get("BENCH_WEEK_USER_CONTACTS", "8"))
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
START = date(2026, 9, 1)


def _seed() -> list[int]:
    """Users with three tiers, contacts (half due this week) and an e-mail channel each."""
    import sqlalchemy as sa

    from service.extensions import db
    from service.models import Channel, Company, Contact, Tier, User, WeekSettings

    db.session.execute(
        sa.insert(User),
        [
            {"email": f"user{i}@example.com", "password_hash": "x", "session_key": f"{i:032d}"}
            for i in range(USERS)
        ],
    )
    users = list(db.session.scalars(sa.select(User.id).order_by(User.id)))
    db.session.execute(
        sa.insert(Tier),
        [
            {"user_id": u, "name": name, "interval_days": days}
            for u in users
            for name, days in (("Close", 21), ("Decision makers", 42), ("Wider network", 91))
        ],
    )
    tiers = dict(
        db.session.execute(
            sa.select(Tier.user_id, sa.func.min(Tier.id)).group_by(Tier.user_id)
        ).all()
    )
    db.session.execute(
        sa.insert(Company),
        [{"user_id": u, "name": "Initech", "name_key": "initech", "notes": ""} for u in users],
    )
    companies = dict(db.session.execute(sa.select(Company.user_id, Company.id)).all())
    db.session.execute(
        sa.insert(Contact),
        [
            {
                "user_id": u,
                "first_name": f"First{n}",
                "last_name": f"Last{u}",
                "company_id": companies[u],
                "tier_id": tiers[u],
                "tracking_since": START,
                "next_due_on": NOW.date() + timedelta(days=(-3 if n % 2 else 30) + n),
            }
            for u in users
            for n in range(CONTACTS)
        ],
    )
    db.session.execute(
        sa.insert(WeekSettings),
        [{"user_id": u, "enabled": True, "weekday": 0, "hour": 7} for u in users],
    )
    db.session.execute(
        sa.insert(Channel),
        [
            {"user_id": u, "kind": "email", "name": "Mail", "email": f"u{u}@example.com"}
            for u in users
        ],
    )
    db.session.commit()
    return users


def run() -> dict[str, dict[str, Any]]:
    import sqlalchemy as sa

    from service import create_app
    from service.extensions import db
    from service.week.digest import build_and_deliver
    from service.week.planner import PREP_LOOKAHEAD_DAYS, week_of
    from tests.alerts.sinks import SmtpSink
    from tests.bench.bench_week import BARE

    sink = SmtpSink().start()
    try:
        with workspace() as (folder, redis_url):
            app = create_app(
                {
                    "NEXTROUND_ENV": "testing",
                    "SECRET_KEY": "bench" * 8,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'digests.db'}",
                    "REDIS_URL": redis_url,
                    "SMTP_HOST": "127.0.0.1",
                    "SMTP_PORT": sink.port,
                    "SMTP_TLS": "none",
                    "SMTP_FROM": "Next Round <plans@nextround.test>",
                    "PUBLIC_URL": "http://nextround.test",
                }
            )
            with app.app_context():
                db.create_all()
                users = _seed()
                week = week_of(NOW, "UTC")
                label = week.label
                statements = [sa.text(s) for s in BARE.split(";")]
                statements.append(
                    sa.text(
                        "SELECT id, kind, email, webhook_url FROM alert_channels "
                        "WHERE user_id = :user AND enabled AND paused_at IS NULL"
                    )
                )
                base = {
                    "until": week.sunday,
                    "since": week.reference,
                    "last": week.sunday + timedelta(days=PREP_LOOKAHEAD_DAYS),
                }
                start = time.perf_counter()
                rows = 0
                for user_id in users:
                    for statement in statements:
                        rows += len(db.session.execute(statement, {**base, "user": user_id}).all())
                db.session.commit()
                bare = time.perf_counter() - start

                start = time.perf_counter()
                sent = sum(build_and_deliver(user_id, label, NOW) for user_id in users)
                digests = time.perf_counter() - start
                db.session.remove()
                db.engine.dispose()
    finally:
        sink.stop()
    if sent != USERS or len(sink.messages) != USERS:
        raise SystemExit(f"sent {sent} digests, the sink got {len(sink.messages)}; {USERS} wanted")
    print(f"  {USERS} digests sent for {label}; the bare query read {rows} rows")
    return {
        "week.digests_1000_users_s": result(digests, "s", bare, higher_is_better=False),
    }


if __name__ == "__main__":
    print_table(run())
