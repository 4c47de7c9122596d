"""Matching: what each user wants (target profiles), their weights, and the scored matches."""

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
    from service.models.watch import Vacancy


class MatchState(enum.StrEnum):
    NEW = "new"
    INTERESTED = "interested"
    DISMISSED = "dismissed"


class TargetProfile(db.Model):  # type: ignore[name-defined]
    """One kind of job a user wants, e.g. "data platform lead" (a user may keep several)."""

    __tablename__ = "target_profiles"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "name"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    titles: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    """Wanted titles, as the user writes them ("senior data engineer")."""
    keywords: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    excluded: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    """Words that rule a vacancy out ("intern", "unpaid")."""
    locations: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    remote: Mapped[bool] = mapped_column(default=False)
    """Remote postings are welcome wherever they are."""
    seniority: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    departments: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    min_score: Mapped[int] = mapped_column(default=50)
    """A vacancy scoring at least this is a match."""
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MatchSettings(db.Model):  # type: ignore[name-defined]
    """A user's company preferences and boosts, shared by all their profiles."""

    __tablename__ = "match_settings"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    favourite_company_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    blocked_company_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    boost_past_employer: Mapped[int] = mapped_column(default=15)
    boost_rejected_me: Mapped[int] = mapped_column(default=15)
    boost_known_contact: Mapped[int] = mapped_column(default=10)
    boost_favourite: Mapped[int] = mapped_column(default=10)


class Match(db.Model):  # type: ignore[name-defined]
    """A vacancy scored for a user: its best profile, score, reasons and the user's verdict.

    The row stays when a re-score drops it below the threshold (``matched`` false) so that a
    dismissed match stays dismissed when the posting changes.
    """

    __tablename__ = "matches"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "vacancy_id"),
        sa.Index("ix_matches_user_state", "user_id", "matched", "state", "scored_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    vacancy_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vacancies.id", ondelete="CASCADE"), index=True
    )
    profile_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("target_profiles.id", ondelete="SET NULL"), index=True
    )
    score: Mapped[int]
    matched: Mapped[bool]
    reasons: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    state: Mapped[MatchState] = mapped_column(enum_column(MatchState), default=MatchState.NEW)
    baseline: Mapped[bool] = mapped_column(default=False)
    """Found by the first read of a newly watched board: shown, never alerted."""
    repost: Mapped[bool] = mapped_column(default=False)
    alerted: Mapped[bool] = mapped_column(default=False)
    """Its alerts were written to the outbox (once per match, whatever re-scores follow)."""
    scored_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    vacancy: Mapped[Vacancy] = relationship()
    profile: Mapped[TargetProfile | None] = relationship()
