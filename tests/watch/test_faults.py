"""Fault tests (issue 7, "Done when" 2): killed workers and a flushed Redis lose nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from redis import Redis

from service.auth.services import create_user
from service.embedded_redis import EmbeddedRedis
from service.extensions import db
from service.models import Vacancy, VacancyEvent
from service.watch.services import add_watch
from tests.boards.servers import Handler, LoopbackServer
from tests.helpers import PASSWORD
from tests.watch.boards import GreenhouseBoard, job
from tests.watch.processes import Processes, count, history, released, wait_for

pytestmark = pytest.mark.usefixtures("connect_guard")
KILLS = 20


class HeldBoard(GreenhouseBoard):
    """A board whose answers wait while ``held``: a poll is caught mid-fetch."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.held = threading.Event()
        self.arrived = threading.Event()

    def route(self, handler: Handler) -> None:
        self.arrived.set()
        if self.held.is_set():
            self.server.stopping.wait(10)  # until the test ends; the worker dies first
            return
        super().route(handler)


@pytest.fixture
def lease_seconds() -> int:
    return 2


def news(source_id: int) -> list[str]:
    return sorted(e for e, kind in history(source_id) if kind == "new")


@pytest.mark.slow
def test_workers_killed_mid_poll_lose_no_posting_and_record_no_event_twice(
    e2e_app: Flask, processes: Processes, server: LoopbackServer
) -> None:
    board = HeldBoard(server, [job(1, "Backend Engineer")])
    user = create_user("faults@example.com", PASSWORD)
    source_id = add_watch(user, board.url, "Acme", ats="greenhouse").source_id
    db.session.commit()
    db.session.remove()
    processes.start("tick", "-m", "workers.tick", "--interval", "0.2")
    processes.worker("w0")
    wait_for(lambda: news(source_id) == ["1"], processes)
    processes.kill("w0")

    board.held.set()
    for n in range(KILLS):
        board.jobs.append(job(100 + n, f"Role {n}"))
        board.arrived.clear()
        processes.worker(f"k{n}")
        wait_for(board.arrived.is_set, processes)  # its poll is fetching the board
        processes.kill(f"k{n}")
    board.held.clear()
    processes.worker("w1")

    expected = sorted(["1", *(str(100 + n) for n in range(KILLS))])
    wait_for(lambda: news(source_id) == expected, processes)
    events = history(source_id)
    assert len(events) == len(set(events)) == KILLS + 1
    assert count(sa.select(Vacancy.id)) == KILLS + 1


@pytest.mark.slow
def test_a_flushed_redis_mid_run_resumes_from_sql_with_nothing_lost_or_doubled(
    e2e_app: Flask, processes: Processes, server: LoopbackServer, redis_url: str
) -> None:
    board = GreenhouseBoard(server, [job(1, "Backend Engineer")])
    user = create_user("flush@example.com", PASSWORD)
    source_id = add_watch(user, board.url, "Acme", ats="greenhouse").source_id
    db.session.commit()
    db.session.remove()
    processes.start("tick", "-m", "workers.tick", "--interval", "0.2")
    processes.worker("w1")
    processes.worker("w2")

    for n in range(5):
        wait_for(lambda n=n: len(news(source_id)) == n + 1, processes)
        Redis.from_url(redis_url).flushdb()  # queued polls, job records, host keys: all gone
        board.jobs.append(job(200 + n, f"Role {n}"))

    wait_for(lambda: len(news(source_id)) == 6, processes)
    events = history(source_id)
    assert len(events) == len(set(events)) == 6
    kinds = db.session.scalars(sa.select(VacancyEvent.kind).distinct())
    assert released({k.value for k in kinds}) == {"new"}


@pytest.mark.slow
def test_a_restarted_redis_mid_run_resumes_from_sql_with_nothing_lost_or_doubled(
    e2e_app: Flask, processes: Processes, server: LoopbackServer, tmp_path: Path
) -> None:
    redis = EmbeddedRedis(tmp_path / "redis")  # our own, without persistence: a restart loses all
    own = Processes(dict(processes.env, REDIS_URL=redis.start()), tmp_path)
    board = GreenhouseBoard(server, [job(1, "Backend Engineer")])
    user = create_user("restart@example.com", PASSWORD)
    source_id = add_watch(user, board.url, "Acme", ats="greenhouse").source_id
    db.session.commit()
    db.session.remove()
    try:
        own.start("tick", "-m", "workers.tick", "--interval", "0.2")
        own.worker("w1")
        for n in range(3):
            wait_for(lambda n=n: len(news(source_id)) == n + 1, own)
            redis.stop()
            board.jobs.append(job(300 + n, f"Role {n}"))
            redis.start()  # the worker and the tick reconnect by themselves (neither may exit)
        wait_for(lambda: len(news(source_id)) == 4, own)
    finally:
        own.stop_all()
        redis.stop()
    events = history(source_id)
    assert len(events) == len(set(events)) == 4
