"""The stay-in-touch clock: next due = (latest touch, else tracking start) + the tier's interval.

One SQL statement computes it for one contact or for thousands (after an import, or when a
tier's interval changes), so there is a single definition of the rule.
"""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa

from service.extensions import db
from service.models import Contact, Tier
from service.models.types import DaysAfter


def due_expression() -> sa.ColumnElement[object]:
    """SQL for a contact's next-due date (NULL without a tier)."""
    interval = sa.select(Tier.interval_days).where(Tier.id == Contact.tier_id).scalar_subquery()
    return DaysAfter(sa.func.coalesce(Contact.last_touch_on, Contact.tracking_since), interval)


def recompute_due(
    user_id: int, *, contact_ids: Collection[int] | None = None, tier_id: int | None = None
) -> None:
    """Refresh ``next_due_on`` for some (or all) of a user's contacts; in-session objects too."""
    db.session.flush()
    statement = sa.update(Contact).where(Contact.user_id == user_id)
    if contact_ids is not None:
        if not contact_ids:
            return
        statement = statement.where(Contact.id.in_(list(contact_ids)))
    if tier_id is not None:
        statement = statement.where(Contact.tier_id == tier_id)
    due = due_expression()
    # only rows whose date really moves: no write (nor updated_at bump) for the others
    statement = statement.where(Contact.next_due_on.is_distinct_from(due)).values(next_due_on=due)
    db.session.execute(statement.execution_options(synchronize_session="fetch"))
