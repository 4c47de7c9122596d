"""Per-user bookkeeping of the vacancy pages: the last visit, the latest board discovery."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db


class VacancyVisit(db.Model):  # type: ignore[name-defined]
    """A user's visits to the vacancies page: the latest, and where "new" starts."""

    __tablename__ = "vacancy_visits"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    seen_at: Mapped[datetime]
    """The latest visit."""
    new_since: Mapped[datetime | None]
    """The end of the visit before this one: vacancies first seen after it are "new"."""


class DiscoveryRun(db.Model):  # type: ignore[name-defined]
    """A user's latest "watch my past employers" search: its state and what answered."""

    __tablename__ = "discovery_runs"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(sa.String(20))
    """queued, running, done or failed."""
    requested_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    results: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    """Per company searched: company_id, name, found [{kind, token, api_url, postings}], error."""
    error: Mapped[str | None] = mapped_column(sa.Text)
