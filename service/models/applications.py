"""Applications, their stages and the people met, feedback, the upskill plan and the playbook."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.clock import utcnow
from service.extensions import db
from service.models.types import enum_column

if TYPE_CHECKING:
    from service.models.network import Company, Contact
    from service.models.watch import Vacancy


class ApplicationSource(enum.StrEnum):
    HEADHUNTER = "headhunter"
    DIRECT = "direct"
    REFERRAL = "referral"
    OTHER = "other"

    @property
    def label(self) -> str:
        return "Headhunter / recruiter" if self is ApplicationSource.HEADHUNTER else self.title()


class StageKind(enum.StrEnum):
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEW = "interview"
    ASSESSMENT = "assessment"
    FINAL = "final"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    ACCEPTED = "accepted"

    @property
    def label(self) -> str:
        return {
            "assessment": "Assessment (e.g. psychometric test)",
            "final": "Final round",
        }.get(self.value, self.value.capitalize())

    @property
    def is_meeting(self) -> bool:
        """A stage where the user meets (or is tested by) the company: worth preparing for."""
        return self in MEETINGS

    @property
    def is_closed(self) -> bool:
        return self in CLOSED


MEETINGS = frozenset(
    {StageKind.SCREENING, StageKind.INTERVIEW, StageKind.ASSESSMENT, StageKind.FINAL}
)
CLOSED = frozenset({StageKind.REJECTED, StageKind.WITHDRAWN, StageKind.ACCEPTED})


class FeedbackCategory(enum.StrEnum):
    EXPERIENCE = "experience"
    QUALIFICATION = "qualification"
    PREPARATION = "preparation"
    QUESTIONS_ASKED = "questions_asked"
    OTHER_CANDIDATE = "other_candidate"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "questions_asked": "Questions asked",
            "other_candidate": "Internal or other candidate",
        }.get(self.value, self.value.capitalize())


class UpskillKind(enum.StrEnum):
    COURSE = "course"
    VOLUNTEER = "volunteer"
    PROJECT = "project"
    MENTOR = "mentor"
    PRACTICE = "practice"

    @property
    def label(self) -> str:
        return {"volunteer": "Volunteer work", "project": "Project work"}.get(
            self.value, self.value.capitalize()
        )


class PlaybookKind(enum.StrEnum):
    """What is owed; the value is also the drafting studio's ``kind``."""

    THANK_YOU = "thank-you"
    FEEDBACK_REQUEST = "feedback-request"
    KEEP_IN_TOUCH = "keep-in-touch"
    POST_MILESTONE = "post-milestone"

    @property
    def label(self) -> str:
        return {
            "thank-you": "Thank-you note",
            "feedback-request": "Ask for feedback",
            "keep-in-touch": "Keep-in-touch note",
            "post-milestone": "Post about the milestone",
        }[self.value]


stage_people = sa.Table(
    "application_stage_people",
    db.metadata,
    sa.Column(
        "stage_id", sa.ForeignKey("application_stages.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("contact_id", sa.ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_application_stage_people_contact", "contact_id"),
)


class Application(db.Model):  # type: ignore[name-defined]
    """A role applied for at a company, with where it stands and what comes next."""

    __tablename__ = "applications"
    __table_args__ = (
        sa.Index("ix_applications_user_stage", "user_id", "stage"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(300))
    vacancy_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("vacancies.id", ondelete="SET NULL"), index=True
    )
    source: Mapped[ApplicationSource] = mapped_column(
        enum_column(ApplicationSource), default=ApplicationSource.DIRECT
    )
    headhunter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    next_step: Mapped[str] = mapped_column(sa.String(500), default="")
    next_step_on: Mapped[date | None]
    stage: Mapped[StageKind] = mapped_column(enum_column(StageKind), default=StageKind.APPLIED)
    """The latest stage's kind (derived from the stages, kept for the pipeline's index)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    company: Mapped[Company] = relationship()
    vacancy: Mapped[Vacancy | None] = relationship()
    headhunter: Mapped[Contact | None] = relationship()
    stages: Mapped[list[ApplicationStage]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(ApplicationStage.occurred_on, ApplicationStage.id)",
    )
    feedback: Mapped[list[Feedback]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Feedback.received_on, Feedback.id)",
    )
    playbook: Mapped[list[PlaybookItem]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(PlaybookItem.due_on, PlaybookItem.id)",
    )


class ApplicationStage(db.Model):  # type: ignore[name-defined]
    """One step of an application on a date, with the people met there."""

    __tablename__ = "application_stages"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[StageKind] = mapped_column(enum_column(StageKind))
    occurred_on: Mapped[date]
    round: Mapped[int | None]
    """Which interview round (1, 2, …); None for the other stages."""
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="stages")
    people: Mapped[list[Contact]] = relationship(
        secondary=stage_people, order_by="(Contact.last_name, Contact.first_name)"
    )

    @property
    def label(self) -> str:
        return stage_label(self.kind, self.round)


def stage_label(kind: StageKind, round: int | None) -> str:
    """ "Interview, round 2", "Final round": how a stage is named on pages and in plans."""
    if kind is StageKind.INTERVIEW and round:
        return f"Interview, round {round}"
    return kind.label


class Feedback(db.Model):  # type: ignore[name-defined]
    """What the company said about a rejection, sorted into categories."""

    __tablename__ = "application_feedback"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    received_on: Mapped[date]
    text: Mapped[str] = mapped_column(sa.Text)
    categories: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="feedback")
    contact: Mapped[Contact | None] = relationship()

    @property
    def category_labels(self) -> list[str]:
        return [FeedbackCategory(c).label for c in self.categories]


class UpskillItem(db.Model):  # type: ignore[name-defined]
    """One step of the plan to close a gap: a course, a project, a mentor…"""

    __tablename__ = "upskill_items"
    __table_args__ = (
        sa.Index("ix_upskill_items_user_target", "user_id", "done_at", "target_on"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[UpskillKind] = mapped_column(enum_column(UpskillKind))
    title: Mapped[str] = mapped_column(sa.String(300))
    gap: Mapped[str] = mapped_column(sa.Text, default="")
    target_on: Mapped[date | None]
    progress: Mapped[int] = mapped_column(default=0)
    done_at: Mapped[datetime | None]
    feedback_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("application_feedback.id", ondelete="SET NULL"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    """The person whose feedback named the gap (told when it is closed)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    feedback: Mapped[Feedback | None] = relationship()
    contact: Mapped[Contact | None] = relationship()


class PlaybookItem(db.Model):  # type: ignore[name-defined]
    """A to-do the playbook owes: a thank-you, a feedback request, a milestone post…"""

    __tablename__ = "playbook_items"
    __table_args__ = (
        sa.Index("ix_playbook_items_user_open", "user_id", "done_at", "due_on"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    upskill_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("upskill_items.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PlaybookKind] = mapped_column(enum_column(PlaybookKind))
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[date]
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application | None] = relationship(back_populates="playbook")
    upskill: Mapped[UpskillItem | None] = relationship()
    contact: Mapped[Contact | None] = relationship()
