"""Application pages: the pipeline, an application's timeline, stages, the rejection playbook,
feedback and the upskill plan."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms import SelectChoice

from service.applications import playbook, services
from service.applications.forms import (
    ApplicationForm,
    FeedbackForm,
    ProgressForm,
    StageForm,
    UpskillForm,
)
from service.applications.links import draft_link
from service.clock import today
from service.errors import DomainError
from service.forms import ConfirmForm, show_errors
from service.ids import lenient_int
from service.models import Application, PlaybookItem
from service.watch.vacancies import companies_of, get_vacancy

bp = Blueprint("applications", __name__, url_prefix="/applications")


@bp.before_request
@login_required
def _require_login() -> None:
    """Every application page needs a signed-in user."""


@bp.app_template_global()
def draft_url(item: PlaybookItem) -> str:
    """The drafting studio's page for a to-do."""
    return draft_link(item.kind, item.contact_id, item.application_id)


def _person_choices(application: Application | None, blank: str) -> list[SelectChoice]:
    people = services.people_choices(current_user, application)
    return [SelectChoice("", blank)] + [SelectChoice(str(i), name) for i, name in people]


def _application_data(form: ApplicationForm) -> dict[str, Any]:
    return {
        "company": form.company.data,
        "role": form.role.data,
        "source": form.source.data,
        "headhunter_id": form.headhunter_id.data,
        "next_step": form.next_step.data or "",
        "next_step_on": form.next_step_on.data,
        "notes": form.notes.data or "",
        "vacancy_id": lenient_int(form.vacancy_id.data),
    }


@bp.get("/")
def index() -> ResponseReturnValue:
    columns = services.pipeline(current_user)
    return render_template(
        "applications/index.html",
        columns=columns,
        total=sum(len(apps) for _kind, apps in columns),
        todos=playbook.open_items(current_user),
        today=today(),
        confirm=ConfirmForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    form = ApplicationForm()
    form.headhunter_id.choices = _person_choices(None, "None")
    vacancy_id = lenient_int(request.args.get("vacancy"))
    if request.method == "GET" and vacancy_id is not None:
        vacancy = get_vacancy(current_user, vacancy_id)
        companies = companies_of(current_user, vacancy)
        form.company.data = companies[0].name if companies else ""
        form.role.data, form.vacancy_id.data = vacancy.title[:300], str(vacancy.id)
    if form.validate_on_submit():
        try:
            application = services.create_application(current_user, _application_data(form))
        except DomainError as exc:
            show_errors(form, exc)
        else:
            flash(f"{application.role} at {application.company.name} added.", "success")
            return redirect(url_for(".detail", application_id=application.id))
    return render_template("applications/form.html", form=form, application=None)


def _detail(application: Application, stage_form: StageForm | None = None) -> str:
    if stage_form is None:
        stage_form = StageForm(occurred_on=today())
    stage_form.contact_ids.choices = _person_choices(application, "")[1:]
    upskill_form = UpskillForm()
    upskill_form.feedback_id.choices = [SelectChoice("", "None")] + [
        SelectChoice(str(f.id), f"{f.received_on:%d %b %Y}: {f.text[:60]}")
        for f in application.feedback
    ]
    if application.feedback:  # the latest feedback is the likeliest source of the gap
        upskill_form.feedback_id.data = application.feedback[-1].id
    return render_template(
        "applications/detail.html",
        application=application,
        stage_form=stage_form,
        upskill_form=upskill_form,
        confirm=ConfirmForm(),
        today=today(),
    )


@bp.get("/<id:application_id>")
def detail(application_id: int) -> ResponseReturnValue:
    return _detail(services.get_application(current_user, application_id))


@bp.route("/<id:application_id>/edit", methods=["GET", "POST"])
def edit(application_id: int) -> ResponseReturnValue:
    application = services.get_application(current_user, application_id)
    data = services.application_fields(application)
    form = ApplicationForm(data=data) if request.method == "GET" else ApplicationForm()
    form.headhunter_id.choices = _person_choices(application, "None")
    if form.validate_on_submit():
        try:
            services.update_application(current_user, application.id, _application_data(form))
        except DomainError as exc:
            show_errors(form, exc)
        else:
            flash("Saved.", "success")
            return redirect(url_for(".detail", application_id=application.id))
    return render_template("applications/form.html", form=form, application=application)


@bp.post("/<id:application_id>/stages")
def log_stage(application_id: int) -> ResponseReturnValue:
    application = services.get_application(current_user, application_id)
    form = StageForm()
    form.contact_ids.choices = _person_choices(application, "")[1:]
    if form.validate_on_submit():
        new_people = []
        if (form.new_first_name.data or "").strip():
            new_people.append(
                {
                    "first_name": form.new_first_name.data,
                    "last_name": form.new_last_name.data or "",
                    "title": form.new_title.data or "",
                    "role": form.new_role.data,
                }
            )
        fields = {
            "kind": form.kind.data,
            "occurred_on": form.occurred_on.data,
            "round": form.round.data,
            "notes": form.notes.data or "",
            "contact_ids": form.contact_ids.data or [],
            "new_people": new_people,
        }
        try:
            stage = services.log_stage(current_user, application.id, fields)
        except DomainError as exc:
            show_errors(form, exc)
        else:
            flash(f"{stage.label} logged.", "success")
            return redirect(url_for(".detail", application_id=application.id))
    flash("The stage was not logged: see the form below.", "error")
    return _detail(application, form), 422


@bp.post("/<id:application_id>/reject")
def reject(application_id: int) -> ResponseReturnValue:
    application = services.get_application(current_user, application_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.mark_rejected(current_user, application.id)
    flash("Marked rejected. The playbook below says what to do next.", "success")
    return redirect(url_for(".detail", application_id=application.id))


@bp.post("/stages/<id:stage_id>/delete")
def delete_stage(stage_id: int) -> ResponseReturnValue:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    application = services.delete_stage(current_user, stage_id)
    flash("Stage removed.", "success")
    return redirect(url_for(".detail", application_id=application.id))


@bp.post("/<id:application_id>/delete")
def delete(application_id: int) -> ResponseReturnValue:
    application = services.get_application(current_user, application_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.delete_application(current_user, application.id)
    flash("Application deleted; the people and the company were kept.", "success")
    return redirect(url_for(".index"))


@bp.route("/<id:application_id>/feedback", methods=["GET", "POST"])
def feedback(application_id: int) -> ResponseReturnValue:
    application = services.get_application(current_user, application_id)
    form = FeedbackForm(received_on=today())
    form.contact_id.choices = _person_choices(application, "Not said")
    if form.validate_on_submit():
        fields = {
            "text": form.text.data,
            "categories": form.categories.data,
            "contact_id": form.contact_id.data,
            "received_on": form.received_on.data,
        }
        try:
            playbook.record_feedback(current_user, application, fields)
        except DomainError as exc:
            show_errors(form, exc)
        else:
            flash("Feedback saved. Turn its gaps into upskill items below.", "success")
            return redirect(url_for(".detail", application_id=application.id))
    return render_template("applications/feedback.html", form=form, application=application)


@bp.post("/todos/<id:todo_id>/done")
def tick(todo_id: int) -> ResponseReturnValue:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    item = playbook.complete_item(current_user, todo_id)
    flash(f"{item.kind.label}: done.", "success")
    if item.application_id is not None:
        return redirect(url_for(".detail", application_id=item.application_id))
    return redirect(url_for(".upskill"))


@bp.route("/upskill", methods=["GET", "POST"])
def upskill() -> ResponseReturnValue:
    form = UpskillForm()
    form.feedback_id.choices = [SelectChoice("", "None")]
    if form.validate_on_submit():
        fields = {
            "kind": form.kind.data,
            "title": form.title.data,
            "gap": form.gap.data or "",
            "target_on": form.target_on.data,
            "feedback_id": form.feedback_id.data,
        }
        try:
            item = playbook.create_upskill(current_user, fields)
        except DomainError as exc:
            show_errors(form, exc)
        else:
            flash(f"{item.title} added to the upskill plan.", "success")
            return redirect(url_for(".upskill"))
    return render_template(
        "applications/upskill.html",
        form=form,
        items=playbook.upskill_plan(current_user),
        todos=[i for i in playbook.open_items(current_user) if i.upskill_id is not None],
        progress_form=ProgressForm(),
        confirm=ConfirmForm(),
        today=today(),
    )


@bp.post("/upskill/<id:upskill_id>/progress")
def progress(upskill_id: int) -> ResponseReturnValue:
    item = playbook.get_upskill(current_user, upskill_id)
    form = ProgressForm()
    if not form.validate_on_submit():
        flash("Progress is a number from 0 to 100.", "error")
        return redirect(url_for(".upskill"))
    playbook.set_progress(current_user, item.id, {"progress": form.progress.data})
    if item.done_at is not None:
        flash(f"{item.title} is done. Tell people: see the to-dos it added.", "success")
    else:
        flash(f"{item.title}: {item.progress}%.", "success")
    return redirect(url_for(".upskill"))
