"""The drafting studio: About you, the drafts list, a new draft, a draft's page (edit, status)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from service.applications.playbook import open_items
from service.drafting import services
from service.drafting.checks import FOLD_DESKTOP, FOLD_MOBILE
from service.drafting.forms import AboutForm, EditDraftForm, NewDraftForm
from service.drafting.kinds import KINDS, kind_info
from service.errors import DomainError
from service.forms import ConfirmForm, show_errors
from service.ids import lenient_int
from service.models import Draft, DraftKind

bp = Blueprint("drafting", __name__, url_prefix="/drafts")


@bp.before_request
@login_required
def _require_login() -> None:
    """Every drafting page needs a signed-in user."""


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_template(
        "drafting/index.html", drafts=services.list_drafts(current_user), kinds=KINDS
    )


def _kind_arg() -> str:
    kind = request.values.get("kind", DraftKind.KEEP_IN_TOUCH.value)
    return kind if kind in {k.value for k in DraftKind} else DraftKind.KEEP_IN_TOUCH.value


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    kind = _kind_arg()
    # The playbook's links say contact= and application= (see applications/links.py).
    contact_id = lenient_int(request.values.get("contact_id") or request.values.get("contact"))
    vacancy_id = lenient_int(request.values.get("vacancy_id") or request.values.get("vacancy"))
    application_id = lenient_int(
        request.values.get("application_id") or request.values.get("application")
    )
    form = NewDraftForm(kind=kind)
    application = services.own_application(current_user, application_id)
    questions = services.questions_for(
        current_user,
        kind,
        contact_id=contact_id,
        vacancy_id=vacancy_id,
        application_id=application_id,
    )
    if form.validate_on_submit():
        facts = {key: request.form.get(f"fact_{key}", "") for key, _label, _v in questions}
        try:
            draft = services.create_draft(
                current_user,
                services.DraftRequest(
                    kind,
                    form.tone.data or "warm",
                    contact_id,
                    vacancy_id,
                    facts,
                    form.source.data or "",
                    application_id=application_id,
                ),
            )
        except DomainError as exc:
            show_errors(form, exc)
        else:
            if draft.fallback_reason:
                flash(draft.fallback_reason, "warning")
            if form.use_llm.data and services.llm_configured():
                services.queue_llm_draft(current_user, draft.id)
            return redirect(url_for(".detail", draft_id=draft.id))
    return render_template(
        "drafting/new.html",
        form=form,
        kind=kind_info(kind),
        questions=questions,
        contact_id=contact_id,
        vacancy_id=vacancy_id,
        application=application,
        llm=services.llm_configured(),
        kinds=KINDS,
    )


@bp.get("/<id:draft_id>")
def detail(draft_id: int) -> ResponseReturnValue:
    draft = services.get_draft(current_user, draft_id)
    form = EditDraftForm(title=draft.title, body=draft.body)
    return _detail_page(draft, form)


def _detail_page(draft: Draft, form: EditDraftForm, status: int = 200) -> ResponseReturnValue:
    checks = services.draft_checks(draft)
    page = render_template(
        "drafting/detail.html",
        draft=draft,
        form=form,
        checks=checks,
        kind=kind_info(draft.kind),
        confirm=ConfirmForm(),
        fold_desktop=FOLD_DESKTOP,
        fold_mobile=FOLD_MOBILE,
        writing=draft.writer == services.LLM_QUEUED,
    )
    return page, status


@bp.post("/<id:draft_id>/edit")
def edit(draft_id: int) -> ResponseReturnValue:
    draft = services.get_draft(current_user, draft_id)
    form = EditDraftForm()
    if form.validate_on_submit():
        try:
            services.edit_draft(
                current_user, draft.id, title=form.title.data or "", body=form.body.data or ""
            )
        except DomainError as exc:
            show_errors(form, exc)
        else:
            flash(f"Saved as version {len(draft.versions)}.", "success")
            return redirect(url_for(".detail", draft_id=draft.id))
    return _detail_page(draft, form, 422)


@bp.post("/<id:draft_id>/status")
def mark(draft_id: int) -> ResponseReturnValue:
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    owed = len(open_items(current_user))
    draft = services.mark_draft(current_user, draft_id, request.form.get("status", ""))
    ticked = (
        " The playbook's to-do for it is ticked." if len(open_items(current_user)) < owed else ""
    )
    if draft.status.value == "sent" and draft.contact_id:
        flash("Marked sent, and logged as a touch on the contact's timeline." + ticked, "success")
    elif ticked:
        flash("Marked sent." + ticked, "success")
    else:
        flash(f"Marked {draft.status.value}.", "success")
    return redirect(url_for(".detail", draft_id=draft.id))


@bp.route("/about", methods=["GET", "POST"])
def about() -> ResponseReturnValue:
    current = services.get_about(current_user)
    form = AboutForm(
        obj=None,
        sign_name=current.sign_name,
        headline=current.headline,
        skills=", ".join(current.skills or []),
        goals=current.goals,
        topics=", ".join(current.topics or []),
        samples="\n\n".join(current.samples or []),
    )
    if form.validate_on_submit():
        services.update_about(
            current_user,
            {
                "sign_name": form.sign_name.data or "",
                "headline": form.headline.data or "",
                "skills": form.skills.data or "",
                "goals": form.goals.data or "",
                "topics": form.topics.data or "",
                "samples": (form.samples.data or "").replace("\r\n", "\n"),
            },
        )
        flash("About you saved: new drafts use it.", "success")
        return redirect(url_for(".about"))
    return render_template("drafting/about.html", form=form)
