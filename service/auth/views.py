"""Sign-up, log in, log out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask.wrappers import Response
from flask_login import current_user, login_required, login_user, logout_user

from service.auth import services
from service.auth.forms import LoginForm, SignupForm
from service.errors import DomainError
from service.extensions import limiter
from service.security import local_path

bp = Blueprint("auth", __name__)


def _login_limits() -> str:
    return str(current_app.config["LOGIN_LIMITS"])


def _account_key() -> str:
    """Rate-limit key for the account being tried (whoever tries it)."""
    return "account:" + (request.form.get("email") or "").strip().lower()


def _failed(response: Response) -> bool:
    """Only failed attempts count towards the limits (a success redirects)."""
    return response.status_code != 302


def _safe_next(target: str | None) -> str:
    """Only local paths are followed after login (no open redirect)."""
    if target and local_path(target):
        return target
    return url_for("week.dashboard")


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("week.dashboard"))
    if not services.signup_open():
        return render_template("auth/signup_closed.html"), 403
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data or "", form.password.data or "", via_signup=True
            )
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            login_user(user)
            flash("Welcome to Next Round. Start by importing your LinkedIn connections.", "success")
            return redirect(url_for("imports.new"))
    return render_template("auth/signup.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limits, methods=["POST"], deduct_when=_failed)
@limiter.limit(_login_limits, methods=["POST"], key_func=_account_key, deduct_when=_failed)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("week.dashboard"))
    if request.method == "GET" and services.no_accounts_yet():
        return redirect(url_for(".signup"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            login_user(user, remember=bool(form.remember.data))
            return redirect(_safe_next(request.args.get("next")))
        flash("That e-mail and password do not match an account.", "error")
    return render_template("auth/login.html", form=form, signup_open=services.signup_open())


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    services.end_all_sessions(current_user)
    logout_user()
    flash("You are signed out (on every device).", "info")
    return redirect(url_for("auth.login"))
