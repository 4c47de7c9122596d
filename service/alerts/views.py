"""Alert pages: the alerts (unread / all), one alert, a note to someone you know, and the
channel settings (add, edit, test, resume, rotate a webhook's secret; the user's time zone)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from service.alerts import services
from service.alerts.content import describe, plain_note
from service.alerts.forms import ChannelForm, TimezoneForm
from service.errors import DomainError, ValidationFailed
from service.forms import ConfirmForm, show_errors
from service.ids import MAX_PAGE, lenient_int
from service.models import Channel, ChannelKind, Contact
from service.owned import owned
from service.queue import QueueUnavailable

bp = Blueprint("alerts", __name__, url_prefix="/alerts")

PER_PAGE = 20
QUEUE_DOWN = "The job queue is not reachable right now, so nothing was queued; try again shortly."


@bp.before_request
@login_required
def _require_login() -> None:
    """Every alerts page needs a signed-in user."""


@bp.app_context_processor
def _unread_alerts() -> dict[str, Any]:
    """``unread_alerts()`` for the navigation (asked only when a signed-in page renders)."""

    def count() -> int:
        return services.unread_count(current_user) if current_user.is_authenticated else 0

    return {"unread_alerts": count}


@bp.get("/")
def index() -> ResponseReturnValue:
    show = "all" if request.args.get("show") == "all" else "unread"
    number = lenient_int(request.args.get("page"), high=MAX_PAGE) or 1
    rows, total = services.list_alerts(
        current_user, page=number, per_page=PER_PAGE, in_app=True, unread=show == "unread"
    )
    return render_template(
        "alerts/index.html",
        alerts=describe(rows),
        show=show,
        page=number,
        pages=max(1, -(-total // PER_PAGE)),
        total=total,
        form=ConfirmForm(),
    )


@bp.get("/<id:alert_id>")
def detail(alert_id: int) -> ResponseReturnValue:
    alert = services.open_alert(current_user, alert_id)
    return render_template("alerts/detail.html", a=describe([alert])[0], form=ConfirmForm())


@bp.post("/<id:alert_id>/read")
def read(alert_id: int) -> ResponseReturnValue:
    if ConfirmForm().validate_on_submit():
        unread = request.form.get("unread") == "1"
        services.mark_read(current_user, alert_id, read=not unread)
    return redirect(_back())


@bp.post("/read-all")
def read_all() -> ResponseReturnValue:
    if ConfirmForm().validate_on_submit():
        count = services.mark_all_read(current_user)
        flash(f"{count} alert{'s' if count != 1 else ''} marked read.", "success")
    return redirect(url_for("alerts.index"))


@bp.get("/<id:alert_id>/note/<id:contact_id>")
def note(alert_id: int, contact_id: int) -> ResponseReturnValue:
    alert = services.open_alert(current_user, alert_id)
    contact = owned(Contact, current_user, contact_id, "No such contact.")
    content = describe([alert])[0]
    return render_template(
        "alerts/note.html", a=content, contact=contact, text=plain_note(contact, content)
    )


def _back() -> str:
    target = request.form.get("next", "")
    return target if target.startswith("/alerts/") else url_for("alerts.index")


# Channels


@bp.get("/channels")
def channels() -> ResponseReturnValue:
    return _channels_page(ChannelForm(), TimezoneForm(timezone=current_user.timezone))


def _channels_page(form: ChannelForm, tz_form: TimezoneForm, status: int = 200) -> Any:
    rows = services.list_channels(current_user)
    return (
        render_template(
            "alerts/channels.html",
            channels=rows,
            has_in_app=any(c.kind is ChannelKind.IN_APP for c in rows),
            form=form,
            tz_form=tz_form,
            confirm=ConfirmForm(),
            smtp_configured=services.smtp_configured(),
            state=services.channel_state,
        ),
        status,
    )


@bp.post("/channels")
def add_channel() -> ResponseReturnValue:
    form = ChannelForm()
    tz_form = TimezoneForm(timezone=current_user.timezone)
    if not form.validate_on_submit():
        return _channels_page(form, tz_form, 422)
    try:
        channel = services.create_channel(current_user, form.values(editing=False))
    except ValidationFailed as exc:
        show_errors(form, exc)
        return _channels_page(form, tz_form, 422)
    flash(f"Added “{channel.name}”. Send a test to check it.", "success")
    return redirect(url_for("alerts.channels") + f"#channel-{channel.id}")


@bp.route("/channels/<id:channel_id>/edit", methods=["GET", "POST"])
def edit_channel(channel_id: int) -> ResponseReturnValue:
    channel = services.get_channel(current_user, channel_id)
    form = ChannelForm(obj=channel) if request.method == "GET" else ChannelForm()
    form.kind.data = channel.kind.value
    if channel.kind is ChannelKind.IN_APP:
        return redirect(url_for("alerts.channels"))
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.update_channel(current_user, channel_id, form.values(editing=True))
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash("Channel saved.", "success")
            return redirect(url_for("alerts.channels") + f"#channel-{channel_id}")
    status = 422 if request.method == "POST" else 200
    return render_template("alerts/channel_form.html", channel=channel, form=form), status


@bp.route("/channels/<id:channel_id>/delete", methods=["GET", "POST"])
def delete_channel(channel_id: int) -> ResponseReturnValue:
    channel = services.get_channel(current_user, channel_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.delete_channel(current_user, channel_id)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(f"Removed “{channel.name}”.", "success")
        return redirect(url_for("alerts.channels"))
    return render_template("alerts/channel_delete.html", channel=channel, form=form)


@bp.post("/channels/<id:channel_id>/test")
def test_channel(channel_id: int) -> ResponseReturnValue:
    services.get_channel(current_user, channel_id)  # another user's channel is a 404
    if ConfirmForm().validate_on_submit():
        try:
            queued = services.queue_test(current_user, channel_id)
        except QueueUnavailable:
            flash(QUEUE_DOWN, "error")
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(
                "Test message queued: reload this page in a moment to see the result."
                if queued
                else "A test is already on its way.",
                "info",
            )
    return redirect(url_for("alerts.channels") + f"#channel-{channel_id}")


@bp.post("/channels/<id:channel_id>/resume")
def resume_channel(channel_id: int) -> ResponseReturnValue:
    if ConfirmForm().validate_on_submit():
        channel: Channel = services.resume_channel(current_user, channel_id)
        flash(f"“{channel.name}” is on again; waiting alerts go out now.", "success")
    return redirect(url_for("alerts.channels") + f"#channel-{channel_id}")


@bp.post("/channels/<id:channel_id>/rotate")
def rotate_secret(channel_id: int) -> ResponseReturnValue:
    services.get_channel(current_user, channel_id)  # another user's channel is a 404
    if ConfirmForm().validate_on_submit():
        try:
            services.rotate_secret(current_user, channel_id)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash("New signing secret made: give it to your receiver.", "success")
    return redirect(url_for("alerts.channels") + f"#channel-{channel_id}")


@bp.post("/timezone")
def set_timezone() -> ResponseReturnValue:
    form = TimezoneForm()
    if form.validate_on_submit():
        try:
            services.set_timezone(current_user, (form.timezone.data or "").strip())
        except ValidationFailed as exc:
            show_errors(form, exc)
            return _channels_page(ChannelForm(), form, 422)
        flash(f"Time zone set to {current_user.timezone}.", "success")
        return redirect(url_for("alerts.channels"))
    return _channels_page(ChannelForm(), form, 422)
