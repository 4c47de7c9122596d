"""`nextround serve` (what `make run` starts): a Ctrl-C stops the web server, its workers, the RQ
worker and the tick, leaving no process behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.sqlite_only


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (read from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
def test_ctrl_c_stops_every_process_it_started(tmp_path: Path, redis_url: str) -> None:
    port = _free_port()
    env = dict(
        os.environ,
        NEXTROUND_ENV="development",
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}",
        REDIS_URL=redis_url,
        SECRET_KEY="launcher-test-key",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        IMPORT_UPLOAD_FOLDER=str(tmp_path / "uploads"),
    )
    nextround = Path(sys.executable).with_name("nextround")
    # A terminal's Ctrl-C goes to the whole foreground process group: start one to signal.
    launcher = subprocess.Popen(
        [str(nextround), "serve"],
        env=env,
        process_group=0,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while True:
            assert launcher.poll() is None, "nextround serve exited early"
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "the web server never answered"
            time.sleep(0.3)
        started = _descendants(launcher.pid)
        # gunicorn's master and workers, the RQ worker and the tick
        assert len(started) >= 5, started

        os.killpg(launcher.pid, signal.SIGINT)
        assert launcher.wait(timeout=40) == 0
        left = {pid for pid in started if _alive(pid)}
        deadline = time.monotonic() + 5
        while left and time.monotonic() < deadline:
            time.sleep(0.2)
            left = {pid for pid in left if _alive(pid)}
        assert not left, f"still running after Ctrl-C: {left}"
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait()
        for pid in started:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
