"""The weekly plan of a user with 5,000 contacts, 500 applications and 20,000 vacancies (SQLite):
``plan_for`` (its queries and the pure planner) against bare queries reading the same rows."""

from __future__ import annotations

import os
import random
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.bench.common import median, print_table, result, workspace

CONTACTS = int(os.environ.get("BENCH_WEEK_CONTACTS", "5000"))
APPLICATIONS = int(os.environ.get("BENCH_WEEK_APPLICATIONS", "500"))
VACANCIES = int(os.environ.get("BENCH_WEEK_VACANCIES", "20000"))
RUNS = int(os.environ.get("BENCH_WEEK_RUNS", "15"))
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
START = date(2026, 9, 1)

BARE = """
SELECT c.id, c.first_name, c.last_name, c.next_due_on, t.name, t.interval_days, co.name
  FROM contacts c JOIN tiers t ON t.id = c.tier_id LEFT JOIN companies co ON co.id = c.company_id
 WHERE c.user_id = :user AND c.next_due_on <= :until;
SELECT p.id, p.kind, p.due_on, p.contact_id, c.first_name, c.last_name, p.application_id, co.name
  FROM playbook_items p LEFT JOIN contacts c ON c.id = p.contact_id
  LEFT JOIN applications a ON a.id = p.application_id LEFT JOIN companies co ON co.id = a.company_id
 WHERE p.user_id = :user AND p.done_at IS NULL AND p.due_on <= :until;
SELECT id, title, kind, progress, target_on FROM upskill_items
 WHERE user_id = :user AND done_at IS NULL AND target_on <= :until;
SELECT s.id, s.application_id, s.kind, s.round, s.occurred_on, co.name, a.role
  FROM application_stages s JOIN applications a ON a.id = s.application_id
  JOIN companies co ON co.id = a.company_id
 WHERE s.user_id = :user AND s.kind IN ('screening', 'interview', 'assessment', 'final')
   AND a.stage NOT IN ('rejected', 'withdrawn', 'accepted')
   AND s.occurred_on >= :since AND s.occurred_on <= :last;
SELECT i.key FROM week_items i JOIN week_plans p ON p.id = i.plan_id
 WHERE i.user_id = :user AND i.key LIKE 'match:%' AND p.week != :label;
SELECT m.id, m.vacancy_id, v.title, m.score, m.created_at, v.source_id
  FROM matches m JOIN vacancies v ON v.id = m.vacancy_id
 WHERE m.user_id = :user AND m.state = 'new' AND m.matched;
SELECT kind, sent_at FROM drafts
 WHERE user_id = :user AND status = 'sent' AND sent_at >= :first AND sent_at < :end;
SELECT posts_per_week, comments_per_week FROM week_settings WHERE user_id = :user
"""


def _seed(user_id: int) -> None:
    """Companies, contacts on tiers, applications with stages and to-dos, upskill items, and
    the vacancies of 40 watched boards."""
    import sqlalchemy as sa

    from service.contacts.due import recompute_due
    from service.extensions import db
    from service.models import (
        Application,
        ApplicationStage,
        Company,
        Contact,
        PlaybookItem,
        Source,
        Tier,
        UpskillItem,
        Vacancy,
        Watch,
    )

    rng = random.Random(7)
    db.session.execute(
        sa.insert(Company),
        [
            {"user_id": user_id, "name": f"Company {i}", "name_key": f"company {i}", "notes": ""}
            for i in range(500)
        ],
    )
    companies = list(db.session.scalars(sa.select(Company.id)))
    tiers = list(db.session.scalars(sa.select(Tier.id).where(Tier.user_id == user_id)))
    db.session.execute(
        sa.insert(Contact),
        [
            {
                "user_id": user_id,
                "first_name": f"First{i}",
                "last_name": f"Last{i:05d}",
                "company_id": companies[i % len(companies)],
                "tier_id": tiers[i % len(tiers)] if i % 4 else None,
                "tracking_since": START + timedelta(days=rng.randint(0, 60)),
            }
            for i in range(CONTACTS)
        ],
    )
    recompute_due(user_id)
    contacts = list(db.session.scalars(sa.select(Contact.id)))
    kinds = ("applied", "screening", "interview", "final", "rejected", "offer")
    db.session.execute(
        sa.insert(Application),
        [
            {
                "user_id": user_id,
                "company_id": companies[i % len(companies)],
                "role": f"Role {i}",
                "stage": kinds[i % len(kinds)],
            }
            for i in range(APPLICATIONS)
        ],
    )
    applications = list(db.session.scalars(sa.select(Application.id)))
    stages = []
    for n, application in enumerate(applications):
        for step, kind in enumerate(("applied", "interview", kinds[n % len(kinds)])):
            day = START + timedelta(days=rng.randint(0, 100) + step)
            stages.append(
                {
                    "user_id": user_id,
                    "application_id": application,
                    "kind": kind,
                    "occurred_on": day,
                    "notes": "",
                }
            )
    db.session.execute(sa.insert(ApplicationStage), stages)
    db.session.execute(
        sa.insert(PlaybookItem),
        [
            {
                "user_id": user_id,
                "application_id": applications[i % len(applications)],
                "kind": ("thank-you", "feedback-request", "keep-in-touch")[i % 3],
                "contact_id": contacts[i % len(contacts)],
                "due_on": START + timedelta(days=rng.randint(0, 100)),
            }
            for i in range(1000)
        ],
    )
    db.session.execute(
        sa.insert(UpskillItem),
        [
            {
                "user_id": user_id,
                "kind": "course",
                "title": f"Course {i}",
                "gap": "",
                "target_on": START + timedelta(days=rng.randint(0, 120)),
            }
            for i in range(200)
        ],
    )
    for board in range(40):
        source = Source(
            identity=f"greenhouse:bench{board}",
            ats="greenhouse",
            token=f"bench{board}",
            url=f"https://boards.greenhouse.io/bench{board}",
            request={"url": f"https://boards-api.greenhouse.io/v1/boards/bench{board}/jobs"},
            config={},
            interval_seconds=3600,
        )
        db.session.add(source)
        db.session.flush()
        db.session.add(Watch(user_id=user_id, company_id=companies[board], source_id=source.id))
        db.session.execute(
            sa.insert(Vacancy),
            [
                {
                    "source_id": source.id,
                    "external_id": str(n),
                    "title": f"Engineer {n}",
                    "url": f"https://x.test/{board}/{n}",
                }
                for n in range(VACANCIES // 40)
            ],
        )
    db.session.commit()


def run() -> dict[str, dict[str, Any]]:
    import sqlalchemy as sa

    from service import create_app
    from service.auth.services import create_user
    from service.extensions import db
    from service.week.planner import PREP_LOOKAHEAD_DAYS, STREAK_WEEKS, week_of
    from service.week.rows import plan_for

    with workspace() as (folder, redis_url):
        app = create_app(
            {
                "NEXTROUND_ENV": "testing",
                "SECRET_KEY": "bench" * 8,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'week.db'}",
                "REDIS_URL": redis_url,
            }
        )
        with app.app_context():
            db.create_all()
            user = create_user("week@example.com", "bench password 123")
            _seed(user.id)
            week = week_of(NOW, user.timezone)
            params = {
                "user": user.id,
                "until": week.sunday,
                "since": week.reference,
                "last": week.sunday + timedelta(days=PREP_LOOKAHEAD_DAYS),
                "label": week.label,
                "first": week.monday - timedelta(weeks=STREAK_WEEKS + 1),
                "end": week.sunday + timedelta(days=2),
            }
            statements = [sa.text(s) for s in BARE.split(";")]
            plans, bares, items = [], [], 0
            for _ in range(RUNS):
                db.session.expunge_all()
                start = time.perf_counter()
                for statement in statements:
                    db.session.execute(statement, params).fetchall()
                bares.append(time.perf_counter() - start)
                db.session.expunge_all()
                start = time.perf_counter()
                _week, plan = plan_for(user, NOW)
                plans.append(time.perf_counter() - start)
                items = len(plan)
            db.engine.dispose()
    plan_ms, bare_ms = median(plans) * 1000, median(bares) * 1000
    print(f"  {items} items planned for {week.label}")
    return {
        "week.plan_5000_contacts_ms": result(plan_ms, "ms", bare_ms, higher_is_better=False),
    }


if __name__ == "__main__":
    print_table(run())
