"""A real browser: add an application, log an interview with a new person, mark it rejected,
the playbook to-dos and their draft links appear, log feedback, its gap becomes an upskill item,
finish it, tick a to-do; then the week's plan holds what follows. Every page is audited."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from werkzeug.serving import make_server

from service.extensions import db
from service.models import Contact, PlaybookItem, Touch, User
from tests.boards.servers import ConnectGuard
from tests.test_browser import Walk, sign_up, walk  # noqa: F401  (the walk fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def live_app(app_factory: Callable[..., Flask]) -> Flask:
    return app_factory(csrf=True)


@pytest.fixture
def live_server(live_app: Flask, connect_guard: ConnectGuard) -> Iterator[str]:
    """The app on a real loopback HTTP server in a thread; nothing leaves loopback."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with live_app.app_context():
            db.session.remove()


@pytest.fixture
def journey(walk: Walk) -> Walk:  # noqa: F811
    """The audited browser walk of tests/test_browser.py."""
    return walk


def test_rejection_playbook_in_a_browser(
    live_server: str,
    live_app: Flask,
    journey: Walk,
) -> None:
    page = journey.page
    sign_up(journey, live_server, "seeker@example.com")
    journey.follow("Applications", "applications-empty")
    assert "No applications yet" in page.inner_text("main")
    journey.follow("Add an application", "application-new")
    page.get_by_label("Company").fill("Initech")
    page.get_by_label("Role").fill("Site reliability engineer")
    journey.press("Save", "application")
    assert "Applied" in page.inner_text("#current-stage")

    page.get_by_label("Stage").select_option(label="Interview")
    page.get_by_label("New person: first name").fill("Bill")
    page.get_by_label("Last name").fill("Lumbergh")
    page.get_by_label("Role").select_option(label="Hiring manager")
    journey.press("Log stage", "application-interview")
    assert "Interview, round 1" in page.inner_text("#timeline")
    assert "Bill Lumbergh" in page.inner_text("#timeline")

    journey.press("Mark rejected", "application-rejected")
    playbook = page.inner_text("#playbook")
    assert "Thank-you note to Bill Lumbergh" in playbook
    assert "Ask for feedback to Bill Lumbergh" in playbook
    drafts = page.locator("#playbook a", has_text="Draft it")
    hrefs = [drafts.nth(i).get_attribute("href") for i in range(drafts.count())]
    assert sorted(h.split("&")[0] for h in hrefs if h) == [
        "/drafts/new?kind=feedback-request",
        "/drafts/new?kind=thank-you",
    ]

    journey.follow("Log feedback", "feedback-form")
    page.get_by_label("What they said").fill("We went with someone with more Kubernetes.")
    page.get_by_label("Experience").check()
    page.get_by_label("From").select_option(label="Bill Lumbergh")
    journey.press("Save feedback", "application-feedback")
    assert "Experience" in page.inner_text("#feedback")

    assert "Direct" in page.inner_text("main")  # the source when none is chosen
    page.get_by_label("What", exact=True).fill("Kubernetes administrator course")
    journey.press("Add to the upskill plan", "upskill-plan")
    assert "Named by Bill Lumbergh" in page.inner_text("#upskill-items")
    page.get_by_label("Progress for Kubernetes administrator course").fill("100")
    journey.press("Update", "upskill-done")
    assert "is done" in page.inner_text("main")
    todos = page.inner_text("#todos")
    assert "Post about the milestone" in todos and "Keep-in-touch note to Bill Lumbergh" in todos

    journey.follow("Applications", "applications-pipeline")
    assert "Site reliability engineer" in page.inner_text("#stage-rejected")
    page.locator("#todos li", has_text="Thank-you note").get_by_role("button", name="Done").click()
    journey.check("application-ticked")
    assert "Done" in page.inner_text("#playbook")
    journey.assert_accessible()

    with live_app.app_context():
        from service.week.rows import plan_for

        user = User.query.one()
        bill = Contact.query.filter_by(first_name="Bill").one()
        # the interview, and the thank-you ticked: two touches with Bill
        assert Touch.query.filter_by(contact_id=bill.id).count() == 2
        assert PlaybookItem.query.filter(PlaybookItem.done_at.is_(None)).count() == 2
        now = datetime.now(UTC)
        this_week, items = plan_for(user, now)
        assert not any(i.kind == "todo" for i in items)  # thanked; the feedback came
        year, number, _ = (this_week.monday + timedelta(days=7)).isocalendar()
        _next, items = plan_for(user, now, f"{year}-W{number:02d}")
        assert [i.title for i in items if i.kind == "todo"] == [
            "Post about the milestone",
            "Keep-in-touch note to Bill Lumbergh",
        ]
