"""The OpenAPI part of /api/v1 profiles, match settings, matches, alerts and channels."""

from __future__ import annotations

from typing import Any

from service.alerts.schemas import ChannelChange, ChannelIn, ReadIn
from service.api.matching import MAX_SCORE
from service.api.openapi import (
    CONFLICT,
    DATETIME,
    ID,
    INT,
    STR,
    _enum,
    _error,
    _id,
    _model_schemas,
    _nullable,
    _obj,
    _op,
    _page_of,
    _paging,
    _q,
    _ref,
)
from service.api.openapi_watch import BOOL, RETRY_LATER, WHEN
from service.matching.feed import TABS
from service.matching.schemas import MatchStateIn, ProfileIn, SettingsIn
from service.models import AlertStatus, Cadence, ChannelKind, WebhookFormat
from service.validation import partial

STRINGS = {"type": "array", "items": STR}
ALREADY = {"409": _error("Refused for this channel's kind, or a test is already on its way")}

SCHEMAS: dict[str, Any] = {
    "Profile": _obj(
        id=ID,
        name=STR,
        titles=STRINGS,
        keywords=STRINGS,
        excluded=STRINGS,
        locations=STRINGS,
        remote=BOOL,
        seniority=STRINGS,
        departments=STRINGS,
        min_score=INT,
        active=BOOL,
        created_at=DATETIME,
        updated_at=DATETIME,
    ),
    "MatchSettings": _obj(
        favourite_company_ids={"type": "array", "items": ID},
        blocked_company_ids={"type": "array", "items": ID},
        boost_past_employer=INT,
        boost_rejected_me=INT,
        boost_known_contact=INT,
        boost_favourite=INT,
    ),
    "Match": {
        "allOf": [
            _ref("MatchSummary"),
            _obj(
                created_at=DATETIME,
                vacancy=_ref("Vacancy"),
                company={"anyOf": [_obj(id=ID, name=STR), {"type": "null"}]},
                people={
                    "type": "array",
                    "items": _ref("Contact"),
                    "description": "Your contacts at the company, decision makers first",
                },
            ),
        ]
    },
    "Alert": _obj(
        id=ID,
        event_id={"type": "string", "description": "Stable across retries: drop a repeat by it"},
        created_at=DATETIME,
        read_at=WHEN,
        vacancy=_obj(
            id=ID,
            title=STR,
            url=_nullable("string"),
            location=_nullable("string"),
            remote=_nullable("boolean"),
            companies=STRINGS,
            link=STR,
        ),
        score=_nullable("integer"),
        reasons=STRINGS,
        repost=BOOL,
        people={
            "type": "array",
            "description": "The people you know at the company, decision makers first",
            "items": _obj(
                contact_id=ID,
                name=STR,
                role=STR,
                decision_maker=BOOL,
                title=STR,
                company=STR,
                last_touch_on=_nullable("string", format="date"),
                link=STR,
                note_link=STR,
            ),
        },
        next_steps={"type": "array", "items": _obj(label=STR, url=STR)},
        channel_id=ID,
        channel_kind=_enum(k.value for k in ChannelKind),
        status=_enum(s.value for s in AlertStatus),
        attempts=INT,
        sent_at=WHEN,
        last_error=_nullable("string"),
    ),
    "Channel": _obj(
        id=ID,
        kind=_enum(k.value for k in ChannelKind),
        name=STR,
        enabled=BOOL,
        state=_enum(["active", "off", "paused"]),
        cadence=_enum(c.value for c in Cadence),
        digest_hour=INT,
        email=_nullable("string"),
        webhook_url=_nullable("string"),
        webhook_format=_enum(f.value for f in WebhookFormat),
        consecutive_failures=INT,
        paused_at=WHEN,
        paused_reason=_nullable("string"),
        last_error=_nullable("string"),
        last_sent_at=WHEN,
        created_at=DATETIME,
        webhook_secret={
            "type": ["string", "null"],
            "description": "A webhook's signing secret (HMAC-SHA256 of the body): only in the "
            "responses that create the channel and rotate the secret",
        },
    ),
    "ReadAll": _obj(marked=INT),
    "TestQueued": _obj(queued=BOOL, job_id=STR),
}
SCHEMAS.update(
    _model_schemas(
        ProfileIn,
        partial(ProfileIn),
        SettingsIn,
        partial(SettingsIn),
        MatchStateIn,
        ChannelIn,
        ChannelChange,
        ReadIn,
    )
)
# what ChannelIn's own check says in words, said in the schema: a webhook needs its URL
SCHEMAS["ChannelIn"]["if"] = {"properties": {"kind": {"const": "webhook"}}, "required": ["kind"]}
SCHEMAS["ChannelIn"]["then"] = {
    "required": ["webhook_url"],
    "properties": {"webhook_url": {"type": "string"}},
}

MATCH_FILTERS = [
    _q("status", _enum(TABS), "the tab: new (the default), interested or dismissed"),
    _q("profile_id", ID, "matched by this profile"),
    _q("company_id", ID, "at this company of yours"),
    _q("min_score", {"type": "integer", "minimum": 0, "maximum": MAX_SCORE}, "least score"),
]
ALERT_FILTERS = [
    _q("unread", BOOL, "only unread (in-app) alerts"),
    _q("channel_id", ID, "this channel's alerts (default: the in-app ones)"),
    _q("status", _enum(s.value for s in AlertStatus), "delivery status"),
    _q("vacancy_id", ID, "about this vacancy"),
]


def paths() -> dict[str, Any]:
    """The profiles, settings, matches, alerts and channels operations."""
    channel = "/api/v1/channels/{channel_id}"
    return {
        "/api/v1/profiles": {
            "get": _op("Your target profiles", "200", _page_of("Profile"), params=_paging()),
            "post": _op(
                "Add a target profile (your open vacancies are re-scored)",
                "201",
                _ref("Profile"),
                "ProfileIn",
                errors=CONFLICT,
            ),
        },
        "/api/v1/profiles/{profile_id}": {
            "parameters": [_id("profile_id")],
            "get": _op("One profile", "200", _ref("Profile")),
            "patch": _op(
                "Change some fields of a profile (then a re-score)",
                "200",
                _ref("Profile"),
                "ProfileInPatch",
                errors=CONFLICT,
            ),
            "delete": _op("Delete a profile", "204"),
        },
        "/api/v1/match-settings": {
            "get": _op("Your boosts and company preferences", "200", _ref("MatchSettings")),
            "patch": _op(
                "Change some boosts or company preferences (then a re-score)",
                "200",
                _ref("MatchSettings"),
                "SettingsInPatch",
                errors={"409": _error("A company id that is not one of yours")},
            ),
        },
        "/api/v1/matches": {
            "get": _op(
                "Your matches in a tab, newest first, with score, reasons and people",
                "200",
                _page_of("Match"),
                params=_paging() + MATCH_FILTERS,
            ),
        },
        "/api/v1/matches/{match_id}": {
            "parameters": [_id("match_id")],
            "get": _op("One match", "200", _ref("Match")),
            "patch": _op(
                "Your verdict: interested, dismissed (kept whatever the posting does) or new",
                "200",
                _ref("Match"),
                "MatchStateIn",
            ),
        },
        "/api/v1/alerts": {
            "get": _op(
                "Your alerts, newest first: vacancy, score, reasons and the people you know",
                "200",
                _page_of("Alert"),
                params=_paging() + ALERT_FILTERS,
            ),
        },
        "/api/v1/alerts/read-all": {
            "post": _op("Mark every unread alert read", "200", _ref("ReadAll")),
        },
        "/api/v1/alerts/{alert_id}": {
            "parameters": [_id("alert_id")],
            "get": _op("One alert (reading it here does not mark it read)", "200", _ref("Alert")),
            "patch": _op("Mark an alert read or unread", "200", _ref("Alert"), "ReadIn"),
        },
        "/api/v1/channels": {
            "get": _op("Your alert channels", "200", _page_of("Channel"), params=_paging()),
            "post": _op(
                "Add an e-mail or webhook channel (a webhook's secret is in this response only)",
                "201",
                _ref("Channel"),
                "ChannelIn",
            ),
        },
        channel: {
            "parameters": [_id("channel_id")],
            "get": _op("One channel (never its secret)", "200", _ref("Channel")),
            "patch": _op(
                "Change some fields of a channel (the in-app one: only its name)",
                "200",
                _ref("Channel"),
                "ChannelChange",
                errors=ALREADY,
            ),
            "delete": _op("Remove a channel (not the in-app one)", "204", errors=ALREADY),
        },
        f"{channel}/test": {
            "parameters": [_id("channel_id")],
            "post": _op(
                "Send a test message (queued once)",
                "202",
                _ref("TestQueued"),
                errors={**ALREADY, **RETRY_LATER},
            ),
        },
        f"{channel}/rotate-secret": {
            "parameters": [_id("channel_id")],
            "post": _op(
                "A new webhook signing secret (in this response only)",
                "200",
                _ref("Channel"),
                errors=ALREADY,
            ),
        },
        f"{channel}/resume": {
            "parameters": [_id("channel_id")],
            "post": _op(
                "Resume a paused channel: its waiting and failed alerts go out again",
                "200",
                _ref("Channel"),
            ),
        },
    }
