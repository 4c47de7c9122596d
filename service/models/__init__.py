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

__all__ = [
    "ApiToken",
    "Company",
    "CompanyRelation",
    "Contact",
    "ContactAlias",
    "ContactRole",
    "ImportRun",
    "ImportStatus",
    "Tag",
    "Tier",
    "Touch",
    "TouchDirection",
    "TouchKind",
    "User",
    "contact_tags",
]
