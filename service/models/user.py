"""Accounts and API tokens."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.clock import utcnow
from service.extensions import db

if TYPE_CHECKING:
    from service.models.network import Tier


def new_session_key() -> str:
    """A random key that is part of every login id of a user (see ``User.get_id``)."""
    return secrets.token_hex(16)


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    """A person using Next Round; owns every other row."""

    __tablename__ = "users"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    # Part of the login id in sessions and remember cookies; a new one signs out everywhere.
    session_key: Mapped[str] = mapped_column(sa.String(32), default=new_session_key)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC", server_default="UTC")
    """IANA zone name: digests and the weekly plan follow the user's own clock."""
    demo: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    """Made by `nextround demo`, which may reset it (it never touches any other account)."""

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    tiers: Mapped[list[Tier]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Tier.interval_days"
    )

    def get_id(self) -> str:
        """Flask-Login's id: the user id and the current session key."""
        return f"{self.id}:{self.session_key}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class ApiToken(db.Model):  # type: ignore[name-defined]
    """A bearer token for /api/v1; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")
