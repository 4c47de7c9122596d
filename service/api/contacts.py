"""/api/v1/contacts and their touches."""

from __future__ import annotations

from flask import request
from flask.typing import ResponseReturnValue

from service.api import api_user, bp
from service.api.common import contact_json, json_body, page_body, page_of, paging, touch_json
from service.api.schemas import MergeIn
from service.contacts import services
from service.contacts.filters import read_filter
from service.contacts.schemas import ContactIn, TouchIn
from service.validation import partial


@bp.get("/v1/contacts")
def list_contacts() -> ResponseReturnValue:
    page, per_page = paging()
    filters = read_filter(request.args, strict=True)
    result = services.list_contacts(api_user(), filters, page=page, per_page=per_page)
    items = [contact_json(c) for c in result.items]
    return page_body(items, result.total, page, per_page)


@bp.post("/v1/contacts")
def create_contact() -> ResponseReturnValue:
    contact = services.create_contact(api_user(), json_body(ContactIn))
    return contact_json(contact), 201


@bp.get("/v1/contacts/<id:contact_id>")
def get_contact(contact_id: int) -> ResponseReturnValue:
    return contact_json(services.get_contact(api_user(), contact_id))


@bp.patch("/v1/contacts/<id:contact_id>")
def update_contact(contact_id: int) -> ResponseReturnValue:
    services.get_contact(api_user(), contact_id)
    changes = json_body(partial(ContactIn))
    return contact_json(services.update_contact(api_user(), contact_id, changes))


@bp.delete("/v1/contacts/<id:contact_id>")
def delete_contact(contact_id: int) -> ResponseReturnValue:
    services.delete_contact(api_user(), contact_id)
    return "", 204


@bp.post("/v1/contacts/<id:contact_id>/merge")
def merge_contact(contact_id: int) -> ResponseReturnValue:
    services.get_contact(api_user(), contact_id)
    other = MergeIn.model_validate(json_body(MergeIn)).other_id
    return contact_json(services.merge_contacts(api_user(), contact_id, other))


@bp.get("/v1/contacts/<id:contact_id>/touches")
def list_touches(contact_id: int) -> ResponseReturnValue:
    return page_of(services.get_contact(api_user(), contact_id).touches, touch_json)


@bp.post("/v1/contacts/<id:contact_id>/touches")
def create_touch(contact_id: int) -> ResponseReturnValue:
    services.get_contact(api_user(), contact_id)
    touch = services.record_touch(api_user(), contact_id, json_body(TouchIn))
    return touch_json(touch), 201


@bp.get("/v1/touches/<id:touch_id>")
def get_touch(touch_id: int) -> ResponseReturnValue:
    return touch_json(services.get_touch(api_user(), touch_id))


@bp.delete("/v1/touches/<id:touch_id>")
def delete_touch(touch_id: int) -> ResponseReturnValue:
    services.delete_touch(api_user(), touch_id)
    return "", 204
