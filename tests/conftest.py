"""Fixtures: a real Redis, a fresh database per test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set, in a schema of our own), the app, clients, users, burst workers."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient
from redis import Redis
from rq import SimpleWorker

from service import create_app
from service.embedded_redis import EmbeddedRedis
from service.extensions import db
from service.models import User
from tests.boards.servers import ConnectGuard, LoopbackServer, activate, deactivate
from tests.helpers import PASSWORD, login, postgres_schema

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """REDIS_URL (CI: our own db number) or an embedded server for the session."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    with EmbeddedRedis(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """A schema of our own in TEST_DATABASE_URL, dropped at the end; None for SQLite runs."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield None
        return
    with postgres_schema(base, "nextround_test") as url:
        engine = sa.create_engine(url)
        db.metadata.create_all(engine)
        engine.dispose()
        yield url


def _truncate_all(url: str) -> None:
    """Empty every table of the session's schema (faster than re-creating them)."""
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app_factory(
    tmp_path: Path, redis_url: str, postgres_url: str | None
) -> Iterator[Callable[..., Flask]]:
    """Build test apps sharing this test's database and Redis; ``csrf=True`` turns CSRF on."""
    database = postgres_url or f"sqlite:///{tmp_path / 'test.db'}"
    made: list[Flask] = []

    def make(csrf: bool = False, create_tables: bool = True, **overrides: Any) -> Flask:
        config = {
            "NEXTROUND_ENV": "testing",
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SQLALCHEMY_DATABASE_URI": database,
            "REDIS_URL": redis_url,
            "RATELIMIT_STORAGE_URI": _limiter_uri(redis_url),
            "RQ_QUEUE": "nextround-test",
            "WTF_CSRF_ENABLED": csrf,
            "FETCH_POLICY": {"allow_loopback": True},
            "IMPORT_UPLOAD_FOLDER": str(tmp_path / "uploads"),
            **overrides,
        }
        app = create_app(config)
        app.test_client_class = RequestClient
        with app.app_context():
            if postgres_url is None and create_tables:
                db.create_all()
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    if postgres_url is not None:
        _truncate_all(postgres_url)
    Redis.from_url(redis_url).flushdb()


class RequestClient(FlaskClient):
    """A test client whose every request authenticates anew, as in production.

    The tests keep one app context pushed (so they can call service functions), and Flask
    reuses it for requests; Flask-Login caches the user in ``g``, so drop it per request.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        if has_app_context():
            g.pop("_login_user", None)
        return super().open(*args, **kwargs)


def _limiter_uri(redis_url: str) -> str:
    from config import redis_storage_uri

    return redis_storage_uri(redis_url)


@pytest.fixture
def app(app_factory: Callable[..., Flask]) -> Iterator[Flask]:
    """The app with its context pushed (service functions can be called directly)."""
    application = app_factory()
    with application.app_context():
        yield application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Create accounts through the real service (scrypt and default tiers included)."""
    from service.auth.services import create_user

    counter = iter(range(1, 10_000))

    def make(email: str | None = None, password: str = PASSWORD) -> User:
        return create_user(email or f"user{next(counter)}@example.com", password)

    return make


@pytest.fixture
def user(make_user: Callable[..., User]) -> User:
    return make_user("ada@example.com")


@pytest.fixture
def auth_client(client: FlaskClient, user: User) -> FlaskClient:
    return login(client, user)


@pytest.fixture
def run_worker(app: Flask) -> Callable[[], int]:
    """Run a real RQ worker in burst mode on the app's queue; returns the jobs it ran."""
    from service.queue import get_queue, redis_connection

    def run() -> int:
        db.session.commit()  # end the test's transaction, as any process does before waiting
        worker = SimpleWorker([get_queue()], connection=redis_connection())
        worker.work(burst=True)
        worker.refresh()  # the counters live in Redis
        return int(worker.successful_job_count + worker.failed_job_count)

    return run


@pytest.fixture
def connect_guard() -> Iterator[ConnectGuard]:
    """Fails the test on any connect outside loopback or any real DNS lookup while it runs."""
    guard = ConnectGuard()
    activate(guard)
    try:
        yield guard
    finally:
        deactivate(guard)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    """A real HTTP server on 127.0.0.1 and an ephemeral port, shut down after the test."""
    httpd = LoopbackServer().start()
    try:
        yield httpd
    finally:
        httpd.stop()
