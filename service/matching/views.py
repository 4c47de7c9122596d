"""Matching pages: the matches feed and its verdicts, target profiles, match settings."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms import SelectChoice

from service.companies.services import company_choices
from service.errors import DomainError, ValidationFailed
from service.forms import ConfirmForm
from service.ids import MAX_PAGE, lenient_int
from service.matching import feed, profiles
from service.matching.forms import LIST_FIELDS, ProfileForm, SettingsForm
from service.matching.schemas import MatchStateIn
from service.security import local_path
from service.validation import parse
from service.watch.vacancies import watched_companies

bp = Blueprint("matching", __name__, url_prefix="/matches")

RESCORING = "Your matches are being re-scored; the feed follows in a moment."
RESCORE_LATER = (
    "Re-scoring your matches has to wait: the job queue is not reachable right now. "
    "Press “Re-score my matches” on the profiles page once it is back."
)


@bp.before_request
@login_required
def _require_login() -> None:
    """Every matching page needs a signed-in user."""


@bp.app_context_processor
def _new_matches() -> dict[str, Any]:
    """``new_matches()`` for the navigation (asked only when a signed-in page renders)."""

    def count() -> int:
        return feed.tab_count(current_user, "new") if current_user.is_authenticated else 0

    return {"new_matches": count}


def _rescore_message(queued: bool, saved: str) -> None:
    flash(f"{saved} {RESCORING if queued else RESCORE_LATER}", "success" if queued else "info")


def _back(default: str) -> str:
    """The page the form came from when it is one of ours, else ``default``."""
    target = request.form.get("next", "")
    return target if local_path(target) else default


# The feed


@bp.get("/")
def index() -> ResponseReturnValue:
    status = request.args.get("status", "new")
    status = status if status in feed.TABS else "new"
    filters = feed.MatchFilter(
        status,
        profile_id=lenient_int(request.args.get("profile")),
        company_id=lenient_int(request.args.get("company")),
    )
    number = lenient_int(request.args.get("page"), high=MAX_PAGE) or 1
    page = feed.list_matches(current_user, filters, page=number)
    if not page.items and page.page > page.pages:  # past the end: show the last page
        page = feed.list_matches(current_user, filters, page=page.pages)
    args = {
        k: v
        for k, v in (
            ("status", status),
            ("profile", filters.profile_id),
            ("company", filters.company_id),
        )
        if v
    }
    return render_template(
        "matching/index.html",
        page=page,
        filters=filters,
        args=args,
        counts=feed.tab_counts(current_user),
        profiles=profiles.list_profiles(current_user),
        companies=watched_companies(current_user),
        form=ConfirmForm(),
    )


@bp.post("/<id:match_id>/state")
def set_state(match_id: int) -> ResponseReturnValue:
    match = feed.get_match(current_user, match_id)  # another user's match is a 404
    if ConfirmForm().validate_on_submit():
        try:
            verdict = parse(MatchStateIn, {"state": request.form.get("state", "")})
        except ValidationFailed:
            flash("Choose interested, dismiss or back to new.", "error")
        else:
            feed.set_state(current_user, match.id, verdict.state)
            title = match.vacancy.title
            flash(
                {
                    "new": f"“{title}” is back among the new matches.",
                    "interested": f"“{title}” marked interested.",
                    "dismissed": f"“{title}” dismissed; it stays dismissed if the posting changes.",
                }[verdict.state.value],
                "success",
            )
    return redirect(_back(url_for(".index")))


# Profiles


@bp.get("/profiles/")
def profile_list() -> ResponseReturnValue:
    return render_template(
        "matching/profiles.html", profiles=profiles.list_profiles(current_user), form=ConfirmForm()
    )


def _show_profile_errors(form: ProfileForm, exc: DomainError, values: dict[str, Any]) -> None:
    """The service's refusal on the form: each problem on its field, naming the phrase."""
    flash(exc.message, "error")
    for key, message in (exc.details or {}).items():
        name, _, index = str(key).partition(".")
        if name not in form:
            continue
        text = _plain(message) if isinstance(message, str) and " " in message else exc.message
        items = values.get(name) if name in LIST_FIELDS else None
        if items and index.isdigit() and int(index) < len(items):
            text = f"“{items[int(index)][:60]}”: {text}"
        form[name].errors = [*form[name].errors, text]


PYDANTIC_WORDS = (
    (
        re.compile(r"^List should have at most (\d+) items? after validation, not (\d+)$"),
        r"At most \1, please (there are \2).",
    ),
    (re.compile(r"^String should have at most (\d+) characters?$"), r"At most \1 characters."),
)


def _plain(message: str) -> str:
    """A rule's message in the words of the form (pydantic speaks of lists and strings)."""
    for pattern, words in PYDANTIC_WORDS:
        if pattern.match(message):
            return pattern.sub(words, message)
    return message


def _save_profile(form: ProfileForm, profile_id: int | None) -> bool:
    values = form.values()
    try:
        if profile_id is None:
            saved = profiles.create_profile(current_user, values, rescore=False)
        else:
            saved = profiles.update_profile(current_user, profile_id, values, rescore=False)
    except DomainError as exc:
        _show_profile_errors(form, exc, values)
        return False
    _rescore_message(profiles.queue_rescore(current_user.id), f"Saved “{saved.name}”.")
    return True


@bp.route("/profiles/new", methods=["GET", "POST"])
def profile_new() -> ResponseReturnValue:
    form = ProfileForm()
    if form.validate_on_submit() and _save_profile(form, None):
        return redirect(url_for(".profile_list"))
    status = 422 if request.method == "POST" else 200
    return render_template("matching/profile_form.html", form=form, profile=None), status


@bp.route("/profiles/<id:profile_id>/edit", methods=["GET", "POST"])
def profile_edit(profile_id: int) -> ResponseReturnValue:
    profile = profiles.get_profile(current_user, profile_id)
    form = ProfileForm()
    if request.method == "GET":
        form.fill(profile)
    elif form.validate_on_submit() and _save_profile(form, profile.id):
        return redirect(url_for(".profile_list"))
    status = 422 if request.method == "POST" else 200
    return render_template("matching/profile_form.html", form=form, profile=profile), status


@bp.route("/profiles/<id:profile_id>/delete", methods=["GET", "POST"])
def profile_delete(profile_id: int) -> ResponseReturnValue:
    profile = profiles.get_profile(current_user, profile_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = profile.name
        profiles.delete_profile(current_user, profile.id, rescore=False)
        _rescore_message(profiles.queue_rescore(current_user.id), f"Deleted “{name}”.")
        return redirect(url_for(".profile_list"))
    return render_template("matching/profile_delete.html", profile=profile, form=form)


@bp.post("/rescore")
def rescore() -> ResponseReturnValue:
    if ConfirmForm().validate_on_submit():
        queued = profiles.queue_rescore(current_user.id)
        if queued:
            flash(RESCORING, "success")
        else:
            flash("The job queue is still not reachable; try again shortly.", "error")
    return redirect(url_for(".profile_list"))


# Settings


def _settings_form(companies: list[tuple[int, str]]) -> SettingsForm:
    form = SettingsForm()
    choices = [SelectChoice(company_id, name) for company_id, name in companies]
    form.favourite_company_ids.choices = choices
    form.blocked_company_ids.choices = choices
    return form


@bp.route("/settings", methods=["GET", "POST"])
def settings() -> ResponseReturnValue:
    companies = company_choices(current_user)
    form = _settings_form(companies)
    if request.method == "GET":
        for name, value in profiles.settings_fields(profiles.get_settings(current_user)).items():
            form[name].data = value
    elif form.validate_on_submit():
        try:
            profiles.update_settings(current_user, form.values(), rescore=False)
        except DomainError as exc:
            flash(exc.message, "error")
            for name in exc.details or {}:
                if name in form:
                    form[name].errors = [*form[name].errors, exc.message]
        else:
            _rescore_message(profiles.queue_rescore(current_user.id), "Match settings saved.")
            return redirect(url_for(".settings"))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "matching/settings.html", form=form, has_companies=bool(companies)
    ), status
