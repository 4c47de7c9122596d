"""/api/v1 companies, tiers, tokens and imports."""

from __future__ import annotations

from typing import BinaryIO, cast

from flask import request
from flask.typing import ResponseReturnValue

from service.api import api_user, bp
from service.api.common import (
    company_json,
    import_json,
    json_body,
    page_body,
    page_of,
    paging,
    tier_json,
    token_json,
)
from service.api.schemas import MappingIn
from service.auth import tokens
from service.companies import services as companies
from service.companies.schemas import CompanyIn
from service.errors import Conflict, ValidationFailed
from service.imports import services as imports
from service.settings import tiers
from service.settings.schemas import TierIn
from service.validation import partial


@bp.get("/v1/companies")
def list_companies() -> ResponseReturnValue:
    relation = companies.parse_relation(request.args.get("relation"), blank=False)
    rows = companies.list_companies(api_user(), request.args.get("q", ""), relation)
    return page_of(rows, lambda row: company_json(*row))


@bp.post("/v1/companies")
def create_company() -> ResponseReturnValue:
    company = companies.create_company(api_user(), json_body(CompanyIn))
    return company_json(company), 201


@bp.get("/v1/companies/<id:company_id>")
def get_company(company_id: int) -> ResponseReturnValue:
    company = companies.get_company(api_user(), company_id)
    return company_json(company, len(company.contacts))


@bp.patch("/v1/companies/<id:company_id>")
def update_company(company_id: int) -> ResponseReturnValue:
    companies.get_company(api_user(), company_id)
    changes = json_body(partial(CompanyIn))
    company = companies.update_company(api_user(), company_id, changes)
    return company_json(company, len(company.contacts))


@bp.delete("/v1/companies/<id:company_id>")
def delete_company(company_id: int) -> ResponseReturnValue:
    companies.delete_company(api_user(), company_id)
    return "", 204


@bp.get("/v1/tiers")
def list_tiers() -> ResponseReturnValue:
    return page_of(tiers.list_tiers(api_user()), tier_json)


@bp.post("/v1/tiers")
def create_tier() -> ResponseReturnValue:
    fields = TierIn.model_validate(json_body(TierIn))
    return tier_json(tiers.create_tier(api_user(), fields.name, fields.interval_days)), 201


@bp.get("/v1/tiers/<id:tier_id>")
def get_tier(tier_id: int) -> ResponseReturnValue:
    return tier_json(tiers.get_tier(api_user(), tier_id))


@bp.patch("/v1/tiers/<id:tier_id>")
def update_tier(tier_id: int) -> ResponseReturnValue:
    current = tiers.get_tier(api_user(), tier_id)
    changes = json_body(partial(TierIn))
    name = changes.get("name", current.name)
    days = changes.get("interval_days", current.interval_days)
    return tier_json(tiers.update_tier(api_user(), tier_id, name, days))


@bp.delete("/v1/tiers/<id:tier_id>")
def delete_tier(tier_id: int) -> ResponseReturnValue:
    tiers.delete_tier(api_user(), tier_id)
    return "", 204


@bp.get("/v1/tokens")
def list_tokens() -> ResponseReturnValue:
    return page_of(tokens.list_tokens(api_user()), token_json)


@bp.post("/v1/tokens")
def create_token() -> ResponseReturnValue:
    fields = tokens.TokenIn.model_validate(json_body(tokens.TokenIn))
    token, plaintext = tokens.create_token(api_user(), fields.name)
    return {**token_json(token), "token": plaintext}, 201


@bp.delete("/v1/tokens/<id:token_id>")
def revoke_token(token_id: int) -> ResponseReturnValue:
    tokens.revoke_token(api_user(), token_id)
    return "", 204


@bp.get("/v1/imports")
def list_imports() -> ResponseReturnValue:
    page, per_page = paging()
    runs = imports.list_runs(api_user(), offset=(page - 1) * per_page, limit=per_page)
    rejected = imports.rejected_counts(runs)
    items = [import_json(r, rejected_count=rejected.get(r.id, 0)) for r in runs]
    return page_body(items, imports.count_runs(api_user()), page, per_page)


@bp.post("/v1/imports")
def create_import() -> ResponseReturnValue:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ValidationFailed(
            "Upload the file as multipart form field 'file'.", {"file": "required"}
        )
    # the spooled upload is copied to disk in chunks, outside the request's transaction
    run = imports.start_upload(api_user(), [(upload.filename, cast(BinaryIO, upload.stream))])
    return import_json(run), 202


@bp.post("/v1/imports/<id:run_id>/mapping")
def map_import(run_id: int) -> ResponseReturnValue:
    """Choose what each column of a generic CSV holds, then the import runs."""
    imports.get_run(api_user(), run_id)
    fields = MappingIn.model_validate(json_body(MappingIn)).fields
    try:
        run = imports.set_mapping(api_user(), run_id, fields)
    except ValidationFailed as exc:
        # a well-formed mapping that does not fit this import (its columns, or it is not
        # waiting for one) conflicts with the import's state: 409, as the document says
        raise Conflict(exc.message, exc.details) from exc
    return import_json(run), 202


@bp.get("/v1/imports/<id:run_id>")
def get_import(run_id: int) -> ResponseReturnValue:
    return import_json(imports.get_run(api_user(), run_id))
