"""The schedule in SQL: leases, racing ticks, lost jobs found again, check-now queued once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from redis import Redis
from rq.job import Job

from service.clock import utcnow
from service.errors import ValidationFailed
from service.extensions import db
from service.models import Poll, Source, User, Watch
from service.queue import QueueUnavailable, get_queue, redis_connection
from service.watch.schedule import claim_due_sources, next_due, tick
from service.watch.services import check_now, poll_job_id
from service.watch.sources import set_interval
from tests.watch.boards import GreenhouseBoard

pytestmark = pytest.mark.usefixtures("connect_guard")


def make_sources(count: int) -> list[int]:
    rows = [
        Source(
            identity=f"greenhouse:board{n}",
            ats="greenhouse",
            token=f"board{n}",
            url=f"https://boards.greenhouse.io/board{n}",
            request={"url": f"https://boards-api.greenhouse.io/v1/boards/board{n}/jobs"},
            config={},
            interval_seconds=3600,
            next_due_at=utcnow() - timedelta(seconds=1),
        )
        for n in range(count)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return [r.id for r in rows]


def queued_ids() -> list[str]:
    return sorted(get_queue().job_ids)


def test_a_tick_queues_each_due_source_once_under_its_fixed_job_id(app: Flask) -> None:
    ids = make_sources(3)

    assert tick() == 3
    assert tick() == 0  # leased: the second tick finds nothing due
    assert queued_ids() == sorted(poll_job_id(i) for i in ids)
    job = Job.fetch(poll_job_id(ids[0]), connection=redis_connection())
    assert job.func_name == "workers.jobs.poll_source" and job.args == (ids[0],)


def test_two_ticks_racing_claim_each_source_once(app: Flask) -> None:
    ids = make_sources(30)
    db.session.remove()
    start = threading.Barrier(2)
    claimed: list[list[int]] = []

    def race() -> None:
        with app.app_context():
            start.wait()
            claimed.append(claim_due_sources())
            db.session.remove()

    threads = [threading.Thread(target=race) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(claimed[0] + claimed[1]) == sorted(ids)
    assert not set(claimed[0]) & set(claimed[1])


def test_a_poll_lost_with_redis_is_found_again_from_sql_once_its_lease_runs_out(
    app: Flask,
) -> None:
    [source_id] = make_sources(1)
    assert tick() == 1
    Redis.from_url(app.config["REDIS_URL"]).flushdb()  # the queued poll is lost

    assert tick() == 0
    later = utcnow() + timedelta(seconds=app.config["WATCH_LEASE_SECONDS"] + 1)
    assert tick(later) == 1
    assert queued_ids() == [poll_job_id(source_id)]


def test_a_poll_ends_its_lease_and_sets_the_next_check(
    user: User, watch: Watch, board: GreenhouseBoard, run_worker: Callable[[], int]
) -> None:
    assert tick() == 1
    assert run_worker() == 1

    source = db.session.get(Source, watch.source_id, populate_existing=True)
    assert source is not None and source.lease_until is None
    assert source.next_due_at > utcnow() + timedelta(seconds=source.interval_seconds * 0.8)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Poll)) == 1
    assert tick() == 0


def test_check_now_pressed_fifty_times_at_once_queues_one_poll_and_fetches_once(
    app: Flask, user: User, watch: Watch, board: GreenhouseBoard, run_worker: Callable[[], int]
) -> None:
    user_id, watch_id = user.id, watch.id
    db.session.remove()  # the test holds no transaction (on SQLite it would hold the lock)
    start = threading.Barrier(50)
    queued: list[bool] = []

    def press() -> None:
        with app.app_context():
            presser = db.session.get(User, user_id)
            assert presser is not None
            db.session.commit()
            start.wait()
            queued.append(check_now(presser, watch_id) is not None)
            db.session.remove()

    threads = [threading.Thread(target=press) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert queued.count(True) == 1 and len(queued) == 50
    assert run_worker() == 1
    assert board.requests == 1


def test_check_now_without_redis_says_so(
    app_factory: Callable[..., Flask], user: User, watch: Watch
) -> None:
    user_id, watch_id = user.id, watch.id
    db.session.remove()
    down = app_factory(REDIS_URL="redis://127.0.0.1:1/0")
    with down.app_context():
        owner = db.session.get(User, user_id)
        assert owner is not None
        with pytest.raises(QueueUnavailable, match="not reachable"):
            check_now(owner, watch_id)


def test_next_checks_spread_around_the_interval_and_back_off_capped(app: Flask) -> None:
    [source_id] = make_sources(1)
    source = db.session.get(Source, source_id)
    assert source is not None
    now = utcnow()
    spread = [(next_due(source, now, failed=False) - now).total_seconds() for _ in range(50)]
    assert all(3240 <= s <= 3960 for s in spread) and len(set(spread)) > 1
    source.consecutive_failures = 30
    capped = (next_due(source, now, failed=True) - now).total_seconds()
    assert capped <= app.config["WATCH_BACKOFF_MAX_SECONDS"] * 1.1


def test_an_interval_below_the_configured_minimum_is_refused(
    app_factory: Callable[..., Flask],
) -> None:
    strict = app_factory(WATCH_MIN_INTERVAL_SECONDS=300)
    with strict.app_context():
        [source_id] = make_sources(1)
        source = db.session.get(Source, source_id)
        assert source is not None
        with pytest.raises(ValidationFailed, match="300 seconds"):
            set_interval(source, 60)
        set_interval(source, 600)
        assert source.interval_seconds == 600
