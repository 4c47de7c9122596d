"""Watch pages: add a careers page (with a preview), a watch and its polls, check now, stop,
the vacancies list and one vacancy, and "watch my past employers"."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from service.companies.services import get_company
from service.errors import Conflict, DomainError, ValidationFailed
from service.forms import ConfirmForm, show_errors
from service.ids import MAX_PAGE, lenient_int
from service.matching.feed import match_of_vacancy
from service.queue import QueueUnavailable
from service.security import local_path
from service.watch import discovery, services, vacancies
from service.watch.forms import AddWatchForm, WatchFoundForm

bp = Blueprint("watch", __name__)

QUEUE_DOWN = "The job queue is not reachable right now, so nothing was queued; try again shortly."


@bp.before_request
@login_required
def _require_login() -> None:
    """Every watch page needs a signed-in user."""


def _chosen_ats(form: AddWatchForm) -> str | None:
    return form.ats.data or None


@bp.post("/companies/<id:company_id>/watches/preview")
def preview(company_id: int) -> ResponseReturnValue:
    company = get_company(current_user, company_id)
    form = AddWatchForm()
    found = None
    if form.validate_on_submit():
        try:
            found = discovery.preview_board(form.url.data or "", _chosen_ats(form))
        except ValidationFailed as exc:
            show_errors(form, exc)
            if not form.url.errors and not form.ats.errors:
                form.url.errors = [exc.message]
    status = 200 if found else 422
    page = render_template("watch/preview.html", company=company, form=form, found=found)
    return page, status


@bp.post("/companies/<id:company_id>/watches")
def create(company_id: int) -> ResponseReturnValue:
    company = get_company(current_user, company_id)
    form = AddWatchForm()
    if form.validate_on_submit():
        try:
            text = form.url.data or ""
            watch = discovery.watch_input(current_user, company, text, _chosen_ats(form))
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(f"Watching {watch.source.ats} board {watch.source.token}.", "success")
            return redirect(url_for(".detail", watch_id=watch.id))
    page = render_template("watch/preview.html", company=company, form=form, found=None)
    return page, 422


@bp.get("/watches/<id:watch_id>")
def detail(watch_id: int) -> ResponseReturnValue:
    state = services.watch_state(current_user, watch_id)
    polls = vacancies.poll_history(state.watch.source_id)
    return render_template("watch/detail.html", state=state, polls=polls)


@bp.post("/watches/<id:watch_id>/check")
def check(watch_id: int) -> ResponseReturnValue:
    watch = services.get_watch(current_user, watch_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.check_now(current_user, watch.id)
        except QueueUnavailable:
            flash(QUEUE_DOWN, "error")
        except Conflict as exc:  # a demo board
            flash(exc.message, "error")
        else:
            flash(f"{watch.company.name}'s board will be checked in a moment.", "success")
    return redirect(_back(url_for(".detail", watch_id=watch.id)))


def _back(default: str) -> str:
    """The page the form came from when it is one of ours, else ``default``."""
    target = request.form.get("next", "")
    return target if local_path(target) else default


@bp.route("/watches/<id:watch_id>/delete", methods=["GET", "POST"])
def delete(watch_id: int) -> ResponseReturnValue:
    watch = services.get_watch(current_user, watch_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        company_id, name = watch.company_id, watch.company.name
        services.remove_watch(current_user, watch.id)
        flash(f"No longer watching this board for {name}.", "success")
        return redirect(url_for("companies.detail", company_id=company_id))
    return render_template("watch/delete.html", watch=watch, form=form)


@bp.get("/vacancies/")
def vacancy_list() -> ResponseReturnValue:
    status = request.args.get("status", "all")
    status = status if status in vacancies.STATUSES else "all"
    company_id = lenient_int(request.args.get("company"))
    filters = vacancies.VacancyFilter(status, company_id, request.args.get("q", "")[:200])
    number = lenient_int(request.args.get("page"), high=MAX_PAGE) or 1
    new_since = vacancies.record_visit(current_user)
    page = vacancies.list_vacancy_page(current_user, filters, new_since=new_since, page=number)
    if not page.items and page.page > page.pages:  # past the end: show the last page
        page = vacancies.list_vacancy_page(
            current_user, filters, new_since=new_since, page=page.pages
        )
    args = {k: v for k, v in (("status", status), ("company", company_id), ("q", filters.q)) if v}
    return render_template(
        "watch/vacancies.html",
        page=page,
        filters=filters,
        args=args,
        new_since=new_since,
        companies=vacancies.watched_companies(current_user),
        statuses=vacancies.STATUSES,
    )


@bp.get("/vacancies/<id:vacancy_id>")
def vacancy(vacancy_id: int) -> ResponseReturnValue:
    found = vacancies.get_vacancy(current_user, vacancy_id)
    companies = vacancies.companies_of(current_user, found)
    return render_template(
        "watch/vacancy.html",
        vacancy=found,
        companies=companies,
        people=vacancies.people_at(current_user, companies),
        match=match_of_vacancy(current_user, found.id),
        form=ConfirmForm(),
    )


@bp.get("/watches/discover")
def discover_page() -> ResponseReturnValue:
    return render_template(
        "watch/discover.html",
        run=discovery.latest_run(current_user),
        candidates=discovery.candidates(current_user),
        watched=discovery.watched_company_ids(current_user),
        form=ConfirmForm(),
    )


@bp.post("/watches/discover")
def discover_start() -> ResponseReturnValue:
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            discovery.start_discovery(current_user)
        except QueueUnavailable:
            flash(QUEUE_DOWN, "error")
        else:
            flash("Looking for your companies' boards; this page shows them when done.", "success")
    return redirect(url_for(".discover_page"))


@bp.post("/watches/discover/watch")
def discover_watch() -> ResponseReturnValue:
    form = WatchFoundForm()
    if form.validate_on_submit():
        company_id = lenient_int(form.company_id.data) or 0
        try:
            watch = discovery.watch_discovered(
                current_user, company_id, form.kind.data or "", form.token.data or ""
            )
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(f"Watching {watch.company.name}'s {watch.source.ats} board.", "success")
    else:
        flash("That board could not be watched; search again.", "error")
    return redirect(url_for(".discover_page"))
