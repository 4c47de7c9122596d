"""Import runs: the uploaded files, progress, and the per-row report."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from service.clock import utcnow
from service.extensions import db
from service.models.types import enum_column


class ImportStatus(enum.StrEnum):
    MAPPING = "mapping"  # a generic CSV waiting for its column mapping
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ImportRun(db.Model):  # type: ignore[name-defined]
    """One import of a LinkedIn export, a CSV or a Next Round export file."""

    __tablename__ = "import_runs"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # linkedin | csv | nextround
    filename: Mapped[str] = mapped_column(sa.String(255))
    status: Mapped[ImportStatus] = mapped_column(
        enum_column(ImportStatus), default=ImportStatus.QUEUED
    )
    upload: Mapped[str | None] = mapped_column(sa.String(64))  # the file in the upload folder
    column_map: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    total_rows: Mapped[int] = mapped_column(default=0)
    processed_rows: Mapped[int] = mapped_column(default=0)
    created_count: Mapped[int] = mapped_column(default=0)
    updated_count: Mapped[int] = mapped_column(default=0)
    skipped_count: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    progress_at: Mapped[datetime | None]  # last sign of life of the job applying it

    @property
    def progress_percent(self) -> int:
        if self.status is ImportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(100 * self.processed_rows / self.total_rows))
