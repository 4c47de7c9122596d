"""Settings: password, stay-in-touch tiers, API tokens."""

from __future__ import annotations

import json

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user

from service.auth import services as accounts
from service.auth import tokens
from service.auth.forms import PasswordForm
from service.clock import today
from service.errors import DomainError
from service.forms import ConfirmForm
from service.imports.backup import export_user_data
from service.settings import tiers
from service.settings.forms import TierForm, TokenForm
from service.week.views import schedule_form

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.before_request
@login_required
def _require_login() -> None:
    """Every settings page needs a signed-in user."""


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_template(
        "settings/index.html",
        password_form=PasswordForm(),
        tier_form=TierForm(prefix="tier"),
        token_form=TokenForm(prefix="token"),
        confirm=ConfirmForm(),
        tiers=tiers.list_tiers(current_user),
        tokens=tokens.list_tokens(current_user),
        new_token=None,
        week_form=schedule_form(current_user),
    )


@bp.get("/export.json")
def export() -> ResponseReturnValue:
    """All of the user's data as a JSON download (importable on the Import page)."""
    body = json.dumps(export_user_data(current_user), indent=2, ensure_ascii=False)
    filename = f"nextround-export-{today():%Y-%m-%d}.json"
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }
    return body, 200, {"Content-Type": "application/json; charset=utf-8", **headers}


@bp.post("/password")
def password() -> ResponseReturnValue:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data or "", form.new.data or "")
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            login_user(current_user._get_current_object())  # this session keeps going
            flash("Password changed. Every other session was signed out.", "success")
    else:
        flash(" ".join(e for errs in form.errors.values() for e in errs), "error")
    return redirect(url_for(".index"))


def _tier_problem(form: TierForm, exc: DomainError | None = None) -> None:
    """Say what is wrong with a tier form: the rule's own words (from ``TierIn``)."""
    problems = [str(m) for m in ((exc.details or {}).values() if exc else [])]
    problems += [e for errs in form.errors.values() for e in errs]
    flash(" ".join([exc.message if exc else "The tier needs fixing.", *problems]), "error")


def _save_tier(tier_id: int | None, done: str) -> ResponseReturnValue:
    """Add (no ``tier_id``) or change a tier from the posted form; TierIn's words on failure."""
    form = TierForm(prefix="tier")
    if not form.validate_on_submit():
        _tier_problem(form)
        return redirect(url_for(".index"))
    name, days = form.name.data or "", form.interval_days.data or 0
    try:
        if tier_id is None:
            tiers.create_tier(current_user, name, days)
        else:
            tiers.update_tier(current_user, tier_id, name, days)
    except DomainError as exc:
        _tier_problem(form, exc)
    else:
        flash(done, "success")
    return redirect(url_for(".index"))


@bp.post("/tiers")
def add_tier() -> ResponseReturnValue:
    return _save_tier(None, "Tier added.")


@bp.post("/tiers/<id:tier_id>")
def edit_tier(tier_id: int) -> ResponseReturnValue:
    tiers.get_tier(current_user, tier_id)  # someone else's tier: 404 before the form is read
    return _save_tier(tier_id, "Tier saved.")


@bp.post("/tiers/<id:tier_id>/delete")
def delete_tier(tier_id: int) -> ResponseReturnValue:
    if ConfirmForm().validate_on_submit():
        tiers.delete_tier(current_user, tier_id)
        flash("Tier deleted; its contacts no longer get reminders.", "success")
    return redirect(url_for(".index"))


@bp.post("/tokens")
def add_token() -> ResponseReturnValue:
    form = TokenForm(prefix="token")
    if not form.validate_on_submit():
        flash("Give the token a name.", "error")
        return redirect(url_for(".index"))
    token, plaintext = tokens.create_token(current_user, form.name.data or "")
    page = render_template(
        "settings/index.html",
        password_form=PasswordForm(),
        tier_form=TierForm(prefix="tier"),
        token_form=TokenForm(formdata=None, prefix="token"),
        confirm=ConfirmForm(),
        tiers=tiers.list_tiers(current_user),
        tokens=tokens.list_tokens(current_user),
        new_token=(token, plaintext),
    )
    return page, 200, {"Cache-Control": "no-store"}


@bp.post("/tokens/<id:token_id>/revoke")
def revoke_token(token_id: int) -> ResponseReturnValue:
    if ConfirmForm().validate_on_submit():
        token = tokens.revoke_token(current_user, token_id)
        flash(f"Token {token.name!r} revoked.", "success")
    return redirect(url_for(".index"))
