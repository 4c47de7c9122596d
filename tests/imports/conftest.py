"""Fixtures of the import tests: watching the SQL an import runs, and when it parses."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from service.extensions import db
from service.imports.archive import csv_entries
from service.imports.backup import load_export
from service.imports.csvfiles import decode


@pytest.fixture
def upload_folder(app: Flask) -> Path:
    """Where this test's uploads wait for their job (a folder of the test's own)."""
    return Path(app.config["IMPORT_UPLOAD_FOLDER"])


@pytest.fixture
def statements(app: Flask) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement the app runs, with its parameters, and "COMMIT" for each commit."""
    seen: list[tuple[str, Any]] = []

    def record(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        compiled = getattr(context, "compiled_parameters", None) or [{}]
        seen.append((statement, compiled[0]))

    def commit(conn: Any) -> None:
        seen.append(("COMMIT", {}))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    sa.event.listen(db.engine, "commit", commit)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", record)
    sa.event.remove(db.engine, "commit", commit)


@pytest.fixture
def parsing(app: Flask) -> Iterator[list[tuple[str, bool]]]:
    """Each call of the upload readers, with whether a transaction was open at the time.

    A profiler hook watches the real functions (nothing is replaced): on SQLite an open
    transaction outside a GET holds the database's write lock.
    """
    watched = {f.__code__: f.__name__ for f in (decode, load_export, csv_entries)}
    seen: list[tuple[str, bool]] = []

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code in watched:
            seen.append((watched[frame.f_code], db.session().in_transaction()))

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield seen
    finally:
        sys.setprofile(previous)
