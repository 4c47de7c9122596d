"""The dashboard (who is due), the "This week" page with its exports, and the calendar feed."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from service.clock import today, utcnow
from service.contacts.services import due_contacts, has_contacts
from service.errors import NotFound
from service.extensions import db
from service.forms import ConfirmForm
from service.models import ItemState, User, WeekPlan, WeekSettings
from service.week import digest, export, plans
from service.week.forms import ScheduleForm
from service.week.planner import week_of

bp = Blueprint("week", __name__)


@bp.get("/")
@login_required
def dashboard() -> ResponseReturnValue:
    day = today()
    due = due_contacts(current_user, today=day)
    return render_template(
        "week/dashboard.html", due=due, today=day, has_contacts=has_contacts(current_user)
    )


def _label(label: str | None) -> str:
    try:
        return week_of(utcnow(), current_user.timezone, label).label
    except ValueError:
        abort(404)


def _plan(user: User, label: str) -> WeekPlan:
    """The kept plan of the week, built on first view."""
    return plans.get_plan(user, label) or plans.build_week(user, utcnow(), label)


@bp.get("/week")
@bp.get("/week/<label>")
@login_required
def this_week(label: str | None = None, feed_url: str | None = None) -> ResponseReturnValue:
    label = _label(label)
    plan = _plan(current_user, label)
    todo = [i for i in plan.items if i.state is not ItemState.DROPPED]
    return render_template(
        "week/plan.html",
        plan=plan,
        groups=digest.grouped(todo),
        dropped=[i for i in plan.items if i.state is ItemState.DROPPED],
        note=plans.note,
        previous=plans.shift(label, -1),
        following=plans.shift(label, 1),
        current=plans.current_label(current_user),
        form=ConfirmForm(),
        has_feed=export.has_feed(current_user),
        feed_url=feed_url,
    )


@bp.get("/week/<label>.md")
@login_required
def markdown(label: str) -> ResponseReturnValue:
    plan = _plan(current_user, _label(label))
    return Response(
        export.to_markdown(plan),
        mimetype="text/markdown",
        headers={"Content-Disposition": f'attachment; filename="week-{plan.week}.md"'},
    )


@bp.get("/week/<label>.json")
@login_required
def as_json(label: str) -> ResponseReturnValue:
    plan = _plan(current_user, _label(label))
    return Response(json.dumps(export.to_json(plan)), mimetype="application/json")


@bp.post("/week/<label>/replan")
@login_required
def replan(label: str) -> ResponseReturnValue:
    label = _label(label)
    if ConfirmForm().validate_on_submit():
        plans.build_week(current_user, utcnow(), label)
        flash(f"Re-planned {label}: ticks kept, new items added.", "success")
    return redirect(url_for("week.this_week", label=label))


@bp.post("/week/items/<id:item_id>/tick", defaults={"action": "tick"})
@bp.post("/week/items/<id:item_id>/untick", defaults={"action": "untick"}, endpoint="untick_item")
@login_required
def tick_item(item_id: int, action: str) -> ResponseReturnValue:
    try:
        item = plans.get_item(current_user, item_id)
    except NotFound:
        abort(404)
    label = item.plan.week
    if ConfirmForm().validate_on_submit():
        try:
            if action == "tick":
                plans.tick(current_user, item_id)
            else:
                plans.untick(current_user, item_id)
        except NotFound as exc:
            flash(exc.message, "error")
    return redirect(url_for("week.this_week", label=label) + f"#item-{item_id}")


@bp.post("/week/feed")
@login_required
def rotate_feed() -> ResponseReturnValue:
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("week.this_week"))
    token = export.rotate_feed(current_user)
    flash(
        "A new calendar URL: the old one no longer works. Copy it now: it is shown once.", "success"
    )
    return this_week(None, feed_url=url_for("week.feed", token=token, _external=True))


@bp.get("/week/feed/<token>.ics")
def feed(token: str) -> ResponseReturnValue:
    """The calendar feed: the secret in the URL is the only credential (no login)."""
    user = export.feed_user(token)
    if user is None:
        abort(404)
    now = utcnow()
    label = week_of(now, user.timezone).label
    plan = plans.get_plan(user, label) or plans.build_week(user, now, label)
    return Response(
        export.to_ics(user, plan, now),
        mimetype="text/calendar",
        headers={"Cache-Control": "private, max-age=300"},
    )


@bp.post("/week/schedule")
@login_required
def schedule() -> ResponseReturnValue:
    form = ScheduleForm()
    if form.validate_on_submit():
        enabled = bool(form.enabled.data)
        settings = digest.set_schedule(
            current_user, form.weekday.data, form.hour.data, enabled=enabled
        )
        goals = digest.settings_of(current_user)  # a field left out keeps its goal
        posts, comments = form.posts_per_week.data, form.comments_per_week.data
        digest.set_goals(
            current_user,
            posts=goals.posts_per_week if posts is None else posts,
            comments=goals.comments_per_week if comments is None else comments,
        )
        when = f"{digest.next_time(settings)} ({current_user.timezone})"
        flash(
            f"Your weekly plan comes {when}." if enabled else "The weekly plan is not sent.",
            "success",
        )
    else:
        flash("Pick a weekday, an hour and goals from 0 to 50 a week.", "error")
    return redirect(url_for("settings.index") + "#weekly-plan")


def schedule_form(user: User) -> ScheduleForm:
    """The form as the settings page shows it, holding the user's current choice."""
    settings = db.session.get(WeekSettings, user.id)
    form = ScheduleForm()
    if request.method == "GET":
        form.weekday.data = settings.weekday if settings else digest.DEFAULT_WEEKDAY
        form.hour.data = settings.hour if settings else digest.DEFAULT_HOUR
        form.enabled.data = settings.enabled if settings else False
        form.posts_per_week.data = settings.posts_per_week if settings else 1
        form.comments_per_week.data = settings.comments_per_week if settings else 3
    return form
