"""A real browser: from a contact's page, draft a keep-in-touch note, watch the counter and the
fold preview follow an edit, save it, mark it sent and find the touch on the timeline
(issue 9, done-when 4). Every page is audited by axe-core."""

from __future__ import annotations

import pytest

from tests.test_browser import Walk, live_server, sign_up, walk  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_draft_a_note_from_a_contact_edit_it_and_mark_it_sent(
    live_server: str,  # noqa: F811
    walk: Walk,  # noqa: F811
) -> None:
    page = walk.page
    sign_up(walk, live_server, "drafter@example.com")
    walk.visit(live_server + "/drafts/about", "drafting-about")
    page.get_by_label("Name to sign with").fill("Ada Lovelace")
    page.get_by_label("Topics you write about").fill("data quality")
    walk.press("Save", "drafting-about-saved")

    walk.visit(live_server + "/contacts/new", "drafting-person-new")
    page.get_by_label("First name").fill("Zoë")
    page.get_by_label("Last name").fill("O'Brien")
    page.get_by_label("Company").fill("Acme Analytics")
    walk.press("Save", "drafting-person")

    walk.follow("Draft a note", "drafting-new")
    page.get_by_label("What is new: their news, or something you finished?").fill(
        "I finished the dbt Fundamentals course"
    )
    walk.press("Write the draft", "drafting-draft")
    body = page.locator("#draft-body")
    text = body.input_value()
    assert text.startswith(("Hi Zoë,", "Hello Zoë,")) and "dbt Fundamentals course" in text
    assert text.rstrip().endswith("Ada Lovelace")
    assert page.inner_text("#draft-count") == str(len(text))
    assert page.inner_text("#fold-mobile").startswith(text.split("\n")[0])

    long_line = "A line that goes on and on about the course and what it taught me. " * 3
    body.fill(f"Hi Zoë,\n\n{long_line}\n\nAda")
    edited = body.input_value()
    assert page.inner_text("#draft-count") == str(len(edited))
    fold_mobile = page.inner_text("#fold-mobile")
    assert fold_mobile.startswith("Hi Zoë,") and fold_mobile.endswith("… see more")
    assert len(fold_mobile) <= 140 + len("… see more")
    walk.press("Save as a new version", "drafting-saved")
    assert "Saved as version 2." in page.inner_text("main")

    walk.press("Mark sent", "drafting-sent")
    assert page.inner_text("#draft-status") == "sent"
    assert "logged as a touch" in page.inner_text("main")
    walk.follow("the contact", "drafting-contact-timeline")
    timeline = page.inner_text("main")
    assert "Keep in touch sent (drafted in Next Round)" in timeline
    assert "what it taught me" in timeline
    walk.assert_accessible()
