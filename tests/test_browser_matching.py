"""A real browser sets a target profile, watches a board served on loopback, and after the
board gains a matching vacancy (polled by a real burst worker through "Check now") sees it in
the matches feed with its reasons and the decision maker they know there; dismisses one, and
reads the alert (the unread count drops). Every page is audited by axe-core."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.boards.servers import LoopbackServer
from tests.test_browser import Walk, sign_up, walk  # noqa: F401  (the walk fixture)

# The live app and server of the watch's browser test, over this module's boards.
from tests.test_browser_watch import guard, live_app, live_server, run_worker  # noqa: F401
from tests.watch.boards import GreenhouseBoard, job

pytestmark = pytest.mark.browser

MATCHES = re.compile(r"^Matches")  # the link carries the count of new matches
ALERTS = re.compile(r"^Alerts")


@pytest.fixture
def boards() -> Iterator[LoopbackServer]:
    """The job boards' hosts on loopback: Acme's Greenhouse board lives here."""
    server = LoopbackServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def board(boards: LoopbackServer) -> GreenhouseBoard:
    return GreenhouseBoard(
        boards, [job(1, "Senior Data Engineer", "Berlin"), job(2, "Account Executive", "Berlin")]
    )


@pytest.fixture
def journey(walk: Walk) -> Walk:  # noqa: F811
    """The audited browser walk of tests/test_browser.py."""
    return walk


def nav(journey: Walk) -> str:
    return " ".join(journey.page.inner_text("nav[aria-label=Main]").split())


def test_a_new_matching_vacancy_reaches_the_feed_and_an_alert_names_who_you_know(
    live_server: str,  # noqa: F811
    live_app: Flask,  # noqa: F811
    journey: Walk,
    board: GreenhouseBoard,
) -> None:
    page = journey.page
    sign_up(journey, live_server, "seeker@example.com")

    # a past employer, the decision maker the user knows there
    journey.follow("Companies", "companies-empty")
    journey.follow("Add a company", "company-form")
    page.get_by_label("Name").fill("Acme")
    page.get_by_label("Relation").select_option(label="Past employer")
    journey.press("Save", "company")
    journey.follow("People", "people-empty")
    journey.follow("Add a person", "contact-form")
    page.get_by_label("First name").fill("Daniel")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Company").fill("Acme")
    page.get_by_label("Role").select_option(label="Decision maker")
    journey.press("Save", "contact")

    # what the user wants
    journey.follow(MATCHES, "matches-no-profile")
    assert "add a target profile" in page.inner_text("main")
    journey.follow("Target profiles", "profiles-empty")
    journey.follow("Add a profile", "profile-form")
    page.get_by_label("Name").fill("Data")
    page.get_by_label("Wanted job titles").fill("data engineer")
    page.get_by_label("Excluded words").fill("intern, working student")
    page.get_by_label("Locations").fill("Berlin")
    page.get_by_label("Senior", exact=True).check()
    page.get_by_label("Least score for a match (0 to 100)").fill("")
    journey.press("Save", "profile-refused")
    assert "This field is required." in page.inner_text("main")
    page.get_by_label("Least score for a match (0 to 100)").fill("50")
    journey.press("Save", "profiles")
    assert "Saved “Data”. Your matches are being re-scored" in page.inner_text("main")
    assert "data engineer" in page.inner_text("table")

    # watch Acme's board; its first read is the baseline (shown, not alerted)
    journey.follow("Companies", "companies")
    journey.follow("Acme", "company-acme")
    page.get_by_label("Careers page or board URL").fill("acme")
    page.get_by_label("Board kind").select_option("greenhouse")
    journey.press("Find the board", "watch-preview")
    journey.press("Watch it", "watch-new")
    journey.press("Check now", "watch-check-queued")
    assert run_worker(live_app) >= 2  # the re-score, the poll and its matching
    journey.follow(MATCHES, "matches-baseline")
    main = page.inner_text("main")
    assert "Senior Data Engineer" in main and "Account Executive" not in main
    assert (
        "Matches 1 new" in nav(journey)
        and "Alerts" in nav(journey)
        and "unread" not in nav(journey)
    )

    # the board gains a matching vacancy and a non-matching one
    board.jobs.append(job(3, "Data Engineer (m/w/d)", "Berlin"))
    board.jobs.append(job(4, "Data Engineering Intern", "Berlin"))
    journey.follow("Companies", "companies-again")
    journey.follow("Acme", "company-acme-again")
    journey.press("Check now", "watch-check-again")
    assert run_worker(live_app) >= 2  # the poll and its matching
    journey.follow(MATCHES, "matches-new")
    assert "Matches 2 new" in nav(journey)
    card = page.locator("article", has_text="Data Engineer (m/w/d)")
    text = " ".join(card.inner_text().split())
    assert "title matches 'data engineer'" in text and "in Berlin" in text
    assert "you know Daniel Okafor there" in text
    assert "People you know there: Daniel Okafor (Decision maker)" in text
    assert "Intern" not in page.inner_text("main")

    # dismiss the older one: it leaves the new tab
    journey.press("Dismiss Senior Data Engineer", "matches-dismissed-one")
    assert "dismissed; it stays dismissed" in page.inner_text("main")
    assert "Senior Data Engineer" not in " ".join(page.locator("article").all_inner_texts())
    assert "Dismissed (1)" in page.inner_text("main") and "Matches 1 new" in nav(journey)
    journey.follow("Dismissed (1)", "matches-dismissed-tab")
    assert "Senior Data Engineer" in page.inner_text("main")

    # the alert of the new one, read in the app: the unread count drops
    assert "Alerts 1 unread" in nav(journey)
    journey.follow(ALERTS, "alerts-unread")
    alert = " ".join(page.locator("article").inner_text().split())
    assert "Data Engineer (m/w/d) at Acme" in alert and "Daniel Okafor" in alert
    assert "Draft a note to Daniel Okafor" in alert
    journey.follow("Data Engineer (m/w/d)", "alert-read")
    assert "Alerts" in nav(journey) and "unread" not in nav(journey)
    journey.follow("The vacancy in Next Round", "vacancy-your-match")
    match = " ".join(page.inner_text("#your-match").split())
    assert "Score" in match and "title matches 'data engineer'" in match
    journey.press("Interested", "vacancy-interested")
    assert "Interested" in page.inner_text("#your-match")

    # the settings and the profile's own pages pass the audit too
    journey.follow(MATCHES, "matches-interested")
    journey.follow("Match settings", "match-settings")
    page.locator("fieldset", has_text="Favourite companies").get_by_label("Acme").check()
    page.get_by_label("Points for a favourite company (0 to 50)").fill("99")
    journey.press("Save", "match-settings-refused")
    assert "between 0 and 50" in page.inner_text("main")
    page.get_by_label("Points for a favourite company (0 to 50)").fill("20")
    journey.press("Save", "match-settings-saved")
    assert "Match settings saved." in page.inner_text("main")
    journey.visit(live_server + "/matches/profiles/", "profiles-again")
    journey.follow("Edit Data", "profile-edit")
    assert page.get_by_label("Excluded words").input_value() == "intern\nworking student"
    journey.visit(live_server + "/matches/profiles/", "profiles-once-more")
    journey.follow("Delete Data", "profile-delete")
    journey.follow("Keep", "profiles-kept")
    journey.assert_accessible()
