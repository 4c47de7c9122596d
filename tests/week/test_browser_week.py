"""A real browser on the "This week" page: an overdue contact ticked (a touch is logged),
re-planned (the tick stays), the calendar URL made and fetched without a session, the plan's
weekday and hour set in Settings. Every page is audited by axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from service.clock import today
from service.contacts.services import create_contact
from service.extensions import db
from service.models import Touch, User, WeekSettings
from tests.helpers import PASSWORD, tier_id
from tests.test_browser import Walk, live_server, walk  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_the_week_page_in_a_browser(live_server: str, walk: Walk, user: User) -> None:  # noqa: F811
    create_contact(
        user,
        {"first_name": "Grace", "last_name": "Hopper", "tier_id": tier_id(user, "Close")},
        today=today() - timedelta(days=22),
    )
    email, user_id = user.email, user.id
    db.session.commit()  # the server's requests write: no transaction stays open here
    page = walk.page
    walk.visit(live_server + "/login", "signin")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    walk.press("Sign in", "dashboard")
    walk.follow("Your weekly plan: to-dos, drafts, ticks →", "week")
    main = page.inner_text("main")
    assert "Get in touch with Grace Hopper" in main and "overdue" in main

    walk.press("Tick: Get in touch with Grace Hopper", "week-ticked")
    assert page.get_by_role("button", name="Untick: Get in touch with Grace Hopper").count() == 1
    db.session.expire_all()
    assert db.session.query(Touch).count() == 1
    db.session.commit()

    walk.press("Re-plan now", "week-replanned")
    assert page.get_by_role("button", name="Untick: Get in touch with Grace Hopper").count() == 1

    walk.press("Make a calendar URL", "week-feed")
    url = page.inner_text("#feed-url").strip()
    fetched = page.context.request.get(url, headers={"Cookie": ""})
    assert fetched.status == 200
    todos = Calendar.from_ical(fetched.body()).walk("VTODO")
    assert [str(t["STATUS"]) for t in todos] == ["COMPLETED"]

    walk.follow("Settings", "settings")
    page.get_by_label("Build and send me my plan every week").check()
    page.get_by_label("Plan my week on").select_option(label="Friday")
    page.get_by_label("Hour").select_option(label="17:00")
    walk.press("Save plan time", "settings-week-saved")
    db.session.expire_all()
    settings = db.session.get(WeekSettings, user_id)
    assert settings is not None and (settings.weekday, settings.hour) == (4, 17)
    assert settings.enabled is True
    walk.assert_accessible()
