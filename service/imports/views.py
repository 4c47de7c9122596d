"""Import pages: upload, map a spreadsheet's columns, follow a run, and the list of past runs."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms import SelectChoice

from service.contacts.forms import ConfirmForm
from service.errors import ValidationFailed
from service.imports import services
from service.imports.csv_generic import FIELDS
from service.imports.forms import UploadForm, chosen_fields, mapping_form
from service.models import ImportRun, ImportStatus

bp = Blueprint("imports", __name__, url_prefix="/imports")


@bp.before_request
@login_required
def _require_login() -> None:
    """Every import page needs a signed-in user."""


def _next_page(run: ImportRun) -> ResponseReturnValue:
    if run.status is ImportStatus.MAPPING:
        return redirect(url_for("imports.mapping", run_id=run.id))
    return redirect(url_for("imports.detail", run_id=run.id))


@bp.get("/")
def index() -> ResponseReturnValue:
    runs = services.list_runs(current_user, limit=100)
    rejected = services.rejected_counts(runs)
    return render_template("imports/index.html", runs=runs, rejected=rejected)


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    form = UploadForm()
    form.tier_id.choices = [SelectChoice("", "No reminders")]
    form.tier_id.choices += [SelectChoice(str(t.id), str(t)) for t in current_user.tiers]
    status = 200
    if form.validate_on_submit():
        # Werkzeug has spooled each file to disk; its stream is copied on, never read whole
        files = [(f.filename, f.stream) for f in form.files.data or [] if f and f.filename]
        try:
            run = services.start_upload(current_user, files, tier_id=form.tier_id.data)
        except ValidationFailed as exc:
            flash(exc.message, "error")
            form.files.errors = [*form.files.errors, exc.message]
            status = 422
        else:
            _flash_outcome(run)
            return _next_page(run)
    elif form.errors:
        status = 422
    return render_template("imports/new.html", form=form), status


def _flash_outcome(run: ImportRun) -> None:
    """Say where a run stands after a request started it: a failure is an error, not news."""
    if run.status is ImportStatus.FAILED:
        flash(f"{run.filename} could not be imported: {run.error}", "error")
    elif run.status is ImportStatus.MAPPING:
        flash(f"{run.filename} is readable. Tell us what each column holds.", "success")
    elif run.status is ImportStatus.DONE:
        flash(f"{run.filename} imported.", "success")
    else:
        flash(f"{run.filename} is being imported.", "success")


@bp.route("/<int:run_id>/mapping", methods=["GET", "POST"])
def mapping(run_id: int) -> ResponseReturnValue:
    run = services.get_run(current_user, run_id)
    if run.status is not ImportStatus.MAPPING:
        return redirect(url_for("imports.detail", run_id=run.id))
    column_map = run.column_map or {}
    headers: list[str] = column_map.get("headers", [])
    form = mapping_form(headers, column_map.get("suggested", []))
    status = 200
    if form.validate_on_submit():
        try:
            run = services.set_mapping(current_user, run.id, chosen_fields(form, len(headers)))
        except ValidationFailed as exc:
            flash(exc.message, "error")
            status = 422
        else:
            _flash_outcome(run)
            return _next_page(run)
    samples: list[list[str]] = column_map.get("samples", [])
    columns = [
        (form[f"col_{i}"], [s[i] for s in samples if i < len(s)]) for i in range(len(headers))
    ]
    return render_template(
        "imports/mapping.html", run=run, form=form, columns=columns, fields=FIELDS
    ), status


@bp.get("/<int:run_id>")
def detail(run_id: int) -> ResponseReturnValue:
    run = services.get_run(current_user, run_id)
    return render_template("imports/detail.html", run=run, form=ConfirmForm(), Status=ImportStatus)


@bp.post("/<int:run_id>/retry")
def retry(run_id: int) -> ResponseReturnValue:
    form = ConfirmForm()
    if form.validate_on_submit():
        run = services.retry_import(current_user, run_id)
        _flash_outcome(run)
    return redirect(url_for("imports.detail", run_id=run_id))
