"""Contact pages: list, detail with timeline, add, edit, delete, merge, log a touch."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms import SelectChoice

from service.applications.services import stages_with
from service.clock import today
from service.companies.services import company_choices
from service.contacts import services
from service.contacts.filters import PAGE_NAMES, read_filter
from service.contacts.forms import ContactForm, MergeForm, TouchForm
from service.contacts.schemas import split_tags
from service.errors import DomainError, ValidationFailed
from service.forms import ConfirmForm, show_errors
from service.ids import MAX_PAGE, lenient_int
from service.models import Contact, ContactRole

bp = Blueprint("contacts", __name__, url_prefix="/contacts")
LIST_ARGS = ("q", "company", "role", "tag", "tier", "due", "sort")


@bp.before_request
@login_required
def _require_login() -> None:
    """Every contact page needs a signed-in user."""


def _describe(contact: Contact) -> str:
    """A contact's name with what tells two namesakes apart."""
    detail = contact.company.name if contact.company else contact.title or contact.email
    return f"{contact.name} ({detail})" if detail else contact.name


def _tier_choices() -> list[SelectChoice]:
    return [SelectChoice("", "No reminders")] + [
        SelectChoice(str(t.id), str(t)) for t in current_user.tiers
    ]


def _form_data(form: ContactForm) -> dict[str, Any]:
    return {
        "first_name": form.first_name.data,
        "last_name": form.last_name.data or "",
        "title": form.title.data or "",
        "company": form.company.data or None,
        "email": (form.email.data or "").strip() or None,
        "linkedin": form.linkedin.data or None,
        "role": form.role.data,
        "tier_id": form.tier_id.data,
        "tags": split_tags(form.tags.data),
        "how_met": form.how_met.data or "",
        "notes": form.notes.data or "",
    }


@bp.get("/")
def index() -> ResponseReturnValue:
    filters = read_filter(request.args, strict=False, names=PAGE_NAMES)
    number = lenient_int(request.args.get("page"), high=MAX_PAGE) or 1
    page = services.list_contacts(current_user, filters, page=number)
    if not page.items and page.page > page.pages:  # past the end: show the last page
        page = services.list_contacts(current_user, filters, page=page.pages)
    return render_template(
        "contacts/index.html",
        page=page,
        filters=filters,
        roles=list(ContactRole),
        companies=company_choices(current_user),
        tags=services.user_tags(current_user),
        tiers=current_user.tiers,
        today=today(),
        args={k: v for k, v in request.args.items() if k in LIST_ARGS and v},
    )


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    form = ContactForm()
    form.tier_id.choices = _tier_choices()
    if form.validate_on_submit():
        try:
            contact = services.create_contact(current_user, _form_data(form))
        except DomainError as exc:
            show_errors(form, exc)
        else:
            flash(f"{contact.name} added.", "success")
            return redirect(url_for(".detail", contact_id=contact.id))
    return render_template("contacts/form.html", form=form, contact=None)


@bp.get("/<id:contact_id>")
def detail(contact_id: int) -> ResponseReturnValue:
    contact = services.get_contact(current_user, contact_id)
    touch_form = TouchForm(occurred_on=today())
    return render_template(
        "contacts/detail.html",
        contact=contact,
        met_at=stages_with(current_user, contact),
        touch_form=touch_form,
        confirm=ConfirmForm(),
        today=today(),
    )


@bp.route("/<id:contact_id>/edit", methods=["GET", "POST"])
def edit(contact_id: int) -> ResponseReturnValue:
    contact = services.get_contact(current_user, contact_id)
    data = services.contact_fields(contact)
    data["tags"] = ", ".join(data["tags"])
    data["linkedin"] = contact.linkedin_url or ""
    form = ContactForm(data=data) if request.method == "GET" else ContactForm()
    form.tier_id.choices = _tier_choices()
    if form.validate_on_submit():
        try:
            services.update_contact(current_user, contact.id, _form_data(form))
        except DomainError as exc:
            show_errors(form, exc)
        else:
            flash("Saved.", "success")
            return redirect(url_for(".detail", contact_id=contact.id))
    return render_template("contacts/form.html", form=form, contact=contact)


@bp.route("/<id:contact_id>/delete", methods=["GET", "POST"])
def delete(contact_id: int) -> ResponseReturnValue:
    contact = services.get_contact(current_user, contact_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = contact.name
        services.delete_contact(current_user, contact.id)
        flash(f"{name} and their touches were deleted.", "success")
        return redirect(url_for(".index"))
    return render_template("contacts/delete.html", contact=contact, form=form)


@bp.post("/<id:contact_id>/touches")
def log_touch(contact_id: int) -> ResponseReturnValue:
    contact = services.get_contact(current_user, contact_id)
    form = TouchForm()
    if form.validate_on_submit():
        fields = {
            "kind": form.kind.data,
            "direction": form.direction.data,
            "occurred_at": form.occurred_on.data,
            "summary": form.summary.data or "",
        }
        try:
            services.record_touch(current_user, contact.id, fields)
        except ValidationFailed as exc:
            problems = [str(m) for m in (exc.details or {}).values()] or [exc.message]
            form.occurred_on.errors = [*form.occurred_on.errors, *problems]
        else:
            due = contact.next_due_on
            flash(f"Touch logged. Next due {due:%d %b %Y}." if due else "Touch logged.", "success")
            return redirect(url_for(".detail", contact_id=contact.id))
    flash("The touch was not logged: see the form below.", "error")
    page = render_template(
        "contacts/detail.html", contact=contact, touch_form=form, confirm=ConfirmForm(),
        today=today(),
    )  # fmt: skip
    return page, 422


@bp.post("/touches/<id:touch_id>/delete")
def delete_touch(touch_id: int) -> ResponseReturnValue:
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    contact = services.delete_touch(current_user, touch_id)
    flash("Touch removed.", "success")
    return redirect(url_for(".detail", contact_id=contact.id))


@bp.route("/<id:contact_id>/merge", methods=["GET", "POST"])
def merge(contact_id: int) -> ResponseReturnValue:
    contact = services.get_contact(current_user, contact_id)
    form = MergeForm()
    if form.validate_on_submit() and form.other_id.data is not None:
        other = services.get_contact(current_user, form.other_id.data)
        described = _describe(other)
        moved = len(other.touches)
        services.merge_contacts(current_user, contact.id, other.id)
        flash(f"{described} was merged into this contact; {moved} touch(es) moved over.", "success")
        return redirect(url_for(".detail", contact_id=contact.id))
    q = request.args.get("q", "") or contact.last_name or contact.first_name
    candidates = [
        c
        for c in services.list_contacts(
            current_user, services.ContactFilter(q=q), per_page=20
        ).items
        if c.id != contact.id
    ]
    return render_template(
        "contacts/merge.html", contact=contact, form=form, candidates=candidates, q=q
    )
