"""A real browser: a rejection's thank-you to-do opens the studio prefilled from the
application, the draft is written, marked sent, and the to-do is ticked. Every page is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from service.applications import services
from service.clock import today
from service.contacts.services import create_contact
from service.extensions import db
from service.models import PlaybookItem, PlaybookKind, User
from tests.applications.test_browser_applications import (  # noqa: F401  (the fixtures)
    journey,
    live_app,
    live_server,
)
from tests.test_browser import Walk, sign_up, walk  # noqa: F401  (the walk fixture)

pytestmark = pytest.mark.browser


def test_a_playbook_to_do_drafts_prefilled_and_is_ticked_when_sent(
    live_server: str,  # noqa: F811
    live_app: Flask,  # noqa: F811
    journey: Walk,  # noqa: F811
) -> None:
    page = journey.page
    sign_up(journey, live_server, "maya@example.com")
    with live_app.app_context():
        user = User.query.one()
        day = today()
        hannah = create_contact(
            user,
            {"first_name": "Hannah", "last_name": "Becker", "company": "Bluefin Payments",
             "role": "hiring_manager"},
        )  # fmt: skip
        application = services.create_application(
            user, {"company": "Bluefin Payments", "role": "Senior Data Engineer"},
            applied_on=day - timedelta(days=30),
        )  # fmt: skip
        services.log_stage(
            user,
            application.id,
            {"kind": "final", "occurred_on": (day - timedelta(days=7)).isoformat(),
             "contact_ids": [hannah.id], "notes": "Talked about a payments ledger pipeline."},
        )  # fmt: skip
        services.mark_rejected(user, application.id, contact_ids=[hannah.id])
        application_id = application.id
        db.session.remove()

    journey.visit(f"{live_server}/applications/{application_id}", "playbook-application")
    todo = page.locator("#playbook li", has_text="Thank-you note")
    todo.get_by_role("link", name="Draft it").click()
    journey.check("playbook-new-draft")
    assert "Senior Data Engineer at Bluefin Payments" in page.inner_text("main")
    assert page.locator("#fact-stage").input_value() == "final round"
    assert page.locator("#fact-topic").input_value() == "a payments ledger pipeline"

    journey.press("Write the draft", "playbook-draft")
    body = page.locator("#draft-body").input_value()
    assert "final round" in body and "Senior Data Engineer" in body and "Hannah" in body
    journey.press("Mark sent", "playbook-draft-sent")
    assert "to-do for it is ticked" in page.inner_text("main")
    journey.assert_accessible()

    with live_app.app_context():
        thanks = PlaybookItem.query.filter_by(kind=PlaybookKind.THANK_YOU).one()
        ask = PlaybookItem.query.filter_by(kind=PlaybookKind.FEEDBACK_REQUEST).one()
        assert thanks.done_at is not None and ask.done_at is None
