"""/api/v1/contacts and their touches."""

from __future__ import annotations

from flask import request
from flask.typing import ResponseReturnValue

from service.api import api_user, bp
from service.api.common import contact_json, json_body, page_body, paging, touch_json
from service.contacts import services
from service.errors import ValidationFailed
from service.models import ContactRole


def _int(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise ValidationFailed(f"{name} must be a whole number.", {name: "not a number"})
    return int(raw)


@bp.get("/v1/contacts")
def list_contacts() -> ResponseReturnValue:
    page, per_page = paging()
    due = request.args.get("due")
    if due not in {None, "", "week", "overdue"}:
        raise ValidationFailed("due is 'week' or 'overdue'.", {"due": "invalid"})
    role = request.args.get("role") or None
    if role is not None and role not in {r.value for r in ContactRole}:
        roles = ", ".join(r.value for r in ContactRole)
        raise ValidationFailed(f"role is one of {roles}.", {"role": "invalid"})
    sort = request.args.get("sort", "name")
    if sort not in services.SORTS:
        raise ValidationFailed(f"sort is one of {', '.join(services.SORTS)}.", {"sort": "invalid"})
    filters = services.ContactFilter(
        q=request.args.get("q", ""),
        company_id=_int("company_id"),
        role=role,
        tag=request.args.get("tag") or None,
        tier_id=_int("tier_id"),
        due=due or None,
        sort=sort,
    )
    result = services.list_contacts(api_user(), filters, page=page, per_page=per_page)
    items = [contact_json(c) for c in result.items]
    return page_body(items, result.total, page, per_page)


@bp.post("/v1/contacts")
def create_contact() -> ResponseReturnValue:
    contact = services.create_contact(api_user(), json_body())
    return contact_json(contact), 201


@bp.get("/v1/contacts/<int:contact_id>")
def get_contact(contact_id: int) -> ResponseReturnValue:
    return contact_json(services.get_contact(api_user(), contact_id))


@bp.patch("/v1/contacts/<int:contact_id>")
def update_contact(contact_id: int) -> ResponseReturnValue:
    return contact_json(services.update_contact(api_user(), contact_id, json_body()))


@bp.delete("/v1/contacts/<int:contact_id>")
def delete_contact(contact_id: int) -> ResponseReturnValue:
    services.delete_contact(api_user(), contact_id)
    return "", 204


@bp.post("/v1/contacts/<int:contact_id>/merge")
def merge_contact(contact_id: int) -> ResponseReturnValue:
    services.get_contact(api_user(), contact_id)
    other = json_body().get("other_id")
    if not isinstance(other, int) or isinstance(other, bool):
        raise ValidationFailed("Send {'other_id': <contact id>}.", {"other_id": "required"})
    return contact_json(services.merge_contacts(api_user(), contact_id, other))


@bp.get("/v1/contacts/<int:contact_id>/touches")
def list_touches(contact_id: int) -> ResponseReturnValue:
    contact = services.get_contact(api_user(), contact_id)
    page, per_page = paging()
    touches = contact.touches
    items = [touch_json(t) for t in touches[(page - 1) * per_page : page * per_page]]
    return page_body(items, len(touches), page, per_page)


@bp.post("/v1/contacts/<int:contact_id>/touches")
def create_touch(contact_id: int) -> ResponseReturnValue:
    touch = services.record_touch(api_user(), contact_id, json_body())
    return touch_json(touch), 201


@bp.get("/v1/touches/<int:touch_id>")
def get_touch(touch_id: int) -> ResponseReturnValue:
    return touch_json(services.get_touch(api_user(), touch_id))


@bp.delete("/v1/touches/<int:touch_id>")
def delete_touch(touch_id: int) -> ResponseReturnValue:
    services.delete_touch(api_user(), touch_id)
    return "", 204
