"""The drafting studio: what a user tells about themselves, drafts, their versions, templates."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.clock import utcnow
from service.extensions import db
from service.models.types import enum_column


class DraftKind(enum.StrEnum):
    THANK_YOU = "thank-you"
    FEEDBACK_REQUEST = "feedback-request"
    KEEP_IN_TOUCH = "keep-in-touch"
    CONGRATULATIONS = "congratulations"
    CONNECTION_NOTE = "connection-note"
    HIRING = "hiring"
    REFERRAL = "referral"
    MENTOR = "mentor"
    POST_LESSONS = "post-lessons"
    POST_MILESTONE = "post-milestone"
    POST_OPINION = "post-opinion"
    POST_OPEN = "post-open"
    ARTICLE = "article"
    COMMENT = "comment"


class DraftTone(enum.StrEnum):
    WARM = "warm"
    CONCISE = "concise"
    FORMAL = "formal"


class DraftStatus(enum.StrEnum):
    DRAFT = "draft"
    READY = "ready"
    SENT = "sent"


class AboutYou(db.Model):  # type: ignore[name-defined]
    """The user's own profile for writing: who signs, what they know, want and sound like."""

    __tablename__ = "about_you"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    sign_name: Mapped[str] = mapped_column(sa.String(200), default="")
    headline: Mapped[str] = mapped_column(sa.String(300), default="")
    skills: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    goals: Mapped[str] = mapped_column(sa.Text, default="")
    topics: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    samples: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    """A few pieces of the user's own writing whose voice drafts follow."""
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Draft(db.Model):  # type: ignore[name-defined]
    """One piece of writing for one recipient and moment; the user sends or posts it."""

    __tablename__ = "drafts"
    __table_args__ = (
        sa.Index("ix_drafts_user_updated", "user_id", "updated_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[DraftKind] = mapped_column(enum_column(DraftKind))
    tone: Mapped[DraftTone] = mapped_column(enum_column(DraftTone), default=DraftTone.WARM)
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    vacancy_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("vacancies.id", ondelete="SET NULL"), index=True
    )
    company_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[DraftStatus] = mapped_column(enum_column(DraftStatus), default=DraftStatus.DRAFT)
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    """An article's headline, or a message's subject line."""
    body: Mapped[str] = mapped_column(sa.Text, default="")
    facts: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    """The answers to the kind's questions ("what did you talk about?")."""
    source: Mapped[str] = mapped_column(sa.Text, default="")
    """The post a comment answers, as the user pasted it."""
    seed: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    """Chooses the variants: a CRC-32 of what the draft is about, or the caller's seed."""
    writer: Mapped[str] = mapped_column(sa.String(40), default="template")
    """template, user-template, llm, you (an edit), or llm-queued while the LLM job waits."""
    fallback_reason: Mapped[str | None] = mapped_column(sa.Text)
    """Why the asked-for writer was not used (a user template's error, an LLM timeout)."""
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="draft",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="DraftVersion.number",
    )


class DraftVersion(db.Model):  # type: ignore[name-defined]
    """A saved state of a draft: the writer's first text, then each edit."""

    __tablename__ = "draft_versions"
    __table_args__ = (
        sa.UniqueConstraint("draft_id", "number"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(sa.ForeignKey("drafts.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    writer: Mapped[str] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    draft: Mapped[Draft] = relationship(back_populates="versions")


class DraftTemplate(db.Model):  # type: ignore[name-defined]
    """A user's own copy of a kind's template (rendered in a sandbox, with limits)."""

    __tablename__ = "draft_templates"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "kind"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[DraftKind] = mapped_column(enum_column(DraftKind))
    source: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
