"""Matching is never lost with Redis: a poll whose match job vanished is queued again by the tick,
and matched once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from flask import Flask
from redis import Redis

from service.extensions import db
from service.models import Poll, TargetProfile, User, Watch
from service.watch.poll import poll_source
from service.watch.services import add_watch
from tests.matching.helpers import alerts
from tests.watch.boards import GreenhouseBoard, job
from workers.tick import run as run_tick

pytestmark = pytest.mark.usefixtures("connect_guard")


def tick_once(app: Flask) -> None:
    """One run of the real tick (claims due boards, re-queues unmatched polls, sweeps alerts)."""
    db.session.commit()
    run_tick(app, once=True, interval=0, stop=threading.Event())


def matched_at(poll_id: int) -> object:
    poll = db.session.get(Poll, poll_id, populate_existing=True)
    assert poll is not None
    return poll.matched_at


def test_a_poll_whose_match_job_was_lost_is_matched_after_the_next_tick(
    app: Flask,
    user: User,
    profile: TargetProfile,
    watch: Watch,
    board: GreenhouseBoard,
    poll_and_match: Callable[[Watch], None],
    run_worker: Callable[[], int],
    redis_url: str,
) -> None:
    poll_and_match(watch)  # the baseline
    board.jobs.append(job(3, "Data Engineer (m/w/d)", "Berlin"))
    poll = poll_source(watch.source_id)
    assert poll is not None
    poll_id = poll.id
    Redis.from_url(redis_url).flushdb()  # Redis lost its queue between the commit and the job

    assert run_worker() == 0
    assert alerts(user) == [] and matched_at(poll_id) is None

    tick_once(app)
    run_worker()
    assert alerts(user) == ["3"]
    assert matched_at(poll_id) is not None

    tick_once(app)  # matched: nothing is queued again
    assert run_worker() == 0
    assert alerts(user) == ["3"]


def test_a_poll_no_profile_watches_is_marked_matched_without_a_job(
    app: Flask, user: User, board: GreenhouseBoard, run_worker: Callable[[], int]
) -> None:
    watched = add_watch(user, board.url, "Acme", ats="greenhouse")
    poll = poll_source(watched.source_id)
    assert poll is not None
    assert matched_at(poll.id) is not None
    assert run_worker() == 0
