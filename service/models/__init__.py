"""Typed SQLAlchemy models; every row belongs to a user."""

from service.models.imports import ImportRun, ImportStatus
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
    "ApiToken",
    "Company",
    "CompanyRelation",
    "Contact",
    "ContactAlias",
    "ContactRole",
    "DiscoveryRun",
    "EventKind",
    "ImportRun",
    "ImportStatus",
    "Poll",
    "Source",
    "Tag",
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
    "contact_tags",
]
