"""Small helpers the tests share (fixtures live in conftest.py)."""

from __future__ import annotations

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
