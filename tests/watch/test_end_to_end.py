"""End to end: real workers and the tick polling loopback boards (issue 7, "Done when" 1)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask

from service.auth.services import create_user
from service.extensions import db
from service.models import Source, Vacancy
from service.queue import get_queue
from service.watch.services import add_watch
from tests.boards.servers import Handler, LoopbackServer
from tests.helpers import PASSWORD
from tests.watch.boards import SR_LIST, GreenhouseBoard, job, saved
from tests.watch.processes import (
    Processes,
    count,
    history,
    last_poll,
    polls_after,
    released,
    wait_for,
)

pytestmark = pytest.mark.usefixtures("connect_guard")


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


def test_poll_now_wait_prints_what_the_poll_found(
    e2e_app: Flask, processes: Processes, server: LoopbackServer
) -> None:
    board = GreenhouseBoard(server, [job(1, "Backend Engineer"), job(2, "Data Analyst")])
    user = create_user("wait@example.com", PASSWORD)
    source = str(add_watch(user, board.url, "Acme", ats="greenhouse").source_id)
    db.session.commit()
    processes.worker("w1")

    result = e2e_app.test_cli_runner().invoke(args=["poll", "--source", source, "--now", "--wait"])

    assert result.exit_code == 0, result.output
    assert "complete: 2 new, 0 changed, 0 closed, 0 reopened" in result.output
    assert "Backend Engineer" in result.output and "Data Analyst" in result.output


def test_two_tick_processes_racing_queue_each_due_source_once(
    e2e_app: Flask, processes: Processes
) -> None:
    user = create_user("ticks@example.com", PASSWORD)
    for n in range(40):
        add_watch(user, f"https://boards.greenhouse.io/board{n}", f"Company {n}")
    db.session.remove()

    ticks = [processes.start(f"tick{n}", "-m", "workers.tick", "--once") for n in (1, 2)]
    for tick in ticks:
        assert tick.wait(timeout=120) == 0

    queued = re.findall(r"tick stopped after queueing (\d+) polls", processes.log_text())
    assert len(queued) == 2 and sum(map(int, queued)) == 40
    assert len(get_queue().job_ids) == 40
