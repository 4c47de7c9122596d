"""Database behaviour the models rely on: SQLite in WAL with write locks taken up front.

SQLite returns "database is locked" at once, whatever the busy timeout, when a transaction that
began as a read tries to become a write while another connection writes. So every transaction
on SQLite starts with ``BEGIN IMMEDIATE`` (it waits for the write lock, up to the busy timeout),
except those explicitly marked read-only with ``read_only_transactions()`` (GET requests), which
start ``DEFERRED`` and never write.

So outside GET requests even a read holds the write lock until the transaction ends: jobs and
commands must commit (or roll back) before slow work such as a network fetch.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from service.extensions import db
from service.models.types import DaysAfter

SQLITE_BEGIN_OPTION = "nextround_sqlite_begin"


@sa.event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL, foreign keys, and transaction control handed to the "begin" hook below."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@sa.event.listens_for(Engine, "begin")
def _begin_sqlite(connection: Connection) -> None:
    """Emit BEGIN IMMEDIATE (default) or BEGIN DEFERRED for read-only transactions."""
    if connection.dialect.name != "sqlite":
        return
    mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "IMMEDIATE")
    connection.exec_driver_sql(f"BEGIN {mode}")


def read_only_transactions() -> None:
    """Mark the current session's next transaction as a read (no write lock on SQLite)."""
    if db.engine.dialect.name == "sqlite" and not db.session().in_transaction():
        db.session.connection(execution_options={SQLITE_BEGIN_OPTION: "DEFERRED"})


def release_write_lock() -> None:
    """End the current transaction before slow work (hashing, parsing) so no lock is held."""
    db.session.commit()


def sqlite_engine_options(busy_timeout_ms: int) -> dict[str, Any]:
    """Engine options for a SQLite file database: a busy timeout long enough to queue writers."""
    return {"connect_args": {"timeout": busy_timeout_ms / 1000}}


@compiles(DaysAfter, "sqlite")
def _days_after_sqlite(element: DaysAfter, compiler: SQLCompiler, **kw: Any) -> str:
    anchor, days = list(element.clauses)
    return (
        f"date({compiler.process(anchor, **kw)}, '+' || {compiler.process(days, **kw)} || ' days')"
    )


@compiles(DaysAfter)
def _days_after_default(element: DaysAfter, compiler: SQLCompiler, **kw: Any) -> str:
    anchor, days = list(element.clauses)
    return f"({compiler.process(anchor, **kw)} + {compiler.process(days, **kw)})"
