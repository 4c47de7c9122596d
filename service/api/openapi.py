"""The OpenAPI 3 document for /api/v1, served at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue

from service.api import bp
from service.companies.services import CompanyIn
from service.contacts.schemas import ContactIn, TouchIn
from service.imports.csv_generic import FIELDS

REF = "#/components/schemas/{model}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


STR, INT = {"type": "string"}, {"type": "integer"}
DATE, DATETIME = {"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}

SCHEMAS: dict[str, Any] = {
    "Error": _obj(error=_obj(code=STR, message=STR, details={})),
    "Contact": _obj(
        id=INT,
        first_name=STR,
        last_name=STR,
        name=STR,
        title=STR,
        company=_nullable("string"),
        company_id=_nullable("integer"),
        email=_nullable("string"),
        linkedin=_nullable("string"),
        role=STR,
        how_met=STR,
        notes=STR,
        tier_id=_nullable("integer"),
        tags={"type": "array", "items": STR},
        connected_on=_nullable("string", format="date"),
        last_touch_on=_nullable("string", format="date"),
        next_due_on=_nullable("string", format="date"),
        created_at=DATETIME,
        updated_at=DATETIME,
    ),
    "Touch": _obj(
        id=INT, contact_id=INT, kind=STR, direction=STR, occurred_at=DATETIME, summary=STR
    ),
    "Company": _obj(
        id=INT,
        name=STR,
        website=_nullable("string"),
        domain=_nullable("string"),
        relation=STR,
        notes=STR,
        contacts=INT,
    ),
    "Tier": _obj(id=INT, name=STR, interval_days=INT),
    "TierIn": {**_obj(name=STR, interval_days=INT), "required": ["name", "interval_days"]},
    "Token": _obj(
        id=INT,
        name=STR,
        prefix=STR,
        created_at=DATETIME,
        last_used_at=_nullable("string", format="date-time"),
        revoked_at=_nullable("string", format="date-time"),
        token={"type": "string", "description": "Only in the response that creates it."},
    ),
    "TokenIn": {**_obj(name=STR), "required": ["name"]},
    "MergeIn": {**_obj(other_id=INT), "required": ["other_id"]},
    "MappingIn": {
        **_obj(fields={"type": "array", "items": STR}),
        "required": ["fields"],
        "description": "One entry per column, in order: one of "
        + ", ".join(FIELDS)
        + ", or '' to ignore the column.",
    },
    "Import": _obj(
        id=INT,
        kind=STR,
        filename=STR,
        status=STR,
        total_rows=INT,
        processed_rows=INT,
        progress_percent=INT,
        created=INT,
        updated=INT,
        skipped=INT,
        rejected={
            "type": "array",
            "items": _obj(file=STR, line=INT, reason=STR),
            "description": "Every rejected row; only when one import is asked for, not in lists.",
        },
        rejected_count=INT,
        column_map={
            "type": ["object", "null"],
            "description": "A generic CSV's headers and suggested fields (see the mapping call).",
        },
        error=_nullable("string"),
        created_at=DATETIME,
        finished_at=_nullable("string", format="date-time"),
    ),
}

for model in (ContactIn, TouchIn, CompanyIn):
    schema = model.model_json_schema(ref_template=REF)
    SCHEMAS.update(schema.pop("$defs", {}))
    SCHEMAS[model.__name__] = schema


def _page_of(name: str) -> dict[str, Any]:
    return _obj(
        items={"type": "array", "items": _ref(name)}, page=INT, per_page=INT, total=INT, pages=INT
    )


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


ERRORS = {
    "401": {"description": "Missing, unknown or revoked token", **_json(_ref("Error"))},
    "404": {"description": "Not found (or another user's)", **_json(_ref("Error"))},
    "422": {"description": "Invalid input", **_json(_ref("Error"))},
}


def _op(
    summary: str,
    ok: str,
    schema: dict[str, Any] | None = None,
    body: str | None = None,
    params: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    response: dict[str, Any] = {"description": "OK"}
    if schema is not None:
        response.update(_json(schema))
    op: dict[str, Any] = {"summary": summary, "responses": {ok: response, **ERRORS}}
    if body:
        op["requestBody"] = {"required": True, **_json(_ref(body))}
    if params:
        op["parameters"] = params
    return op


def _q(name: str, kind: dict[str, Any], text: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": kind, "description": text}


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": INT}


PAGING = [_q("page", INT, "1-based page"), _q("per_page", INT, "items per page (max 500)")]
CONTACT_FILTERS = [
    _q("q", STR, "search in names, title, e-mail, company"),
    _q("company_id", INT, "company"),
    _q("role", STR, "role"),
    _q("tag", STR, "tag name"),
    _q("tier_id", INT, "tier"),
    _q("due", {"type": "string", "enum": ["week", "overdue"]}, "due within 7 days / overdue"),
    _q(
        "sort",
        {"type": "string", "enum": ["name", "company", "due", "last_touch", "recent"]},
        "order",
    ),
]


def _crud(
    name: str, plural: str, param: str, body: str, extra: list[dict[str, Any]]
) -> dict[str, Any]:
    item = f"/api/v1/{plural}/{{{param}}}"
    return {
        f"/api/v1/{plural}": {
            "get": _op(f"List {plural}", "200", _page_of(name), params=PAGING + extra),
            "post": _op(f"Create a {name.lower()}", "201", _ref(name), body),
        },
        item: {
            "parameters": [_id(param)],
            "get": _op(f"One {name.lower()}", "200", _ref(name)),
            "patch": _op(f"Change some fields of a {name.lower()}", "200", _ref(name), body),
            "delete": _op(f"Delete a {name.lower()}", "204"),
        },
    }


def build_spec() -> dict[str, Any]:
    """The whole document."""
    paths: dict[str, Any] = {}
    paths.update(_crud("Contact", "contacts", "contact_id", "ContactIn", CONTACT_FILTERS))
    paths.update(
        _crud(
            "Company",
            "companies",
            "company_id",
            "CompanyIn",
            [_q("q", STR, "name contains"), _q("relation", STR, "relation")],
        )
    )
    paths.update(_crud("Tier", "tiers", "tier_id", "TierIn", []))
    paths["/api/v1/contacts/{contact_id}/merge"] = {
        "parameters": [_id("contact_id")],
        "post": _op("Merge another contact into this one", "200", _ref("Contact"), "MergeIn"),
    }
    paths["/api/v1/contacts/{contact_id}/touches"] = {
        "parameters": [_id("contact_id")],
        "get": _op("A contact's touches, newest first", "200", _page_of("Touch"), params=PAGING),
        "post": _op("Log a touch", "201", _ref("Touch"), "TouchIn"),
    }
    paths["/api/v1/touches/{touch_id}"] = {
        "parameters": [_id("touch_id")],
        "get": _op("One touch", "200", _ref("Touch")),
        "delete": _op("Delete a touch", "204"),
    }
    paths["/api/v1/tokens"] = {
        "get": _op("List API tokens (never their secrets)", "200", _page_of("Token")),
        "post": _op(
            "Create a token; its secret is in this response only", "201", _ref("Token"), "TokenIn"
        ),
    }
    paths["/api/v1/tokens/{token_id}"] = {
        "parameters": [_id("token_id")],
        "delete": _op("Revoke a token", "204"),
    }
    upload = {"multipart/form-data": {"schema": _obj(file={"type": "string", "format": "binary"})}}
    paths["/api/v1/imports"] = {
        "get": _op("Past imports", "200", _page_of("Import"), params=PAGING),
        "post": {
            **_op("Start an import (LinkedIn zip/CSV, CSV, export JSON)", "202", _ref("Import")),
            "requestBody": {"required": True, "content": upload},
        },
    }
    paths["/api/v1/imports/{run_id}/mapping"] = {
        "parameters": [_id("run_id")],
        "post": _op(
            "Map a generic CSV's columns to fields ('' ignores a column); the import then runs",
            "202",
            _ref("Import"),
            "MappingIn",
        ),
    }
    paths["/api/v1/imports/{run_id}"] = {
        "parameters": [_id("run_id")],
        "get": _op("An import's status, progress and report", "200", _ref("Import")),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Next Round API",
            "version": "1",
            "description": "Contacts, companies, touches, tiers, imports and tokens.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "paths": paths,
    }


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """The document itself (public: it holds no data)."""
    return build_spec()
