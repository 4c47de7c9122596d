"""/api/v1 target profiles, match settings and the matches feed (with the user's verdicts).

Everything goes through service.matching: a change commits, then queues the user's re-score.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask.typing import ResponseReturnValue

from service.api import api_user, bp
from service.api.common import contact_json, json_body, page_body, page_of, paging
from service.api.watches import match_summary, vacancy_json
from service.errors import ValidationFailed
from service.ids import parse_int
from service.matching import feed, profiles
from service.matching.schemas import MatchStateIn, ProfileIn, SettingsIn
from service.models import MatchSettings, TargetProfile
from service.timestamps import rfc3339
from service.validation import partial

MAX_SCORE = 100


def profile_json(p: TargetProfile) -> dict[str, Any]:
    """A target profile as the API shows it."""
    return {
        "id": p.id,
        **{name: getattr(p, name) for name in ProfileIn.model_fields},
        "created_at": rfc3339(p.created_at),
        "updated_at": rfc3339(p.updated_at),
    }


def settings_json(s: MatchSettings) -> dict[str, Any]:
    """The user's match settings (boosts and company preferences)."""
    return profiles.settings_fields(s)


def item_json(item: feed.FeedItem) -> dict[str, Any]:
    """A match with its vacancy, the user's company and the people they know there."""
    company = item.company
    return {
        **match_summary(item.match),
        "created_at": rfc3339(item.match.created_at),
        "vacancy": vacancy_json(item.vacancy, company.name if company else None),
        "company": {"id": company.id, "name": company.name} if company else None,
        "people": [contact_json(c) for c in item.people],
    }


# Profiles


@bp.get("/v1/profiles")
def list_profiles() -> ResponseReturnValue:
    return page_of(profiles.list_profiles(api_user()), profile_json)


@bp.post("/v1/profiles")
def create_profile() -> ResponseReturnValue:
    return profile_json(profiles.create_profile(api_user(), json_body(ProfileIn))), 201


@bp.get("/v1/profiles/<id:profile_id>")
def get_profile(profile_id: int) -> ResponseReturnValue:
    return profile_json(profiles.get_profile(api_user(), profile_id))


@bp.patch("/v1/profiles/<id:profile_id>")
def update_profile(profile_id: int) -> ResponseReturnValue:
    profiles.get_profile(api_user(), profile_id)
    changes = json_body(partial(ProfileIn))
    return profile_json(profiles.update_profile(api_user(), profile_id, changes))


@bp.delete("/v1/profiles/<id:profile_id>")
def delete_profile(profile_id: int) -> ResponseReturnValue:
    profiles.delete_profile(api_user(), profile_id)
    return "", 204


# Settings


@bp.get("/v1/match-settings")
def get_settings() -> ResponseReturnValue:
    return settings_json(profiles.get_settings(api_user()))


@bp.patch("/v1/match-settings")
def update_settings() -> ResponseReturnValue:
    changes = json_body(partial(SettingsIn))
    return settings_json(profiles.update_settings(api_user(), changes))


# Matches


def _filter() -> feed.MatchFilter:
    tab = request.args.get("status", "new")
    if not tab:  # as everywhere in the API, an empty filter is refused, not read as "any"
        raise ValidationFailed("status is one of new, interested, dismissed.", {"status": "empty"})
    return feed.MatchFilter(
        status=feed.parse_status(tab),
        profile_id=parse_int(request.args.get("profile_id"), "profile_id"),
        company_id=parse_int(request.args.get("company_id"), "company_id"),
        min_score=parse_int(request.args.get("min_score"), "min_score", low=0, high=MAX_SCORE),
    )


@bp.get("/v1/matches")
def list_matches() -> ResponseReturnValue:
    filters = _filter()
    page, per_page = paging()
    found = feed.list_matches(api_user(), filters, page=page, per_page=per_page)
    return page_body([item_json(i) for i in found.items], found.total, page, per_page)


@bp.get("/v1/matches/<id:match_id>")
def get_match(match_id: int) -> ResponseReturnValue:
    return item_json(feed.get_item(api_user(), match_id))


@bp.patch("/v1/matches/<id:match_id>")
def set_verdict(match_id: int) -> ResponseReturnValue:
    feed.get_match(api_user(), match_id)
    state = MatchStateIn.model_validate(json_body(MatchStateIn)).state
    feed.set_state(api_user(), match_id, state)
    return item_json(feed.get_item(api_user(), match_id))
