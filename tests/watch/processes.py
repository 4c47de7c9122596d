"""Real `python -m workers` and `python -m workers.tick` processes for the end-to-end tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar

import sqlalchemy as sa

from service.db import read_only_transactions
from service.extensions import db
from service.models import Poll, Vacancy, VacancyEvent

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


@dataclass
class Processes:
    """Processes started by a test, each in a session of its own (so its work horse dies too)."""

    env: dict[str, str]
    logs: Path
    running: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    files: list[IO[bytes]] = field(default_factory=list)

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("ab")
        self.files.append(log)
        process = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.running[name] = process
        return process

    def worker(self, name: str) -> subprocess.Popen[bytes]:
        return self.start(name, "-m", "workers", "--name", f"{name}-{os.getpid()}-{time.time_ns()}")

    def kill(self, name: str) -> None:
        """SIGKILL the process and its work horse (its whole session)."""
        process = self.running.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.running):
            process = self.running.pop(name)
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)
            except ProcessLookupError:
                pass
        for log in self.files:
            log.close()

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.logs.glob("*.log")))


def wait_for(condition: Callable[[], bool], processes: Processes, seconds: float = 60) -> None:
    """Poll ``condition`` until it holds; fail with the processes' logs at the deadline."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        for name, process in processes.running.items():
            if process.poll() is not None:
                logs = processes.log_text()
                raise AssertionError(f"{name} exited ({process.returncode}):\n{logs}")
        time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds} s:\n{processes.log_text()[-6000:]}")


# Reading what the processes stored, without holding the SQLite write lock meanwhile.


def released(value: T) -> T:
    """``value``, with the test's transaction ended (on SQLite it holds the write lock)."""
    db.session.rollback()
    return value


def detached(value: T) -> T:
    """``value``, its rows detached with what they hold (reading them starts no transaction)."""
    db.session.expunge_all()
    return released(value)


def count(query: sa.Select) -> int:  # type: ignore[type-arg]
    read_only_transactions()  # no write lock taken from the processes every 50 ms
    counted = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    return released(counted or 0)


def history(source_id: int) -> list[tuple[str, str]]:
    query = (
        sa.select(Vacancy.external_id, VacancyEvent.kind)
        .join(VacancyEvent.vacancy)
        .where(Vacancy.source_id == source_id)
        .order_by(VacancyEvent.id)
    )
    return released([(e, k.value) for e, k in db.session.execute(query)])


def polls_after(source_id: int, poll_id: int) -> int:
    return count(sa.select(Poll.id).where(Poll.source_id == source_id, Poll.id > poll_id))


def last_poll(source_id: int) -> int:
    found = db.session.scalar(sa.select(sa.func.max(Poll.id)).where(Poll.source_id == source_id))
    return released(found or 0)
