"""Probes, migrations and the worker wiring."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import upgrade

from service.extensions import db
from service.factory import MIGRATIONS
from tests.helpers import postgres_schema


def test_healthz_and_readyz(client) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["checks"] == {"database": True, "redis": True}


def test_readyz_names_redis_when_it_is_down(
    app_factory: Callable[..., Flask], tmp_path: Path
) -> None:
    app = app_factory(REDIS_URL=f"unix://{tmp_path / 'nothing-here.sock'}")
    with app.app_context():
        response = app.test_client().get("/readyz")
        assert response.status_code == 503
        assert response.get_json()["down"] == ["redis"]


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return config


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """An empty database of the kind under test: a new SQLite file or a new PostgreSQL schema."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    with postgres_schema(base, "nextround_mig") as url:
        yield url


def test_migrations_have_one_head_and_upgrade_an_empty_database_to_the_models(
    app_factory: Callable[..., Flask], empty_database: str
) -> None:
    assert len(ScriptDirectory.from_config(_alembic_config()).get_heads()) == 1
    migrated = app_factory(create_tables=False, SQLALCHEMY_DATABASE_URI=empty_database)
    with migrated.app_context():
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            tables = set(sa.inspect(conn).get_table_names())
        db.engine.dispose()
    assert diff == []
    assert {"users", "contacts", "touches", "import_runs", "alembic_version"} <= tables
