"""RQ for real: job defaults, the worker in burst mode (frequent jobs in the worker itself,
others in a forked horse), and Redis being down."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from service.auth.tokens import create_token
from service.extensions import db
from service.imports.services import get_run_by_id, set_mapping, start_import
from service.models import Contact, ImportRun, ImportStatus, User
from service.queue import FAILURE_TTL, JOB_TIMEOUT, RESULT_TTL, enqueue, get_queue
from workers import worker as worker_module
from workers.worker import build_worker


def _connections(rows: int) -> bytes:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f'F{i},L{i},https://www.linkedin.com/in/f-{i},,"Acme, Inc",CTO,4 Apr 2021'
        for i in range(rows)
    ]
    return "\n".join(lines).encode()


def test_jobs_get_the_project_defaults(app: Flask) -> None:
    job = enqueue("os.getpid")
    assert job.timeout == JOB_TIMEOUT
    assert job.result_ttl == RESULT_TTL and job.failure_ttl == FAILURE_TTL
    assert job.retries_left == 3 and job.retry_intervals == [10, 60, 300]
    assert job.origin == app.config["RQ_QUEUE"]


def test_large_import_runs_in_a_forking_worker(app: Flask, user: User) -> None:
    close = next(t for t in user.tiers if t.name == "Close")
    run = start_import(user, "Connections.csv", _connections(120), tier_id=close.id)
    assert run.status is ImportStatus.QUEUED  # above the inline limit: queued after commit
    assert len(get_queue()) == 1
    db.session.commit()  # the test's own read transaction would hold SQLite's write lock
    worker = build_worker(app)
    assert worker.work(burst=True)
    db.session.expire_all()
    done = get_run_by_id(run.id)
    assert done.status is ImportStatus.DONE and done.created_count == 120
    assert done.progress_percent == 100
    people = Contact.query.filter_by(user_id=user.id).all()
    assert len(people) == 120
    # connected 4 Apr 2021, never touched, "Close" tier of 21 days: due since 25 Apr 2021
    assert {c.next_due_on for c in people} == {date(2021, 4, 25)}
    worker.refresh()
    assert worker.successful_job_count == 1


def test_burst_simple_worker_and_progress_through_the_api(
    app: Flask, user: User, run_worker: Callable[[], int]
) -> None:
    _, token = create_token(user, "t")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    posted = client.post(
        "/api/v1/imports",
        headers=headers,
        data={"file": (__import__("io").BytesIO(_connections(80)), "Connections.csv")},
    )
    assert posted.status_code == 202
    body = posted.get_json()
    assert body["status"] == "queued" and body["total_rows"] == 80
    assert run_worker() == 1
    status = client.get(f"/api/v1/imports/{body['id']}", headers=headers).get_json()
    assert status["status"] == "done" and status["progress_percent"] == 100
    assert status["created"] == 80


def test_redis_down_answers_503_and_loses_nothing(
    app_factory: Callable[..., Flask], tmp_path: Path
) -> None:
    app = app_factory(REDIS_URL=f"unix://{tmp_path / 'down.sock'}", RATELIMIT_ENABLED=False)
    with app.app_context():
        from service.auth.services import create_user

        user = create_user("down@example.com", "a long enough password")
        _, token = create_token(user, "t")
        import io

        response = app.test_client().post(
            "/api/v1/imports",
            headers={"Authorization": f"Bearer {token}"},
            data={"file": (io.BytesIO(_connections(80)), "Connections.csv")},
        )
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert response.get_json()["error"]["code"] == "queue_unavailable"
        run = ImportRun.query.one()
        assert run.status is ImportStatus.QUEUED and run.total_rows == 80  # kept for a retry
        pages = app.test_client()
        assert pages.get("/healthz").status_code == 200


def test_a_stuck_running_import_can_be_started_again_but_a_live_one_cannot(
    app: Flask, user: User
) -> None:
    from datetime import timedelta

    import pytest
    import sqlalchemy as sa

    from service.clock import utcnow
    from service.errors import ValidationFailed
    from service.imports.services import retry_import

    run = start_import(user, "Connections.csv", _connections(120))
    db.session.execute(
        sa.update(ImportRun)
        .where(ImportRun.id == run.id)
        .values(status=ImportStatus.RUNNING, progress_at=utcnow())
    )
    db.session.commit()
    with pytest.raises(ValidationFailed, match="running"):
        retry_import(user, run.id)
    db.session.execute(
        sa.update(ImportRun)
        .where(ImportRun.id == run.id)
        .values(progress_at=utcnow() - timedelta(hours=1))
    )
    db.session.commit()
    again = retry_import(user, run.id)
    assert again.status is ImportStatus.QUEUED
    db.session.commit()
    assert build_worker(app).work(burst=True)
    db.session.expire_all()
    assert get_run_by_id(run.id).status is ImportStatus.DONE


def test_a_spreadsheet_is_streamed_from_disk_by_a_forking_worker(app: Flask, user: User) -> None:
    sheet = "Name,Email\n" + "".join(f"Person {i},p{i}@example.com\n" for i in range(1_234))
    run = start_import(user, "people.csv", sheet.encode())
    stored = Path(app.config["IMPORT_UPLOAD_FOLDER"]) / (run.upload or "")
    assert stored.read_bytes() == sheet.encode()  # the upload waits on disk, not in the row
    set_mapping(user, run.id, ["name", "email"])
    db.session.commit()
    assert build_worker(app).work(burst=True)
    db.session.expire_all()

    done = get_run_by_id(run.id)
    assert (done.status, done.created_count, done.upload) == (ImportStatus.DONE, 1_234, None)
    assert not stored.exists()
    assert Contact.query.filter_by(user_id=user.id).count() == 1_234


def test_frequent_jobs_run_in_the_worker_itself_and_the_rest_in_a_forked_horse(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    forked = enqueue("os.getpid", job_id="forked")
    assert build_worker(app).work(burst=True)
    assert forked.latest_result().return_value != os.getpid()

    monkeypatch.setattr(worker_module, "IN_PROCESS_JOBS", frozenset({"os.getpid"}))
    inline = enqueue("os.getpid", job_id="inline")
    worker = build_worker(app)
    assert worker.work(burst=True)
    assert inline.latest_result().return_value == os.getpid()
    worker.refresh()
    assert worker.successful_job_count == 1 and worker.get_state() == "idle"


def test_every_job_named_to_run_in_the_worker_exists() -> None:
    for name in worker_module.IN_PROCESS_JOBS:
        module, _, func = name.rpartition(".")
        assert callable(getattr(importlib.import_module(module), func)), name
