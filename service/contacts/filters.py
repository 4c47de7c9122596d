"""The contact list's filters read from a query string: once, for the pages and the API."""

from __future__ import annotations

from collections.abc import Mapping

from service.contacts.services import SORTS, ContactFilter
from service.errors import ValidationFailed
from service.ids import lenient_int, parse_int
from service.models import ContactRole

ROLES = tuple(r.value for r in ContactRole)
DUES = ("week", "overdue")
# The pages call the id filters by shorter names than the API does.
PAGE_NAMES = {"company_id": "company", "tier_id": "tier"}


def read_filter(
    args: Mapping[str, str], *, strict: bool, names: Mapping[str, str] | None = None
) -> ContactFilter:
    """A ContactFilter from ``args``: a bad value is a 422 when ``strict`` (the API), else it
    is ignored (the pages, where a stale link should still show the list)."""
    names = names or {}

    def arg(field: str) -> tuple[str, str | None]:
        """The value sent; an empty one counts as not sent on the pages, as a value in the API."""
        name = names.get(field, field)
        value = args.get(name)
        return name, value if strict or value else None

    def choice(field: str, allowed: tuple[str, ...]) -> str | None:
        name, value = arg(field)
        if value is None or value in allowed:
            return value
        if strict:
            raise ValidationFailed(f"{name} is one of {', '.join(allowed)}.", {name: "invalid"})
        return None

    def number(field: str) -> int | None:
        name, value = arg(field)
        return parse_int(value, name) if strict else lenient_int(value)

    return ContactFilter(
        q=args.get("q", ""),
        company_id=number("company_id"),
        role=choice("role", ROLES),
        tag=args.get("tag") or None,
        tier_id=number("tier_id"),
        due=choice("due", DUES),
        sort=choice("sort", tuple(SORTS)) or "name",
    )
