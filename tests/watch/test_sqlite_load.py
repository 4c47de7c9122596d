"""One web process, two workers and the tick on one SQLite file for a minute: no lock errors."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections import Counter

import pytest
import requests
import sqlalchemy as sa
from flask import Flask

from service.auth.services import create_user
from service.auth.tokens import create_token
from service.extensions import db
from service.models import Poll, Vacancy
from service.watch.services import add_watch
from tests.boards.servers import LoopbackServer
from tests.helpers import PASSWORD
from tests.watch.boards import GreenhouseBoard, job
from tests.watch.processes import Processes, count, wait_for

DURATION = float(os.environ.get("NEXTROUND_CONCURRENCY_SECONDS", "60"))
BOARDS = 8

pytestmark = [pytest.mark.sqlite_only, pytest.mark.slow, pytest.mark.usefixtures("connect_guard")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_web_workers_and_tick_share_one_sqlite_file_without_lock_errors(
    e2e_app: Flask, processes: Processes
) -> None:
    if e2e_app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite's write lock only")
    servers = [LoopbackServer().start() for _ in range(BOARDS)]
    boards = [GreenhouseBoard(s, [job(1, "Engineer")]) for s in servers]
    user = create_user("load@example.com", PASSWORD)
    _, token = create_token(user, "load")
    for n, board in enumerate(boards):
        add_watch(user, board.url, f"Company {n}", ats="greenhouse")
    db.session.commit()
    db.session.remove()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = ["-m", "gunicorn", "--no-control-socket", "-w", "1", "--threads", "4"]
    processes.start("web", *web, "-b", f"127.0.0.1:{port}", "service:create_app()")
    processes.worker("w1")
    processes.worker("w2")
    processes.start("tick", "-m", "workers.tick", "--interval", "0.2")
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def up() -> bool:
        try:
            return requests.get(base + "/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_for(up, processes)
        stop = time.monotonic() + DURATION

        def writer(n: int) -> None:
            with requests.Session() as http:
                http.headers["Authorization"] = f"Bearer {token}"
                made = http.post(
                    base + "/api/v1/contacts", json={"first_name": f"W{n}"}, timeout=60
                )
                cid = made.json()["id"]
                while time.monotonic() < stop:
                    r = http.post(
                        f"{base}/api/v1/contacts/{cid}/touches",
                        json={"kind": "call", "occurred_at": "2026-11-20"},
                        timeout=60,
                    )
                    with lock:
                        statuses[r.status_code] += 1

        def changer() -> None:
            """Each board gains a posting once the last one is stored, until the load stops."""
            n = 2
            with e2e_app.app_context():
                while time.monotonic() < stop:
                    for board in boards:
                        board.jobs.append(job(n, f"Role {n}"))
                    expected = n * BOARDS
                    wait_for(lambda e=expected: count(sa.select(Vacancy.id)) == e, processes)
                    n += 1

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
        threads.append(threading.Thread(target=changer))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        expected = sum(len(b.jobs) for b in boards)
        wait_for(lambda: count(sa.select(Vacancy.id)) == expected, processes)
    finally:
        processes.stop_all()
        for s in servers:
            s.stop()

    logs = processes.log_text()
    assert "database is locked" not in logs
    assert "Traceback" not in logs, logs[-3000:]
    assert set(statuses) == {201}, statuses
    assert count(sa.select(Poll.id).where(Poll.outcome == "complete")) >= BOARDS
