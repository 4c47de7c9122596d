"""Target profiles and match settings: read, validate (ProfileIn, SettingsIn), save, re-score.

Every change commits, then queues a re-score of the user's open vacancies (one job per user,
fixed id): the feed follows the profile without alerting what was already there and without
bringing back what the user dismissed.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa

from service.errors import Conflict, UnknownReference, ValidationFailed
from service.extensions import db
from service.matching.schemas import ProfileIn, SettingsIn
from service.models import Company, MatchSettings, TargetProfile, User
from service.owned import owned
from service.queue import QueueUnavailable, enqueue_once
from service.validation import parse

log = logging.getLogger(__name__)

RESCORE_JOB = "workers.jobs.rescore_matches"


def rescore_job_id(user_id: int) -> str:
    return f"rescore-{user_id}"


def queue_rescore(user_id: int) -> bool:
    """Queue the user's re-score after a commit; False when Redis is down (logged).

    A re-score already running may have read the old profile, so a change made meanwhile
    queues one more behind it (under a second fixed id).
    """
    try:
        for job_id in (rescore_job_id(user_id), rescore_job_id(user_id) + "-next"):
            if enqueue_once(RESCORE_JOB, user_id, job_id=job_id) is not None:
                return True
    except QueueUnavailable as exc:
        log.warning("user %s: re-score not queued: %s", user_id, exc)
        return False
    return True


def list_profiles(user: User) -> list[TargetProfile]:
    """The user's profiles by name."""
    query = sa.select(TargetProfile).where(TargetProfile.user_id == user.id)
    return list(db.session.scalars(query.order_by(TargetProfile.name, TargetProfile.id)))


def get_profile(user: User, profile_id: int) -> TargetProfile:
    """The user's profile; someone else's id is simply not found."""
    return owned(TargetProfile, user, profile_id, "No such profile.")


def profile_fields(profile: TargetProfile) -> dict[str, Any]:
    """A profile as ``ProfileIn`` data (for forms and partial updates)."""
    return {name: getattr(profile, name) for name in ProfileIn.model_fields}


def _check_name(user: User, name: str, profile_id: int | None) -> None:
    """Names are compared without case in Python: SQL's lower() folds ASCII only, so "Ärzte"
    and "ärzte" (or the same non-ASCII name twice) would pass it and hit the unique index."""
    query = sa.select(TargetProfile.id, TargetProfile.name).where(TargetProfile.user_id == user.id)
    for other, taken in db.session.execute(query):
        if other != profile_id and taken.casefold() == name.casefold():
            raise Conflict(f"You already have a profile called {name!r}.", {"name": "taken"})


def _apply(profile: TargetProfile, data: ProfileIn) -> None:
    for name in ProfileIn.model_fields:
        value = getattr(data, name)
        if name == "seniority":
            value = [level.value for level in value]
        setattr(profile, name, value)


def create_profile(user: User, fields: dict[str, Any], *, rescore: bool = True) -> TargetProfile:
    """Add a profile; names are unique per user, whatever their case.

    ``rescore=False`` leaves the re-score to the caller (a page that says whether it was queued).
    """
    data = parse(ProfileIn, fields)
    _check_name(user, data.name, None)
    profile = TargetProfile(user_id=user.id)
    _apply(profile, data)
    db.session.add(profile)
    db.session.commit()
    log.info("user %s added profile %s", user.id, profile.id)
    if rescore:
        queue_rescore(user.id)
    return profile


def update_profile(
    user: User, profile_id: int, changes: dict[str, Any], *, rescore: bool = True
) -> TargetProfile:
    """Change some fields (the others keep their values), then re-score."""
    profile = get_profile(user, profile_id)
    data = parse(ProfileIn, {**profile_fields(profile), **changes})
    _check_name(user, data.name, profile.id)
    _apply(profile, data)
    db.session.commit()
    if rescore:
        queue_rescore(user.id)
    return profile


def delete_profile(user: User, profile_id: int, *, rescore: bool = True) -> None:
    """Delete a profile; its matches are re-scored against the user's other profiles."""
    db.session.delete(get_profile(user, profile_id))
    db.session.commit()
    if rescore:
        queue_rescore(user.id)


def get_settings(user: User) -> MatchSettings:
    """The user's match settings (the defaults, unsaved, until they change them)."""
    found = db.session.get(MatchSettings, user.id)
    if found is not None:
        return found
    defaults = SettingsIn()
    return MatchSettings(user_id=user.id, **defaults.model_dump())


def settings_fields(settings: MatchSettings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in SettingsIn.model_fields}


def update_settings(user: User, changes: dict[str, Any], *, rescore: bool = True) -> MatchSettings:
    """Save boosts and company preferences (the user's own companies only), then re-score."""
    settings = get_settings(user)
    data = parse(SettingsIn, {**settings_fields(settings), **changes})
    favourite, blocked = set(data.favourite_company_ids), set(data.blocked_company_ids)
    if favourite & blocked:
        raise ValidationFailed(
            "A company cannot be both a favourite and blocked.", {"blocked_company_ids": "overlap"}
        )
    unknown = (favourite | blocked) - _company_ids(user, favourite | blocked)
    if unknown:
        raise UnknownReference(
            "Some of those companies are not yours.", {"company_ids": sorted(unknown)}
        )
    for name, value in data.model_dump().items():
        setattr(settings, name, sorted(value) if isinstance(value, list) else value)
    db.session.merge(settings)
    db.session.commit()
    if rescore:
        queue_rescore(user.id)
    return db.session.get(MatchSettings, user.id) or settings


def _company_ids(user: User, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    query = sa.select(Company.id).where(Company.user_id == user.id, Company.id.in_(ids))
    return set(db.session.scalars(query))
