"""The "This week" page, its Markdown export, and the secret calendar feed (parsed with
icalendar; fetched without a session; a rotated URL stops working)."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from icalendar import Calendar

from service.applications import services
from service.clock import today
from service.contacts.services import create_contact
from service.extensions import db
from service.models import Touch, User, WeekItem
from service.week import plans
from tests.helpers import tier_id


def _due_contact(user: User) -> int:
    # on a 21-day tier, created 21 days ago: due today
    start = today() - timedelta(days=21)
    return create_contact(
        user,
        {"first_name": "Grace", "last_name": "Hopper", "tier_id": tier_id(user, "Close")},
        today=start,
    ).id


def _interview(user: User) -> int:
    start = today() - timedelta(days=10)
    app = services.create_application(
        user, {"company": "Globex", "role": "SRE"}, applied_on=start, today=start
    )
    day = today() + timedelta(days=2)
    services.log_stage(
        user, app.id, {"kind": "interview", "occurred_on": day.isoformat()}, today=start
    )
    return app.id


def test_the_page_ticks_unticks_and_replans(auth_client, user: User) -> None:
    grace = _due_contact(user)
    page = auth_client.get("/week")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Get in touch with Grace Hopper" in html and "Keep in touch" in html
    assert "Open the draft" in html and "Re-plan now" in html
    label = plans.current_label(user)
    assert f"{plans.shift(label, -1)}" in html and f"{plans.shift(label, 1)}" in html

    item = db.session.query(WeekItem).one()
    assert auth_client.post(f"/week/items/{item.id}/tick").status_code == 302
    db.session.expire_all()
    assert db.session.get(WeekItem, item.id).ticked_at is not None
    assert db.session.query(Touch).filter_by(contact_id=grace).count() == 1
    assert "Untick: Get in touch" in auth_client.get("/week").get_data(as_text=True)

    assert auth_client.post(f"/week/{label}/replan").status_code == 302
    db.session.expire_all()
    assert db.session.get(WeekItem, item.id).ticked_at is not None  # kept

    auth_client.post(f"/week/items/{item.id}/untick")
    db.session.expire_all()
    assert db.session.get(WeekItem, item.id).ticked_at is None
    assert db.session.query(Touch).filter_by(contact_id=grace).count() == 0

    markdown = auth_client.get(f"/week/{label}.md")
    assert markdown.status_code == 200 and markdown.mimetype == "text/markdown"
    text = markdown.get_data(as_text=True)
    assert text.startswith(f"# Next Round plan for {label}")
    assert "- [ ] [Get in touch with Grace Hopper](" in text
    assert auth_client.get("/week/2026-W99").status_code == 404


def test_another_users_item_cannot_be_ticked(auth_client, user: User, make_user) -> None:
    other = make_user("eve@example.com")
    _due_contact(other)
    plan = plans.build_week(other)
    item_id = plan.items[0].id
    assert auth_client.post(f"/week/items/{item_id}/tick").status_code == 404
    db.session.expire_all()
    assert db.session.get(WeekItem, item_id).ticked_at is None


def _feed_path(html: str) -> str:
    found = re.search(r'<code id="feed-url">http://[^/]+(/week/feed/[^<]+\.ics)</code>', html)
    assert found is not None, "no feed URL on the page"
    return found[1]


def test_the_calendar_feed_parses_and_a_rotated_url_stops_working(
    app: Flask, auth_client, user: User
) -> None:
    _due_contact(user)
    application_id = _interview(user)
    made = auth_client.post("/week/feed")
    assert made.status_code == 200
    first = _feed_path(made.get_data(as_text=True))

    calendar_client = app.test_client()  # a calendar app: no session, only the URL
    fetched = calendar_client.get(first)
    assert fetched.status_code == 200 and fetched.mimetype == "text/calendar"
    calendar = Calendar.from_ical(fetched.data)
    todos = list(calendar.walk("VTODO"))
    events = list(calendar.walk("VEVENT"))
    by_summary = {str(t["SUMMARY"]): t for t in todos}
    assert set(by_summary) == {
        "Get in touch with Grace Hopper",
        "Prepare: Interview, round 1 at Globex",
    }
    grace = by_summary["Get in touch with Grace Hopper"]
    assert str(grace["STATUS"]) == "NEEDS-ACTION"
    assert grace.decoded("DUE") == today()
    assert [str(e["SUMMARY"]) for e in events] == ["Interview, round 1 at Globex"]
    assert events[0].decoded("DTSTART") == today() + timedelta(days=2)
    assert str(events[0]["URL"]).endswith(f"/applications/{application_id}")

    rotated = _feed_path(auth_client.post("/week/feed").get_data(as_text=True))
    assert rotated != first
    assert calendar_client.get(first).status_code == 404
    assert calendar_client.get(rotated).status_code == 200
    assert calendar_client.get("/week/feed/not-a-token.ics").status_code == 404


def test_the_settings_page_sets_the_plans_weekday_and_hour(auth_client, user: User) -> None:
    page = auth_client.get("/settings/").get_data(as_text=True)
    assert "Weekly plan" in page and "Plan my week on" in page
    done = auth_client.post("/week/schedule", data={"enabled": "y", "weekday": "4", "hour": "17"})
    assert done.status_code == 302
    from service.models import WeekSettings

    settings = db.session.get(WeekSettings, user.id)
    assert settings is not None and (settings.weekday, settings.hour) == (4, 17)
    assert settings.enabled is True
    assert '<option selected value="4">' in auth_client.get("/settings/").get_data(as_text=True)


def test_the_settings_page_sets_the_weekly_writing_goals(auth_client, user: User) -> None:
    from service.models import WeekSettings

    page = auth_client.get("/settings/").get_data(as_text=True)
    assert "Posts a week" in page and "Comments a week" in page
    form = {"weekday": "0", "hour": "7", "posts_per_week": "2", "comments_per_week": "5"}
    assert auth_client.post("/week/schedule", data=form).status_code == 302
    db.session.expire_all()
    settings = db.session.get(WeekSettings, user.id)
    assert settings is not None
    assert (settings.posts_per_week, settings.comments_per_week) == (2, 5)
    page = auth_client.get("/settings/").get_data(as_text=True)
    assert 'name="posts_per_week"' in page and 'value="5"' in page
    # out of range: refused, the goals stay
    bad = {**form, "posts_per_week": "-1"}
    assert auth_client.post("/week/schedule", data=bad).status_code == 302
    db.session.expire_all()
    assert db.session.get(WeekSettings, user.id).posts_per_week == 2  # type: ignore[union-attr]
    # the plan asks for the posts and comments still owed this week
    week_page = auth_client.get("/week").get_data(as_text=True)
    assert "Write 2 more posts" in week_page and "Write 5 more comments" in week_page
