"""One rule for every row a user owns: another user's id, or no such id, answers "not found"."""

from __future__ import annotations

from typing import Protocol, TypeVar

from service.errors import NotFound
from service.extensions import db
from service.ids import in_range
from service.models import User


class _Owned(Protocol):
    user_id: int


Row = TypeVar("Row", bound=_Owned)


def owned(model: type[Row], user: User, row_id: int, message: str) -> Row:
    """The user's row of ``model`` with this id, else NotFound(message) (the same for both)."""
    row = db.session.get(model, row_id) if in_range(row_id) else None
    if row is None or row.user_id != user.id:
        raise NotFound(message)
    return row
