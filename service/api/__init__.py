"""JSON API under /api/v1: bearer tokens only (the session cookie is never accepted)."""

from __future__ import annotations

from flask import Blueprint, g, request
from flask.typing import ResponseReturnValue

from service.auth.tokens import active_token, record_token_use
from service.db import read_only_transactions
from service.errors import api_error
from service.models import User

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
def _authenticate() -> ResponseReturnValue | None:
    """Every /api/v1 route needs ``Authorization: Bearer <token>``; the spec is public."""
    if request.endpoint in {"api.openapi", None}:
        return None
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    token = active_token(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        response = api_error(
            401, "unauthorized", "Send a valid API token as 'Authorization: Bearer <token>'."
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="nextround"'
        return response
    g.api_user = token.user
    record_token_use(token)
    if g.get("read_only"):
        read_only_transactions()
    return None


def api_user() -> User:
    user: User = g.api_user
    return user


# the routes register on bp
from service.api import (  # noqa: E402,F401
    alerts,
    applications,
    contacts,
    drafts,
    matching,
    openapi,
    resources,
    watches,
    week,
)
