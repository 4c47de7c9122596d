"""One web process and two workers writing to one SQLite file for a minute: never "locked"."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

from service import create_app
from service.auth.services import create_user
from service.auth.tokens import create_token
from service.extensions import db
from tests.helpers import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
DURATION = float(os.environ.get("NEXTROUND_CONCURRENCY_SECONDS", "60"))

pytestmark = [pytest.mark.sqlite_only, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _connections_csv(batch: int) -> bytes:
    rows = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(40):
        rows.append(
            f"P{batch}-{i},Load,https://www.linkedin.com/in/load-{batch}-{i},,"
            f'"Company {i % 7}, Inc",Engineer,12 Mar 2021'
        )
    return ("\r\n".join(rows) + "\r\n").encode()


def _wait_up(url: str, processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert all(p.poll() is None for p in processes), "a process died at start-up"
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


def test_web_and_two_workers_write_for_a_minute_without_lock_errors(
    tmp_path: Path, redis_url: str
) -> None:
    database = f"sqlite:///{tmp_path / 'load.db'}"
    queue = f"load-{os.getpid()}"
    env = dict(
        os.environ,
        NEXTROUND_ENV="development",
        DATABASE_URL=database,
        REDIS_URL=redis_url,
        NEXTROUND_QUEUE=queue,
        SECRET_KEY="load-test-secret-" + "x" * 20,
        LOG_LEVEL="INFO",
        NEXTROUND_RATELIMIT_ENABLED="false",
        NEXTROUND_IMPORT_INLINE_MAX_ROWS="0",
    )
    env.pop("TEST_DATABASE_URL", None)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "REDIS_URL": redis_url})
    with app.app_context():
        db.create_all()
        user = create_user("load@example.com", PASSWORD)
        _, token = create_token(user, "load")
        db.engine.dispose()
    port = _free_port()
    logs = {name: (tmp_path / f"{name}.log").open("wb") for name in ("web", "w1", "w2")}
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--no-control-socket",
            "-w",
            "1",
            "--threads",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "service:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=logs["web"],
        stderr=subprocess.STDOUT,
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "workers", "--name", f"{queue}-{n}"],
            cwd=ROOT,
            env=env,
            stdout=logs[n],
            stderr=subprocess.STDOUT,
        )
        for n in ("w1", "w2")
    ]
    processes = [web, *workers]
    base = f"http://127.0.0.1:{port}"
    statuses: Counter[int] = Counter()
    touches_made: Counter[int] = Counter()  # 201 answers per contact id
    counted = threading.Lock()  # the writer threads share both counters

    def count(status: int, contact_id: int | None = None) -> None:
        with counted:
            statuses[status] += 1
            if contact_id is not None and status == 201:
                touches_made[contact_id] += 1

    try:
        _wait_up(base + "/healthz", processes)
        headers = {"Authorization": f"Bearer {token}"}
        stop = time.monotonic() + DURATION

        def writer(n: int) -> None:
            """Touches and lists (and, for writer 0, an import every fifth round) until stop."""
            with requests.Session() as http:
                http.headers.update(headers)
                contact = http.post(
                    base + "/api/v1/contacts", json={"first_name": f"Writer {n}"}, timeout=60
                )
                count(contact.status_code)
                cid = contact.json()["id"]
                i = 0
                while i == 0 or time.monotonic() < stop:  # at least one round, however slow
                    i += 1
                    r = http.post(
                        f"{base}/api/v1/contacts/{cid}/touches",
                        timeout=60,
                        json={"kind": "call", "occurred_at": "2026-11-20"},
                    )
                    count(r.status_code, cid)
                    count(http.get(base + "/api/v1/contacts?per_page=20", timeout=60).status_code)
                    if n == 0 and i % 5 == 1:
                        files = {"file": (f"Connections-{i}.csv", _connections_csv(i))}
                        upload = http.post(base + "/api/v1/imports", files=files, timeout=60)
                        count(upload.status_code)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        runs = _wait_for_imports(base, headers)
        stored = {cid: _touch_count(base, headers, cid) for cid in touches_made}
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            p.wait(timeout=30)
        for f in logs.values():
            f.close()
    output = "\n".join((tmp_path / f"{n}.log").read_text(errors="replace") for n in logs)
    assert "database is locked" not in output
    assert "Traceback" not in output, output[-3000:]
    assert set(statuses) <= {200, 201, 202}, statuses
    assert len(touches_made) == 4 and stored == dict(touches_made)  # every 201 touch was kept
    assert runs and all(r["status"] == "done" for r in runs), runs
    assert sum(r["created"] for r in runs) > 0


def _touch_count(base: str, headers: dict[str, str], contact_id: int) -> int:
    """How many touches the contact has, as the API reports them."""
    url = f"{base}/api/v1/contacts/{contact_id}/touches?per_page=1"
    return int(requests.get(url, headers=headers, timeout=30).json()["total"])


def _wait_for_imports(base: str, headers: dict[str, str]) -> list[dict]:
    deadline = time.monotonic() + 120
    while True:
        runs = requests.get(
            base + "/api/v1/imports?per_page=500", headers=headers, timeout=30
        ).json()["items"]
        if all(r["status"] in {"done", "failed"} for r in runs) or time.monotonic() > deadline:
            return runs
        time.sleep(0.5)
