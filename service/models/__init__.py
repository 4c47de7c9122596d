"""Typed SQLAlchemy models; every row belongs to a user."""

from service.models.alerts import (
    Alert,
    AlertStatus,
    Cadence,
    Channel,
    ChannelKind,
    Digest,
    WebhookFormat,
)
from service.models.imports import ImportRun, ImportStatus
from service.models.matching import Match, MatchSettings, MatchState, TargetProfile
from service.models.network import (
    Company,
    CompanyRelation,
    Contact,
    ContactAlias,
    ContactRole,
    Tag,
    Tier,
    Touch,
    TouchDirection,
    TouchKind,
    contact_tags,
)
from service.models.user import ApiToken, User
from service.models.visits import DiscoveryRun, VacancyVisit
from service.models.watch import (
    EventKind,
    Poll,
    Source,
    Vacancy,
    VacancyEvent,
    VacancyStatus,
    Watch,
)

__all__ = [
    "Alert",
    "AlertStatus",
    "ApiToken",
    "Cadence",
    "Channel",
    "ChannelKind",
    "Company",
    "CompanyRelation",
    "Contact",
    "ContactAlias",
    "ContactRole",
    "Digest",
    "DiscoveryRun",
    "EventKind",
    "ImportRun",
    "ImportStatus",
    "Match",
    "MatchSettings",
    "MatchState",
    "Poll",
    "Source",
    "Tag",
    "TargetProfile",
    "Tier",
    "Touch",
    "TouchDirection",
    "TouchKind",
    "User",
    "Vacancy",
    "VacancyEvent",
    "VacancyStatus",
    "VacancyVisit",
    "Watch",
    "WebhookFormat",
    "contact_tags",
]
