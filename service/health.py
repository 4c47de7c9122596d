"""Liveness and readiness probes."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify, redirect, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError

from service.extensions import db
from service.queue import redis_ok

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """The process is up."""
    return jsonify(status="ok")


@bp.get("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """Browsers ask for /favicon.ico whatever the page says."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """The database and Redis are reachable; names whichever is down."""
    checks = {"database": _database_ok(), "redis": redis_ok()}
    down = [name for name, ok in checks.items() if not ok]
    body = {"status": "ok" if not down else "unavailable", "checks": checks, "down": down}
    return jsonify(body), (200 if not down else 503)


def _database_ok() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True
