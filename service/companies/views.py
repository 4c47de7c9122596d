"""Company pages: list, detail with its people, add, edit, delete."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from service.applications.services import list_applications
from service.clock import today
from service.companies import services
from service.companies.forms import CompanyForm
from service.errors import DomainError, ValidationFailed
from service.forms import ConfirmForm, show_errors
from service.models import Company, CompanyRelation
from service.watch.forms import AddWatchForm
from service.watch.services import list_watches

bp = Blueprint("companies", __name__, url_prefix="/companies")


@bp.before_request
@login_required
def _require_login() -> None:
    """Every company page needs a signed-in user."""


def _form_data(form: CompanyForm) -> dict[str, Any]:
    return {
        "name": form.name.data,
        "website": form.website.data or None,
        "relation": form.relation.data,
        "notes": form.notes.data or "",
    }


def _save(form: CompanyForm, company_id: int | None) -> Company | None:
    """Create or update through the service; its errors land on the form's fields."""
    try:
        if company_id is None:
            return services.create_company(current_user, _form_data(form))
        return services.update_company(current_user, company_id, _form_data(form))
    except ValidationFailed as exc:
        show_errors(form, exc)
    except DomainError as exc:
        flash(exc.message, "error")
    return None


@bp.get("/")
def index() -> ResponseReturnValue:
    relation = services.parse_relation(request.args.get("relation"))
    rows = services.list_companies(current_user, request.args.get("q", ""), relation)
    return render_template(
        "companies/index.html",
        rows=rows,
        relations=list(CompanyRelation),
        relation=relation,
        q=request.args.get("q", ""),
    )


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    form = CompanyForm()
    if form.validate_on_submit() and (company := _save(form, None)) is not None:
        flash(f"{company.name} added.", "success")
        return redirect(url_for(".detail", company_id=company.id))
    return render_template("companies/form.html", form=form, company=None)


@bp.get("/<id:company_id>")
def detail(company_id: int) -> ResponseReturnValue:
    company = services.get_company(current_user, company_id)
    people = sorted(company.contacts, key=lambda c: (c.last_name.lower(), c.first_name.lower()))
    return render_template(
        "companies/detail.html",
        company=company,
        people=people,
        today=today(),
        watches=list_watches(current_user, company=company.name),
        applications=list_applications(current_user, company_id=company.id),
        watch_form=AddWatchForm(),
    )


@bp.route("/<id:company_id>/edit", methods=["GET", "POST"])
def edit(company_id: int) -> ResponseReturnValue:
    company = services.get_company(current_user, company_id)
    form = CompanyForm(obj=company) if request.method == "GET" else CompanyForm()
    if request.method == "GET":
        form.relation.data = company.relation.value
    if form.validate_on_submit() and _save(form, company.id) is not None:
        flash("Saved.", "success")
        return redirect(url_for(".detail", company_id=company.id))
    return render_template("companies/form.html", form=form, company=company)


@bp.route("/<id:company_id>/delete", methods=["GET", "POST"])
def delete(company_id: int) -> ResponseReturnValue:
    company = services.get_company(current_user, company_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_company(current_user, company.id)
        flash(f"{company.name} was deleted; its people were kept.", "success")
        return redirect(url_for(".index"))
    return render_template("companies/delete.html", company=company, form=form)
