"""Peak memory of the web process while it takes a 50 MB upload, measured from outside.

A real gunicorn (one worker, four threads, as the Procfile runs it) serves the app on loopback;
a client signs in through the form and uploads a generic CSV of about 50 MB, once, then four at
once. The worker's peak resident memory is its kernel high-water mark (``VmHWM`` in
/proc/<pid>/status), compared with the same mark once it has served a few pages (idle).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psutil
import requests

from tests.bench.common import ROOT, print_table, result, workspace

UPLOAD_BYTES = int(os.environ.get("BENCH_UPLOAD_BYTES", str(50_000_000)))
EMAIL, PASSWORD = "bench@example.com", "bench password 123"
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def big_csv(path: Path, size: int = UPLOAD_BYTES) -> Path:
    """A contact list of about ``size`` bytes: name, e-mail, company, notes."""
    row = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Name,Email,Company,Notes\r\n")
        while out.tell() < size - 200:
            out.write(
                f"Person {row},person{row}@example.com,Company {row % 997},"
                f'"Met at event {row % 31}, follow up"\r\n'
            )
            row += 1
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _high_water_kib(pid: int) -> int:
    """The process's peak resident set so far, as the kernel counts it."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]


def _prepare_database(folder: Path, redis_url: str) -> dict[str, str]:
    """A SQLite database with one user; the environment that points gunicorn at it."""
    from service import create_app
    from service.auth.services import create_user
    from service.extensions import db

    env = {
        **os.environ,
        "NEXTROUND_ENV": "development",
        "SECRET_KEY": "bench-secret-" + "x" * 32,
        "DATABASE_URL": f"sqlite:///{folder / 'web.db'}",
        "REDIS_URL": redis_url,
        "NEXTROUND_RATELIMIT_ENABLED": "0",
        "LOG_LEVEL": "WARNING",
    }
    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "REDIS_URL": redis_url})
    with app.app_context():
        db.create_all()
        create_user(EMAIL, PASSWORD)
        db.engine.dispose()
    return env


def _worker_pid(master: subprocess.Popen[bytes], url: str) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/healthz", timeout=1)
            children = psutil.Process(master.pid).children()
            if children:
                return children[0].pid
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def _signed_in(url: str) -> requests.Session:
    session = requests.Session()
    page = session.get(url + "/login", timeout=10).text
    token = _CSRF.search(page).group(1)  # type: ignore[union-attr]
    form = {"csrf_token": token, "email": EMAIL, "password": PASSWORD}
    session.post(url + "/login", data=form, timeout=10).raise_for_status()
    return session


def _upload(session: requests.Session, url: str, path: Path) -> None:
    page = session.get(url + "/imports/new", timeout=10).text
    token = _CSRF.search(page).group(1)  # type: ignore[union-attr]
    with path.open("rb") as stream:
        response = session.post(
            url + "/imports/new",
            data={"csrf_token": token, "tier_id": ""},
            files={"files": (path.name, stream, "text/csv")},
            timeout=600,
        )
    assert response.status_code == 200 and "/mapping" in response.url, response.status_code


def _clean_up(env: dict[str, str]) -> None:
    """Remove the runs (and their stored uploads) the bench left waiting for a mapping."""
    from service import create_app
    from service.extensions import db
    from service.imports.services import discard
    from service.models import ImportRun

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "LOG_LEVEL": "WARNING"})
    with app.app_context():
        for run in list(db.session.scalars(db.select(ImportRun))):
            discard(run)
        db.engine.dispose()


def run() -> dict[str, dict[str, Any]]:
    with workspace() as (folder, redis_url):
        path = big_csv(folder / "people.csv")
        env = _prepare_database(folder, redis_url)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
            "--threads", "4", "--timeout", "600", "--no-control-socket", "service:create_app()",
        ]  # fmt: skip
        master = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        try:
            pid = _worker_pid(master, url)
            session = _signed_in(url)
            for _ in range(3):
                session.get(url + "/imports/new", timeout=10).raise_for_status()
            idle = _high_water_kib(pid)
            _upload(session, url, path)
            one = _high_water_kib(pid)
            sessions = [_signed_in(url) for _ in range(4)]
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(lambda s: _upload(s, url, path), sessions))
            four = _high_water_kib(pid)
        finally:
            master.terminate()
            master.wait(30)
        _clean_up(env)
    mb = UPLOAD_BYTES / 1e6
    return {
        f"web_upload_{mb:.0f}mb_peak_rss": result(
            one / 1024, "MiB", idle / 1024, higher_is_better=False
        ),
        f"web_upload_{mb:.0f}mb_x4_peak_rss": result(
            four / 1024, "MiB", idle / 1024, higher_is_better=False
        ),
    }


if __name__ == "__main__":
    print_table(run())
