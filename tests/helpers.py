"""Small helpers the tests share (fixtures live in conftest.py)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask.testing import FlaskClient

from service.models import User

PASSWORD = "correct horse battery"


def login(client: FlaskClient, user: User) -> FlaskClient:
    """Sign ``client`` in as ``user`` through Flask-Login's session keys."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def tier_id(user: User, name: str) -> int:
    """The id of ``user``'s stay-in-touch tier called ``name``."""
    return next(t.id for t in user.tiers if t.name == name)


@contextmanager
def postgres_schema(base: str, prefix: str) -> Iterator[str]:
    """A new, empty schema in the PostgreSQL at ``base``: its URL, and the schema dropped after."""
    base = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", base)
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
