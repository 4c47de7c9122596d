"""The OpenAPI 3 document for /api/v1, served at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from pydantic import BaseModel

from service.api import bp
from service.api.common import max_page_size
from service.api.schemas import MappingIn, MergeIn
from service.auth.tokens import TokenIn
from service.companies.schemas import CompanyIn
from service.contacts.filters import DUES, ROLES
from service.contacts.schemas import ContactIn, TouchIn
from service.contacts.services import SORTS
from service.drafting.schemas import AboutIn, DraftChange, DraftIn
from service.ids import MAX_PAGE, id_schema
from service.imports.csv_generic import FIELDS
from service.models import CompanyRelation
from service.settings.schemas import TierIn
from service.timestamps import DESCRIPTION
from service.validation import partial

REF = "#/components/schemas/{model}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


STR, INT, ID = {"type": "string"}, {"type": "integer"}, id_schema()
DATETIME = {"type": "string", "format": "date-time", "description": DESCRIPTION}

SCHEMAS: dict[str, Any] = {
    "Error": _obj(error=_obj(code=STR, message=STR, details={})),
    "Contact": _obj(
        id=ID,
        first_name=STR,
        last_name=STR,
        name=STR,
        title=STR,
        company=_nullable("string"),
        company_id={"type": ["integer", "null"], "minimum": 1},
        email=_nullable("string"),
        linkedin=_nullable("string"),
        role=STR,
        how_met=STR,
        notes=STR,
        tier_id={"type": ["integer", "null"], "minimum": 1},
        tags={"type": "array", "items": STR},
        connected_on=_nullable("string", format="date"),
        last_touch_on=_nullable("string", format="date"),
        next_due_on=_nullable("string", format="date"),
        created_at=DATETIME,
        updated_at=DATETIME,
    ),
    "Touch": _obj(id=ID, contact_id=ID, kind=STR, direction=STR, occurred_at=DATETIME, summary=STR),
    "Company": _obj(
        id=ID,
        name=STR,
        website=_nullable("string"),
        domain=_nullable("string"),
        relation=STR,
        notes=STR,
        contacts=INT,
    ),
    "Tier": _obj(id=ID, name=STR, interval_days=INT),
    "Token": _obj(
        id=ID,
        name=STR,
        prefix=STR,
        created_at=DATETIME,
        last_used_at=_nullable("string", format="date-time", description=DESCRIPTION),
        revoked_at=_nullable("string", format="date-time", description=DESCRIPTION),
        token={"type": "string", "description": "Only in the response that creates it."},
    ),
    "Import": _obj(
        id=ID,
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
        finished_at=_nullable("string", format="date-time", description=DESCRIPTION),
    ),
}


_FOLD = _obj(shown=STR, folded={"type": "boolean"})
SCHEMAS["About"] = _obj(
    sign_name=STR,
    headline=STR,
    skills={"type": "array", "items": STR},
    goals=STR,
    topics={"type": "array", "items": STR},
    samples={"type": "array", "items": STR},
)
SCHEMAS["Draft"] = _obj(
    id=ID,
    kind=STR,
    tone=STR,
    status={"type": "string", "enum": ["draft", "ready", "sent"]},
    contact_id={"type": ["integer", "null"], "minimum": 1},
    vacancy_id={"type": ["integer", "null"], "minimum": 1},
    title=STR,
    body=STR,
    facts={"type": "object", "additionalProperties": STR},
    questions={"type": "object", "additionalProperties": STR},
    seed=INT,
    writer={"type": "string", "description": "template, user-template, llm or you"},
    fallback_reason=_nullable("string", description="Why the asked-for writer was not used"),
    versions=INT,
    checks={
        **_obj(
            characters=INT,
            limit=INT,
            limit_name=STR,
            within_limit={"type": "boolean"},
            title_characters=INT,
            title_limit={"type": ["integer", "null"]},
            title_within_limit={"type": "boolean"},
            words=INT,
            hashtags={"type": "array", "items": STR},
            readability={"type": "number", "description": "Flesch reading ease"},
            placeholders={"type": "array", "items": STR},
            filler={"type": "array", "items": STR},
            fold_desktop=_FOLD,
            fold_mobile=_FOLD,
            problems={"type": "array", "items": STR},
            ok={"type": "boolean"},
        ),
        "description": "LinkedIn's limit for the kind, the see-more fold, hashtags, readability",
    },
    sent_at=_nullable("string", format="date-time", description=DESCRIPTION),
    created_at=DATETIME,
    updated_at=DATETIME,
)


def _model_schemas(*models: type[BaseModel]) -> dict[str, Any]:
    """The request bodies, from the very models the handlers check them with."""
    found: dict[str, Any] = {}
    for model in models:
        schema = model.model_json_schema(ref_template=REF)
        found.update(schema.pop("$defs", {}))
        if model.__name__.endswith("Patch"):  # optional, yet not null: no default to show
            for prop in schema["properties"].values():
                prop.pop("default", None)
        found[model.__name__] = schema
    return found


SCHEMAS.update(
    _model_schemas(
        ContactIn,
        partial(ContactIn),
        TouchIn,
        CompanyIn,
        partial(CompanyIn),
        TierIn,
        partial(TierIn),
        TokenIn,
        MergeIn,
        MappingIn,
        AboutIn,
        DraftIn,
        partial(DraftChange),
    )
)
SCHEMAS["MappingIn"]["description"] = (
    "One entry per column, in order: one of " + ", ".join(FIELDS) + ", or '' to ignore it."
)


def _page_of(name: str) -> dict[str, Any]:
    return _obj(
        items={"type": "array", "items": _ref(name)}, page=INT, per_page=INT, total=INT, pages=INT
    )


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _error(text: str) -> dict[str, Any]:
    return {"description": text, **_json(_ref("Error"))}


ERRORS = {
    "401": _error("Missing, unknown or revoked token"),
    "404": _error("Not found (or another user's)"),
    "422": _error("Invalid input: the details name each field"),
}
CONFLICT = {"409": _error("Conflicts with what is stored: a name taken, an unknown tier")}
QUEUE_DOWN = {"503": _error("Background work is paused (the queue is down); retry later")}


def _op(
    summary: str,
    ok: str,
    schema: dict[str, Any] | None = None,
    body: str | None = None,
    params: list[dict[str, Any]] | None = None,
    errors: dict[str, Any] | None = None,
) -> dict[str, Any]:
    response: dict[str, Any] = {"description": "OK"}
    if schema is not None:
        response.update(_json(schema))
    responses = {ok: response, **ERRORS, **(errors or {})}
    op: dict[str, Any] = {"summary": summary, "responses": responses}
    if body:
        op["requestBody"] = {"required": True, **_json(_ref(body))}
    if params:
        op["parameters"] = params
    return op


def _q(name: str, kind: dict[str, Any], text: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": kind, "description": text}


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": ID}


def _enum(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _paging() -> list[dict[str, Any]]:
    size = max_page_size()
    return [
        _q("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "1-based page"),
        _q("per_page", {"type": "integer", "minimum": 1, "maximum": size}, "items per page"),
    ]


CONTACT_FILTERS = [
    _q("q", STR, "search in names, title, e-mail, company"),
    _q("company_id", ID, "company"),
    _q("role", _enum(ROLES), "role"),
    _q("tag", STR, "tag name"),
    _q("tier_id", ID, "tier"),
    _q("due", _enum(DUES), "due within 7 days (overdue included) / overdue"),
    _q("sort", _enum(SORTS), "order"),
]
COMPANY_FILTERS = [
    _q("q", STR, "name contains"),
    _q("relation", _enum(r.value for r in CompanyRelation), "relation"),
]


def _crud(
    name: str, plural: str, param: str, body: str, extra: list[dict[str, Any]]
) -> dict[str, Any]:
    item = f"/api/v1/{plural}/{{{param}}}"
    single = name.lower()
    return {
        f"/api/v1/{plural}": {
            "get": _op(f"List {plural}", "200", _page_of(name), params=_paging() + extra),
            "post": _op(f"Create a {single}", "201", _ref(name), body, errors=CONFLICT),
        },
        item: {
            "parameters": [_id(param)],
            "get": _op(f"One {single}", "200", _ref(name)),
            "patch": _op(
                f"Change some fields of a {single}",
                "200",
                _ref(name),
                f"{body}Patch",
                errors=CONFLICT,
            ),
            "delete": _op(f"Delete a {single}", "204"),
        },
    }


def _import_paths() -> dict[str, Any]:
    upload = {
        "multipart/form-data": {
            "schema": {
                **_obj(file={"type": "string", "format": "binary"}),
                "required": ["file"],
            },
            "encoding": {"file": {"contentType": "text/csv, application/zip, application/json"}},
        }
    }
    too_big = {
        "413": _error("The upload is larger than the configured limit"),
        "422": _error("Not a file Next Round can read (the message says why)"),
    }
    return {
        "/api/v1/imports": {
            "get": _op("Past imports", "200", _page_of("Import"), params=_paging()),
            "post": {
                **_op(
                    "Start an import (LinkedIn zip/CSV, CSV, export JSON)",
                    "202",
                    _ref("Import"),
                    errors={**too_big, **QUEUE_DOWN},
                ),
                "requestBody": {"required": True, "content": upload},
            },
        },
        "/api/v1/imports/{run_id}/mapping": {
            "parameters": [_id("run_id")],
            "post": _op(
                "Map a generic CSV's columns to fields ('' ignores a column); the import then runs",
                "202",
                _ref("Import"),
                "MappingIn",
                errors={**CONFLICT, **QUEUE_DOWN},
            ),
        },
        "/api/v1/imports/{run_id}": {
            "parameters": [_id("run_id")],
            "get": _op("An import's status, progress and report", "200", _ref("Import")),
        },
    }


def build_spec() -> dict[str, Any]:
    """The whole document."""
    paths: dict[str, Any] = {}
    paths.update(_crud("Contact", "contacts", "contact_id", "ContactIn", CONTACT_FILTERS))
    paths.update(_crud("Company", "companies", "company_id", "CompanyIn", COMPANY_FILTERS))
    paths.update(_crud("Tier", "tiers", "tier_id", "TierIn", []))
    paths["/api/v1/contacts/{contact_id}/merge"] = {
        "parameters": [_id("contact_id")],
        "post": _op(
            "Merge another contact into this one",
            "200",
            _ref("Contact"),
            "MergeIn",
            errors=CONFLICT,
        ),
    }
    paths["/api/v1/contacts/{contact_id}/touches"] = {
        "parameters": [_id("contact_id")],
        "get": _op("A contact's touches, newest first", "200", _page_of("Touch"), params=_paging()),
        "post": _op("Log a touch", "201", _ref("Touch"), "TouchIn"),
    }
    paths["/api/v1/touches/{touch_id}"] = {
        "parameters": [_id("touch_id")],
        "get": _op("One touch", "200", _ref("Touch")),
        "delete": _op("Delete a touch", "204"),
    }
    paths["/api/v1/tokens"] = {
        "get": _op(
            "List API tokens (never their secrets)", "200", _page_of("Token"), params=_paging()
        ),
        "post": _op(
            "Create a token; its secret is in this response only", "201", _ref("Token"), "TokenIn"
        ),
    }
    paths["/api/v1/tokens/{token_id}"] = {
        "parameters": [_id("token_id")],
        "delete": _op("Revoke a token", "204"),
    }
    paths.update(_import_paths())
    schemas = dict(SCHEMAS)
    for part in _parts():
        paths.update(part.paths())
        schemas.update(part.SCHEMAS)
    paths["/api/v1/about"] = {
        "get": _op("About you: what drafts are written from", "200", _ref("About")),
        "put": _op("Replace About you", "200", _ref("About"), "AboutIn"),
    }
    paths["/api/v1/drafts"] = {
        "get": _op("Drafts, newest first", "200", _page_of("Draft"), params=_paging()),
        "post": _op("Write a draft from your context", "201", _ref("Draft"), "DraftIn"),
    }
    paths["/api/v1/drafts/{draft_id}"] = {
        "parameters": [_id("draft_id")],
        "get": _op("One draft with its checks", "200", _ref("Draft")),
        "patch": _op(
            "Edit a draft (a new version) or mark it ready or sent",
            "200",
            _ref("Draft"),
            "DraftChangePatch",
        ),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Next Round API",
            "version": "1",
            "description": "Contacts, companies, touches, tiers, imports, tokens; watched boards "
            "and their vacancies; target profiles, matches, alerts and alert channels; "
            "applications, their stages, the rejection playbook's to-dos, feedback and the "
            "upskill plan; the weekly plan; About you and drafts.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "paths": paths,
    }


def _parts() -> list[Any]:
    """The areas that document their own operations (imported here: they use these helpers)."""
    from service.api import openapi_applications, openapi_matching, openapi_watch, openapi_week

    return [openapi_watch, openapi_matching, openapi_applications, openapi_week]


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """The document itself (public: it holds no data)."""
    return build_spec()
