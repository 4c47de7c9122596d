"""The contact book: companies, decision makers, stay-in-touch tiers, tags and touches."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.clock import utcnow
from service.extensions import db
from service.models.types import enum_column


class CompanyRelation(enum.StrEnum):
    PAST_EMPLOYER = "past_employer"
    REJECTED_ME = "rejected_me"
    INTERVIEWING = "interviewing"
    TARGET = "target"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"past_employer": "Past employer", "rejected_me": "Rejected me"}.get(
            self.value, self.value.capitalize()
        )


class ContactRole(enum.StrEnum):
    DECISION_MAKER = "decision_maker"
    HIRING_MANAGER = "hiring_manager"
    INTERVIEWER = "interviewer"
    RECRUITER = "recruiter"
    MENTOR = "mentor"
    PEER = "peer"
    OTHER = "other"

    @property
    def label(self) -> str:
        if self is ContactRole.RECRUITER:
            return "Headhunter / recruiter"
        return self.value.replace("_", " ").capitalize()


class TouchKind(enum.StrEnum):
    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    MESSAGE = "message"
    COMMENT = "comment"
    INTERVIEW = "interview"
    OTHER = "other"

    @property
    def label(self) -> str:
        return "E-mail" if self is TouchKind.EMAIL else self.value.capitalize()


class TouchDirection(enum.StrEnum):
    OUTGOING = "outgoing"
    INCOMING = "incoming"
    MUTUAL = "mutual"

    @property
    def label(self) -> str:
        return {"outgoing": "I reached out", "incoming": "They reached out"}.get(
            self.value, "Both / in person"
        )


contact_tags = sa.Table(
    "contact_tags",
    db.metadata,
    sa.Column("contact_id", sa.ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tier(db.Model):  # type: ignore[name-defined]
    """A stay-in-touch cadence the user names, e.g. "Decision makers" every 42 days."""

    __tablename__ = "tiers"
    __table_args__ = (sa.UniqueConstraint("user_id", "name"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    interval_days: Mapped[int]

    def __str__(self) -> str:
        return f"{self.name} (every {self.interval_days} days)"


class Company(db.Model):  # type: ignore[name-defined]
    """An organisation that matters to the search: past employer, rejecter, target…"""

    __tablename__ = "companies"
    __table_args__ = (sa.UniqueConstraint("user_id", "name_key"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_key: Mapped[str] = mapped_column(sa.String(200))
    website: Mapped[str | None] = mapped_column(sa.String(500))
    domain: Mapped[str | None] = mapped_column(sa.String(253))
    relation: Mapped[CompanyRelation] = mapped_column(
        enum_column(CompanyRelation), default=CompanyRelation.OTHER
    )
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    contacts: Mapped[list[Contact]] = relationship(back_populates="company", passive_deletes=True)


class Tag(db.Model):  # type: ignore[name-defined]
    """A user's label for contacts ("fintech", "met at PyCon")."""

    __tablename__ = "tags"
    __table_args__ = (sa.UniqueConstraint("user_id", "name"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(60))


class Contact(db.Model):  # type: ignore[name-defined]
    """A person in the user's network, usually a decision maker met during a search."""

    __tablename__ = "contacts"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "linkedin_slug"),
        sa.Index("ix_contacts_user_email", "user_id", "email"),
        sa.Index("ix_contacts_user_name", "user_id", "last_name", "first_name"),
        sa.Index("ix_contacts_user_due", "user_id", "next_due_on"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    first_name: Mapped[str] = mapped_column(sa.String(200))
    last_name: Mapped[str] = mapped_column(sa.String(200), default="")
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    company_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str | None] = mapped_column(sa.String(254))
    linkedin_slug: Mapped[str | None] = mapped_column(sa.String(200))
    role: Mapped[ContactRole] = mapped_column(enum_column(ContactRole), default=ContactRole.OTHER)
    how_met: Mapped[str] = mapped_column(sa.Text, default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    tier_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tiers.id", ondelete="SET NULL"), index=True
    )
    connected_on: Mapped[date | None]
    tracking_since: Mapped[date]
    # Both derived by service/contacts/due.py, never typed in: the latest touch, and that plus
    # the tier's interval (stored so "who is due" is an index range, not a scan).
    last_touch_on: Mapped[date | None]
    next_due_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    company: Mapped[Company | None] = relationship(back_populates="contacts")
    tier: Mapped[Tier | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=contact_tags, order_by="Tag.name")
    touches: Mapped[list[Touch]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Touch.occurred_at.desc(), Touch.id.desc())",
    )

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def linkedin_url(self) -> str | None:
        return f"https://www.linkedin.com/in/{self.linkedin_slug}/" if self.linkedin_slug else None


class Touch(db.Model):  # type: ignore[name-defined]
    """One interaction with a contact; the latest one restarts the stay-in-touch clock."""

    __tablename__ = "touches"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "external_key"),
        sa.Index("ix_touches_contact_occurred", "contact_id", "occurred_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(sa.ForeignKey("contacts.id", ondelete="CASCADE"))
    kind: Mapped[TouchKind] = mapped_column(enum_column(TouchKind))
    direction: Mapped[TouchDirection] = mapped_column(
        enum_column(TouchDirection), default=TouchDirection.OUTGOING
    )
    occurred_at: Mapped[datetime]
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    external_key: Mapped[str | None] = mapped_column(sa.String(120))  # import de-duplication
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contact: Mapped[Contact] = relationship(back_populates="touches")


class ContactAlias(db.Model):  # type: ignore[name-defined]
    """What a merged-away duplicate was known by, so a re-import finds the contact it became."""

    __tablename__ = "contact_aliases"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "kind", "value"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(16))  # slug | email | name_date
    value: Mapped[str] = mapped_column(sa.String(500))
