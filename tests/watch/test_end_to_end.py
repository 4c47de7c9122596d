"""End to end: real workers and the tick polling loopback boards (issue 7, "Done when" 1)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
import sqlalchemy as sa
from flask import Flask

from service.auth.services import create_user
from service.extensions import db
from service.models import Poll, Source, Vacancy, VacancyEvent
from service.watch.services import add_watch
from tests.boards.servers import Handler, LoopbackServer
from tests.helpers import PASSWORD
from tests.watch.boards import SR_LIST, GreenhouseBoard, job, saved
from tests.watch.processes import Processes, wait_for

pytestmark = pytest.mark.usefixtures("connect_guard")
T = TypeVar("T")


class PagedBoard:
    """The saved two-page SmartRecruiters board; ``second_status`` fails its page 2."""

    def __init__(self, server: LoopbackServer) -> None:
        self.second_status = 200
        server.routes[SR_LIST] = self.route
        self.url = server.url(f"{SR_LIST}?limit=2&offset=0")

    def route(self, handler: Handler) -> None:
        second = "offset=0" not in handler.path
        if second and self.second_status != 200:
            handler.reply(self.second_status, b"failing", {"Content-Type": "text/plain"})
            return
        name = "acme-postings-offset-2.json" if second else "acme-postings-offset-0.json"
        handler.reply(200, saved(f"smartrecruiters/{name}"), {"Content-Type": "application/json"})


@pytest.fixture
def queue_name() -> str:
    return f"watch-e2e-{os.getpid()}"


@pytest.fixture
def e2e_app(app_factory: Callable[..., Flask], queue_name: str) -> Iterator[Flask]:
    application = app_factory(RQ_QUEUE=queue_name, WATCH_INTERVAL_SECONDS=0)
    with application.app_context():
        yield application


@pytest.fixture
def processes(
    e2e_app: Flask, tmp_path: Path, redis_url: str, queue_name: str
) -> Iterator[Processes]:
    env = dict(
        os.environ,
        NEXTROUND_ENV="testing",
        DATABASE_URL=e2e_app.config["SQLALCHEMY_DATABASE_URI"],
        TEST_DATABASE_URL=e2e_app.config["SQLALCHEMY_DATABASE_URI"],
        REDIS_URL=redis_url,
        NEXTROUND_QUEUE=queue_name,
        SECRET_KEY="watch-e2e-secret-" + "x" * 20,
        LOG_LEVEL="INFO",
        NEXTROUND_FETCH_ALLOW_LOOPBACK="true",
        NEXTROUND_WATCH_INTERVAL_SECONDS="0",
        NEXTROUND_WATCH_JITTER_PERCENT="0",
        NEXTROUND_WATCH_BACKOFF_MAX_SECONDS="0",
        NEXTROUND_WATCH_LEASE_SECONDS="20",
    )
    started = Processes(env, tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


def released(value: T) -> T:
    """``value``, with the test's transaction ended (on SQLite it holds the write lock)."""
    db.session.rollback()
    return value


def count(query: sa.Select) -> int:  # type: ignore[type-arg]
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


def test_a_watched_board_keeps_its_history_through_real_workers_and_the_tick(
    e2e_app: Flask, processes: Processes, server: LoopbackServer
) -> None:
    user = create_user("e2e@example.com", PASSWORD)
    board = GreenhouseBoard(server, [job(1, "Backend Engineer"), job(2, "Data Analyst", "Berlin")])
    paged = PagedBoard(server)
    gh = add_watch(user, board.url, "Acme", ats="greenhouse").source_id
    sr = add_watch(user, paged.url, "Acme GmbH", ats="smartrecruiters").source_id
    db.session.commit()
    db.session.remove()
    processes.worker("w1")
    processes.worker("w2")
    processes.start("tick", "-m", "workers.tick", "--interval", "0.2")

    wait_for(lambda: history(gh) == [("1", "new"), ("2", "new")], processes)
    board.jobs.append(job(3, "Designer"))  # gains a posting: one new vacancy
    wait_for(lambda: ("3", "new") in history(gh), processes)

    gone = board.jobs.pop(1)  # a posting disappears: closed after the second complete read
    mark = last_poll(gh)
    wait_for(lambda: ("2", "closed") in history(gh), processes)
    assert polls_after(gh, mark) >= 2

    board.jobs.append(gone)  # it comes back: reopened
    wait_for(lambda: ("2", "reopened") in history(gh), processes)
    board.jobs.remove(gone)
    wait_for(lambda: history(gh).count(("2", "closed")) == 2, processes)
    board.jobs.append(job(4, "Data Analyst", "Berlin"))  # a new id, the same title: a repost
    wait_for(lambda: ("4", "reposted") in history(gh), processes)

    before, mark = history(gh), last_poll(gh)  # the same content ten times: nothing new
    wait_for(lambda: polls_after(gh, mark) >= 10, processes)
    assert history(gh) == before
    assert before == [
        ("1", "new"), ("2", "new"), ("3", "new"), ("2", "closed"), ("2", "reopened"),
        ("2", "closed"), ("4", "reposted"),
    ]  # fmt: skip

    wait_for(lambda: count(sa.select(Vacancy.id).where(Vacancy.source_id == sr)) >= 3, processes)
    paged.second_status = 500  # page 2 fails: nothing closed, the error shown on the watch

    def error_shown() -> bool:
        error = db.session.scalar(sa.select(Source.last_error).where(Source.id == sr))
        return released(bool(error and "answered 500" in error))

    wait_for(error_shown, processes)
    closed = sa.select(Vacancy.id).where(Vacancy.source_id == sr, Vacancy.status == "closed")
    assert count(closed) == 0
    assert all(k == "new" for _, k in history(sr))
