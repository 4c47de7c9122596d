"""Stay-in-touch tiers: the user's own cadences."""

from __future__ import annotations

import sqlalchemy as sa

from service.contacts.due import recompute_due
from service.errors import Conflict
from service.extensions import db
from service.models import Contact, Tier, User
from service.owned import owned
from service.settings.schemas import TierIn
from service.validation import parse


def list_tiers(user: User) -> list[Tier]:
    """The user's tiers, shortest interval first."""
    query = sa.select(Tier).where(Tier.user_id == user.id).order_by(Tier.interval_days, Tier.name)
    return list(db.session.scalars(query))


def get_tier(user: User, tier_id: int) -> Tier:
    """The user's tier; someone else's id is simply not found."""
    return owned(Tier, user, tier_id, "No such tier.")


def _check(user: User, name: str, interval_days: int, tier_id: int | None = None) -> TierIn:
    fields = parse(TierIn, {"name": name, "interval_days": interval_days}, "The tier needs fixing.")
    clash = db.session.scalar(
        sa.select(Tier.id).where(Tier.user_id == user.id, Tier.name == fields.name)
    )
    if clash is not None and clash != tier_id:
        raise Conflict(f"You already have a tier called {fields.name!r}.", {"name": "taken"})
    return fields


def create_tier(user: User, name: str, interval_days: int) -> Tier:
    """Add a stay-in-touch tier."""
    fields = _check(user, name, interval_days)
    tier = Tier(user_id=user.id, name=fields.name, interval_days=fields.interval_days)
    db.session.add(tier)
    db.session.commit()
    return tier


def update_tier(user: User, tier_id: int, name: str, interval_days: int) -> Tier:
    """Rename a tier or change its interval; its contacts' due dates follow."""
    tier = get_tier(user, tier_id)
    fields = _check(user, name, interval_days, tier.id)
    tier.name, tier.interval_days = fields.name, fields.interval_days
    recompute_due(user.id, tier_id=tier.id)
    db.session.commit()
    return tier


def delete_tier(user: User, tier_id: int) -> None:
    """Delete a tier; its contacts keep their history but get no reminders."""
    tier = get_tier(user, tier_id)
    db.session.execute(
        sa.update(Contact)
        .where(Contact.user_id == user.id, Contact.tier_id == tier.id)
        .values(tier_id=None, next_due_on=None)
        .execution_options(synchronize_session="fetch")
    )
    db.session.delete(tier)
    db.session.commit()
