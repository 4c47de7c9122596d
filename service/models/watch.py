"""The vacancy watch: shared board sources, users' watches, vacancies and their history."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.clock import utcnow
from service.extensions import db
from service.models.types import enum_column

if TYPE_CHECKING:
    from service.models.network import Company


class VacancyStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class EventKind(enum.StrEnum):
    NEW = "new"
    CHANGED = "changed"
    CLOSED = "closed"
    REOPENED = "reopened"
    REPOSTED = "reposted"


class Source(db.Model):  # type: ignore[name-defined]
    """One board, fetched once however many users watch it; its schedule lives here."""

    __tablename__ = "sources"
    __table_args__ = (
        sa.Index("ix_sources_due", "next_due_at", "lease_until"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    identity: Mapped[str] = mapped_column(sa.String(700), unique=True)
    """Normalised ``ats:token`` (the page URL as the token for jsonld/html)."""
    ats: Mapped[str] = mapped_column(sa.String(32))
    token: Mapped[str] = mapped_column(sa.String(600))
    url: Mapped[str] = mapped_column(sa.String(2000))
    """The address the user gave (a careers page, a board, an API URL)."""
    request: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    """The board's first request: url, method, json_body, accept."""
    config: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    interval_seconds: Mapped[int]
    next_due_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    leased_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    last_checked_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_outcome: Mapped[str | None] = mapped_column(sa.String(20))
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    etag: Mapped[str | None] = mapped_column(sa.String(500))
    last_modified: Mapped[str | None] = mapped_column(sa.String(100))
    content_hash: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    demo: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    """A board served by `nextround demo` while it runs: the tick and "check now" leave it be."""

    @property
    def failing(self) -> bool:
        """Whether the last few polls all failed (the watch shows "failing" with the reason)."""
        return self.consecutive_failures >= FAILING_AFTER


FAILING_AFTER = 3


class Watch(db.Model):  # type: ignore[name-defined]
    """A user's company watched through a source."""

    __tablename__ = "watches"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "company_id", "source_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sources.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    source: Mapped[Source] = relationship(lazy="joined")
    company: Mapped[Company] = relationship(lazy="joined")


class Vacancy(db.Model):  # type: ignore[name-defined]
    """One posting of a source, with the state its history gives it."""

    __tablename__ = "vacancies"
    __table_args__ = (
        sa.UniqueConstraint("source_id", "external_id"),
        sa.Index("ix_vacancies_source_status", "source_id", "status", "closed_at"),
        # deleting a vacancy looks up its reposts (ON DELETE SET NULL): without an index, one
        # scan of the table per row deleted
        sa.Index("ix_vacancies_repost_of", "repost_of_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("sources.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(sa.String(300))
    title: Mapped[str] = mapped_column(sa.String(500))
    url: Mapped[str] = mapped_column(sa.String(2000))
    location: Mapped[str | None] = mapped_column(sa.String(500))
    remote: Mapped[bool | None]
    department: Mapped[str | None] = mapped_column(sa.String(300))
    employment_type: Mapped[str | None] = mapped_column(sa.String(100))
    posted_at: Mapped[str | None] = mapped_column(sa.String(40))
    updated_at: Mapped[str | None] = mapped_column(sa.String(40))
    description_text: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[VacancyStatus] = mapped_column(
        enum_column(VacancyStatus), default=VacancyStatus.OPEN
    )
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    missing_count: Mapped[int] = mapped_column(default=0)
    repost_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("vacancies.id", ondelete="SET NULL")
    )

    events: Mapped[list[VacancyEvent]] = relationship(
        back_populates="vacancy", order_by="VacancyEvent.id", passive_deletes=True
    )


class VacancyEvent(db.Model):  # type: ignore[name-defined]
    """Something that happened to a vacancy: new, changed (and what), closed, reopened, reposted."""

    __tablename__ = "vacancy_events"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vacancies.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    changes: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    """For "changed": field → [before, after] (descriptions say only that they changed)."""
    at: Mapped[datetime] = mapped_column(default=utcnow)

    vacancy: Mapped[Vacancy] = relationship(back_populates="events")


class Poll(db.Model):  # type: ignore[name-defined]
    """One poll of a source: when, how it ended, what it found."""

    __tablename__ = "polls"
    __table_args__ = (
        sa.Index("ix_polls_source_started", "source_id", "started_at"),
        sa.Index("ix_polls_matched_at", "matched_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("sources.id", ondelete="CASCADE"))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(sa.String(20))
    pages: Mapped[int] = mapped_column(default=0)
    postings: Mapped[int] = mapped_column(default=0)
    new_count: Mapped[int] = mapped_column(default=0)
    changed_count: Mapped[int] = mapped_column(default=0)
    closed_count: Mapped[int] = mapped_column(default=0)
    reopened_count: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(sa.Text)
    matched_at: Mapped[datetime | None]
    """When its matching finished (complete reads only; the tick re-queues one left unmatched)."""
