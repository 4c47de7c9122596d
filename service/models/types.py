"""Column helpers shared by the models."""

from __future__ import annotations

import enum
from typing import Any

import sqlalchemy as sa


def enum_column(enum_cls: type[enum.Enum]) -> sa.Enum:
    """A portable enum stored as its string values (no native PostgreSQL type to migrate)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class DaysAfter(sa.sql.functions.GenericFunction[Any]):
    """``date + n days`` in SQL, compiled per dialect (see service/db.py)."""

    type = sa.Date()
    inherit_cache = True
    name = "days_after"
