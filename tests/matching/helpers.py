"""Helpers of the matching tests: what a user's matches and alerts are."""

from __future__ import annotations

import sqlalchemy as sa

from service.extensions import db
from service.models import Alert, Match, User, Vacancy


def matches(user: User) -> dict[str, Match]:
    """The user's match rows by the external id of their vacancy."""
    query = (
        sa.select(Vacancy.external_id, Match)
        .join(Vacancy, Vacancy.id == Match.vacancy_id)
        .where(Match.user_id == user.id)
        .execution_options(populate_existing=True)
    )
    return {eid: match for eid, match in db.session.execute(query)}  # noqa: C416


def alerts(user: User) -> list[str]:
    """The external ids of the vacancies the user was alerted about, in order."""
    query = (
        sa.select(Vacancy.external_id)
        .join(Alert, Alert.vacancy_id == Vacancy.id)
        .where(Alert.user_id == user.id)
        .order_by(Alert.id)
    )
    return list(db.session.scalars(query))
