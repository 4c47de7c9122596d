"""API tokens: shown once, stored as SHA-256, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from pydantic import Field

from service.clock import utcnow
from service.extensions import db
from service.models import ApiToken, User
from service.owned import owned
from service.validation import NOT_BLANK, Input, parse

TOKEN_PREFIX = "nr_"  # noqa: S105 - a public prefix, not a secret
USE_STAMP_EVERY = timedelta(minutes=5)


def hash_token(plaintext: str) -> str:
    """What is stored of a token: its SHA-256, hex."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


class TokenIn(Input):
    """A token's name: what will use it (1-100 characters)."""

    name: str = Field(min_length=1, max_length=100, json_schema_extra=NOT_BLANK)


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its plaintext, which is never stored and never shown again."""
    name = parse(TokenIn, {"name": name}, "Give the token a name of 1 to 100 characters.").name
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id, name=name, token_hash=hash_token(plaintext), prefix=plaintext[:10]
    )
    db.session.add(token)
    db.session.commit()
    return token, plaintext


def list_tokens(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked ones included)."""
    query = sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(db.session.scalars(query))


def get_token(user: User, token_id: int) -> ApiToken:
    """The user's token; someone else's id is simply not found."""
    return owned(ApiToken, user, token_id, "No such token.")


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Revoke a token; the next request that uses it is refused."""
    token = get_token(user, token_id)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    return token


def active_token(plaintext: str) -> ApiToken | None:
    """The active token with this secret, or None (looked up by hash: no timing leak)."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    query = sa.select(ApiToken).where(ApiToken.token_hash == hash_token(plaintext))
    token = db.session.scalar(query)
    if token is None or token.revoked_at is not None:
        return None
    return token


def record_token_use(token: ApiToken) -> None:
    """Stamp ``last_used_at`` at most every few minutes, in a write transaction of its own."""
    now = utcnow()
    if token.last_used_at and now - token.last_used_at < USE_STAMP_EVERY:
        return
    db.session.commit()  # end the read transaction before writing
    token.last_used_at = now
    db.session.commit()
