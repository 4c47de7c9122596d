"""Matching throughput: new vacancies x watching users' profiles per second, against a bare loop.

``BENCH_MATCH_VACANCIES`` (10,000) new vacancies on ``BENCH_MATCH_BOARDS`` (20) boards, every
board watched by each of ``BENCH_MATCH_USERS`` (1,000) users, each with one target profile (one or
two job families, a city or remote, some with keywords). The real path is
``service.matching.runs.match_vacancies``: it reads the rows, scores, writes the matches and the
alerts of what matched. The baseline, in the same run, reads the same rows and loops over every
(vacancy, profile) pair doing a bare lower-case substring test of the titles and the city.
"""

from __future__ import annotations

import os
import random
import sys
import time
from typing import Any

from tests.bench.common import print_table, result, workspace

VACANCIES = int(os.environ.get("BENCH_MATCH_VACANCIES", "10000"))
USERS = int(os.environ.get("BENCH_MATCH_USERS", "1000"))
BOARDS = int(os.environ.get("BENCH_MATCH_BOARDS", "20"))
FAMILIES = (
    "data engineer",
    "software engineer",
    "product manager",
    "data scientist",
    "machine learning engineer",
    "site reliability engineer",
    "frontend developer",
    "backend developer",
    "ux designer",
    "engineering manager",
    "data analyst",
    "security engineer",
    "devops engineer",
    "qa engineer",
    "solutions architect",
    "technical writer",
    "account executive",
    "customer success manager",
    "recruiter",
    "financial analyst",
)
OTHER_TITLES = (
    "Office Manager",
    "Warehouse Associate",
    "Legal Counsel",
    "Marketing Coordinator",
    "Executive Assistant",
    "Payroll Specialist",
    "Facilities Lead",
    "Sales Development Representative",
)
LEVELS = ("", "Senior ", "Sr. ", "Lead ", "Junior ", "Staff ", "Principal ")
CITIES = ("Berlin", "Munich", "Amsterdam", "London", "Paris", "Zürich", "Vienna", "Madrid")
WORDS = ("python", "kafka", "spark", "react", "kubernetes", "terraform", "sql", "go", "rust")


def _vacancy_rows(rng: random.Random, source_ids: list[int]) -> list[dict[str, Any]]:
    rows = []
    for n in range(VACANCIES):
        if rng.random() < 0.7:
            title = rng.choice(LEVELS) + rng.choice(FAMILIES).title()
        else:
            title = rng.choice(OTHER_TITLES)
        remote = rng.random() < 0.2
        words = " ".join(rng.choice(WORDS) for _ in range(12))
        rows.append(
            {
                "source_id": source_ids[n % len(source_ids)],
                "external_id": str(n),
                "title": title,
                "url": f"https://jobs.example.com/{n}",
                "location": "Remote" if remote else rng.choice(CITIES),
                "remote": remote,
                "description_text": f"We build things with {words}.",
            }
        )
    return rows


def _profile(rng: random.Random, user_id: int) -> dict[str, Any]:
    remote = rng.random() < 0.3
    return {
        "user_id": user_id,
        "name": "Target",
        "titles": rng.sample(FAMILIES, rng.choice((1, 2))),
        "keywords": rng.sample(WORDS, 1) if rng.random() < 0.3 else [],
        "excluded": [],
        "locations": [] if remote else rng.sample(CITIES, rng.choice((1, 2))),
        "remote": remote,
        "seniority": [],
        "departments": [],
    }


def _populate(rng: random.Random) -> list[int]:
    """Users, their companies, watches and profiles; boards and their new vacancies."""
    import sqlalchemy as sa

    from service.extensions import db
    from service.models import Company, Source, TargetProfile, User, Vacancy, Watch

    def insert(model: Any, rows: list[dict[str, Any]]) -> None:
        if rows:
            db.session.execute(sa.insert(model), rows)

    insert(
        User,
        [{"email": f"user{n}@example.com", "password_hash": "-"} for n in range(USERS)],
    )
    user_ids = list(db.session.scalars(sa.select(User.id).order_by(User.id)))
    insert(
        Source,
        [
            {
                "identity": f"greenhouse:bench{b}",
                "ats": "greenhouse",
                "token": f"bench{b}",
                "url": f"https://boards.example.com/bench{b}",
                "request": {"url": f"https://boards.example.com/bench{b}"},
                "config": {},
                "interval_seconds": 3600,
            }
            for b in range(BOARDS)
        ],
    )
    source_ids = list(db.session.scalars(sa.select(Source.id).order_by(Source.id)))
    insert(
        Company,
        [
            {"user_id": u, "name": f"Company {b}", "name_key": f"company {b}", "notes": ""}
            for u in user_ids
            for b in range(BOARDS)
        ],
    )
    companies = db.session.execute(sa.select(Company.user_id, Company.name_key, Company.id))
    company_of = {(u, key): c for u, key, c in companies}
    insert(
        Watch,
        [
            {"user_id": u, "company_id": company_of[(u, f"company {b}")], "source_id": s}
            for u in user_ids
            for b, s in enumerate(source_ids)
        ],
    )
    insert(TargetProfile, [_profile(rng, u) for u in user_ids])
    insert(Vacancy, _vacancy_rows(rng, source_ids))
    db.session.commit()
    return list(db.session.scalars(sa.select(Vacancy.id).order_by(Vacancy.id)))


def _bare_loop(vacancy_ids: list[int]) -> float:
    """Seconds to read the same rows and test every pair with plain substring checks."""
    import sqlalchemy as sa

    from service.extensions import db
    from service.models import TargetProfile, Vacancy

    start = time.perf_counter()
    vacancies = db.session.execute(
        sa.select(Vacancy.title, Vacancy.location).where(Vacancy.id.in_(vacancy_ids))
    ).all()
    profiles = [
        ([t.lower() for t in titles], [c.lower() for c in cities])
        for titles, cities in db.session.execute(
            sa.select(TargetProfile.titles, TargetProfile.locations)
        )
    ]
    hits = 0
    for title, location in vacancies:
        title, location = title.lower(), (location or "").lower()
        for titles, cities in profiles:
            if any(t in title for t in titles) and (not cities or location in cities):
                hits += 1
    db.session.rollback()
    return time.perf_counter() - start


def run() -> dict[str, dict[str, Any]]:
    import sqlalchemy as sa

    from service import create_app
    from service.extensions import db
    from service.matching.runs import match_vacancies
    from service.models import Alert, Match

    rng = random.Random(8)
    with workspace() as (folder, redis_url):
        app = create_app(
            {
                "NEXTROUND_ENV": "testing",
                "SECRET_KEY": "bench" * 8,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                "REDIS_URL": redis_url,
                "RQ_QUEUE": f"bench-{os.getpid()}",
            }
        )
        with app.app_context():
            db.create_all()
            vacancy_ids = _populate(rng)
            pairs = len(vacancy_ids) * USERS
            baseline = _bare_loop(vacancy_ids)
            start = time.perf_counter()
            done = match_vacancies(vacancy_ids)
            elapsed = time.perf_counter() - start
            matches = db.session.scalar(sa.select(sa.func.count(Match.id))) or 0
            alerts = db.session.scalar(sa.select(sa.func.count(Alert.id))) or 0
            db.session.remove()
            db.engine.dispose()
    print(
        f"  {len(vacancy_ids):,} vacancies x {USERS:,} profiles = {pairs:,} pairs on {BOARDS} "
        f"boards; {done.scored:,} scored past the index, {matches:,} matches, {alerts:,} alerts; "
        f"real path {elapsed:.1f} s, bare loop {baseline:.1f} s",
        flush=True,
    )
    return {
        "matching_pairs_per_s": result(pairs / elapsed, "pairs/s", pairs / baseline),
    }


if __name__ == "__main__":
    print_table(run())
    sys.exit(0)
