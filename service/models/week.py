"""Persisted weekly plans: one per user and ISO week, its items ticked, skipped or rolled."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.clock import utcnow
from service.extensions import db
from service.models.types import enum_column


class ItemState(enum.StrEnum):
    PLANNED = "planned"
    """Put there by the planner for this week."""
    ROLLED = "rolled"
    """Left undone last week and carried into this one (once)."""
    DROPPED = "dropped"
    """Left undone two weeks running: shown as a note, no longer a to-do."""


class WeekSettings(db.Model):  # type: ignore[name-defined]
    """When a user's plan is built and sent (local weekday and hour), and the calendar token."""

    __tablename__ = "week_settings"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    """Whether the tick builds and sends the plan at ``weekday`` and ``hour`` (chosen in
    Settings; off until the user turns it on)."""
    weekday: Mapped[int] = mapped_column(default=0)
    """0 = Monday … 6 = Sunday, on the user's own clock (``User.timezone``)."""
    hour: Mapped[int] = mapped_column(default=7)
    posts_per_week: Mapped[int] = mapped_column(default=1, server_default="1")
    """The user's own goal: posts (and articles) marked sent per ISO week."""
    comments_per_week: Mapped[int] = mapped_column(default=3, server_default="3")
    """The user's own goal: comments marked sent per ISO week."""
    feed_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    """SHA-256 of the secret in the calendar feed's URL (the secret itself is never stored)."""


class WeekPlan(db.Model):  # type: ignore[name-defined]
    """A user's plan for one ISO week (``2026-W48``)."""

    __tablename__ = "week_plans"
    __table_args__ = (sa.UniqueConstraint("user_id", "week"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    week: Mapped[str] = mapped_column(sa.String(8))
    event_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    """Carried by the digest's e-mail and webhook (receivers drop repeats by it)."""
    built_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    """Set by the conditional UPDATE that claims the digest: it is sent once."""
    attempts: Mapped[int] = mapped_column(default=0)
    retry_at: Mapped[datetime | None]
    """After a delivery that reached no channel: not claimed again before this time."""
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    items: Mapped[list[WeekItem]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(WeekItem.due, WeekItem.position)",
    )


class WeekItem(db.Model):  # type: ignore[name-defined]
    """One line of a weekly plan, found again by the planner's stable ``key`` on re-plans."""

    __tablename__ = "week_items"
    __table_args__ = (sa.UniqueConstraint("plan_id", "key"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("week_plans.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(500))
    why: Mapped[str] = mapped_column(sa.Text, default="")
    link: Mapped[str] = mapped_column(sa.String(500), default="")
    draft: Mapped[str | None] = mapped_column(sa.String(500))
    due: Mapped[date]
    overdue: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    state: Mapped[ItemState] = mapped_column(enum_column(ItemState), default=ItemState.PLANNED)
    rolled_from: Mapped[str | None] = mapped_column(sa.String(8))
    """The week it was left undone in (rolled and dropped items)."""
    ticked_at: Mapped[datetime | None]
    touch_id: Mapped[int | None] = mapped_column(sa.ForeignKey("touches.id", ondelete="SET NULL"))
    """The touch that ticking a contact item logged (unticking removes it)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[WeekPlan] = relationship(back_populates="items")
