"""Alerts: each user's channels, the outbox (one row per user, vacancy and channel), digests."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.clock import utcnow
from service.extensions import db
from service.models.types import enum_column

if TYPE_CHECKING:
    from service.models.matching import Match
    from service.models.watch import Vacancy


class ChannelKind(enum.StrEnum):
    IN_APP = "in_app"
    EMAIL = "email"
    WEBHOOK = "webhook"


class Cadence(enum.StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"


class WebhookFormat(enum.StrEnum):
    JSON = "json"
    SLACK = "slack"
    DISCORD = "discord"


class AlertStatus(enum.StrEnum):
    PENDING = "pending"
    """Waiting for its delivery job (or for its digest)."""
    SENDING = "sending"
    """Claimed by a delivery until ``lease_until``; an expired lease is pending again."""
    SENT = "sent"
    FAILED = "failed"
    """Gave up after the last retry; ``last_error`` says why."""


class Channel(db.Model):  # type: ignore[name-defined]
    """Where a user's alerts go, and how often."""

    __tablename__ = "alert_channels"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ChannelKind] = mapped_column(enum_column(ChannelKind))
    name: Mapped[str] = mapped_column(sa.String(100), default="")
    enabled: Mapped[bool] = mapped_column(default=True)
    cadence: Mapped[Cadence] = mapped_column(enum_column(Cadence), default=Cadence.IMMEDIATE)
    digest_hour: Mapped[int] = mapped_column(default=8)
    """Local hour (the user's time zone) at which a daily or weekly digest goes out."""
    email: Mapped[str | None] = mapped_column(sa.String(254))
    webhook_url: Mapped[str | None] = mapped_column(sa.String(2000))
    webhook_secret: Mapped[str | None] = mapped_column(sa.String(128))
    """Signs each body (HMAC-SHA256); the receiver holds the same secret."""
    webhook_format: Mapped[WebhookFormat] = mapped_column(
        enum_column(WebhookFormat), default=WebhookFormat.JSON
    )
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    paused_at: Mapped[datetime | None]
    paused_reason: Mapped[str | None] = mapped_column(sa.Text)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    last_sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Alert(db.Model):  # type: ignore[name-defined]
    """The outbox: one row per (user, vacancy, channel), delivered at least once."""

    __tablename__ = "alerts"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "vacancy_id", "channel_id"),
        sa.Index("ix_alerts_due", "status", "next_attempt_at"),
        sa.Index("ix_alerts_user_channel", "user_id", "channel_id", "status"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    vacancy_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vacancies.id", ondelete="CASCADE"), index=True
    )
    channel_id: Mapped[int] = mapped_column(
        sa.ForeignKey("alert_channels.id", ondelete="CASCADE"), index=True
    )
    match_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("matches.id", ondelete="SET NULL"), index=True
    )
    event_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    """Stable across retries: receivers drop a repeat by it."""
    status: Mapped[AlertStatus] = mapped_column(
        enum_column(AlertStatus), default=AlertStatus.PENDING
    )
    cadence: Mapped[Cadence] = mapped_column(enum_column(Cadence))
    """The channel's cadence when the alert was written: immediate ones get their own job."""
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    digest_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("alert_digests.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    """In-app alerts: when the user read it (unread ones are counted in the navigation)."""

    vacancy: Mapped[Vacancy] = relationship()
    match: Mapped[Match | None] = relationship()
    channel: Mapped[Channel] = relationship()


class Digest(db.Model):  # type: ignore[name-defined]
    """One daily or weekly digest of a channel: sent once, holding only what was not yet sent."""

    __tablename__ = "alert_digests"
    __table_args__ = (
        sa.UniqueConstraint("channel_id", "period"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel_id: Mapped[int] = mapped_column(sa.ForeignKey("alert_channels.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(sa.String(20))
    """``2026-11-26`` for a daily digest, ``2026-W48`` for a weekly one."""
    event_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    status: Mapped[AlertStatus] = mapped_column(
        enum_column(AlertStatus), default=AlertStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
