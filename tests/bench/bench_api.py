"""Contact list API with 10,000 contacts under 20 concurrent clients against gunicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from typing import Any

import requests

from tests.bench.common import ROOT, median, percentile, print_table, result, workspace

CONTACTS = 10_000
CLIENTS = 20
REQUESTS_PER_CLIENT = int(os.environ.get("BENCH_API_REQUESTS", "60"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _seed(database: str, redis_url: str) -> str:
    """10,000 contacts with companies, tiers and touches; returns an API token."""
    import sqlalchemy as sa

    from service import create_app
    from service.auth.services import create_user
    from service.auth.tokens import create_token
    from service.contacts.due import recompute_due
    from service.extensions import db
    from service.models import Company, Contact

    app = create_app(
        {
            "NEXTROUND_ENV": "testing",
            "SECRET_KEY": "bench" * 8,
            "SQLALCHEMY_DATABASE_URI": database,
            "REDIS_URL": redis_url,
        }
    )
    with app.app_context():
        db.create_all()
        user = create_user("bench@example.com", "bench password 123")
        _, token = create_token(user, "bench")
        companies = [
            {
                "user_id": user.id,
                "name": f"Company {i}",
                "name_key": f"company {i}",
                "relation": "other",
                "notes": "",
            }
            for i in range(500)
        ]
        db.session.execute(sa.insert(Company), companies)
        company_ids = list(db.session.scalars(sa.select(Company.id)))
        tiers = [t.id for t in user.tiers]
        rows = [
            {
                "user_id": user.id,
                "first_name": f"First{i}",
                "last_name": f"Last{i:05d}",
                "title": "Engineering Manager",
                "company_id": company_ids[i % len(company_ids)],
                "role": "hiring_manager",
                "how_met": "",
                "notes": "",
                "linkedin_slug": f"p-{i}",
                "tier_id": tiers[i % len(tiers)] if i % 3 else None,
                "tracking_since": date(2026, 1, 1 + i % 28),
                "last_touch_on": date(2026, 1 + i % 10, 1 + i % 28) if i % 2 else None,
            }
            for i in range(CONTACTS)
        ]
        db.session.execute(sa.insert(Contact), rows)
        recompute_due(user.id)
        db.session.commit()
        db.engine.dispose()
    return token


def _hammer(url: str, headers: dict[str, str]) -> list[float]:
    latencies: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        mine = []
        with requests.Session() as http:
            http.headers.update(headers)
            for _ in range(REQUESTS_PER_CLIENT):
                start = time.perf_counter()
                response = http.get(url, timeout=60)
                mine.append(time.perf_counter() - start)
                assert response.status_code == 200, response.text[:200]
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def run() -> dict[str, dict[str, Any]]:
    with workspace() as (folder, redis_url):
        database = f"sqlite:///{folder / 'api.db'}"
        token = _seed(database, redis_url)
        port = _free_port()
        env = dict(
            os.environ,
            NEXTROUND_ENV="development",
            DATABASE_URL=database,
            REDIS_URL=redis_url,
            SECRET_KEY="bench-secret-" + "x" * 30,
            LOG_LEVEL="WARNING",
        )
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--no-control-socket",
                "-w",
                "2",
                "--threads",
                "4",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "service:create_app()",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base + "/healthz")
            headers = {"Authorization": f"Bearer {token}"}
            _hammer(base + "/healthz", {})  # warm both workers
            health = _hammer(base + "/healthz", {})
            listing = _hammer(base + "/api/v1/contacts?per_page=50&sort=due", headers)
        finally:
            web.terminate()
            web.wait(timeout=30)
    ms = 1000
    return {
        "api_contacts_10k_median_latency": result(
            median(listing) * ms, "ms", median(health) * ms, higher_is_better=False
        ),
        "api_contacts_10k_p95_latency": result(
            percentile(listing, 95) * ms, "ms", percentile(health, 95) * ms, higher_is_better=False
        ),
    }


def _wait(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


if __name__ == "__main__":
    print_table(run())
