"""A real browser walks the first session: sign up, import, find a contact, log a touch."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from service.extensions import db

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser

CONNECTIONS = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    'missing."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Grace,Hopper,https://www.linkedin.com/in/grace-hopper,,"
    '"Navy, Research Lab",Rear Admiral,12 Mar 2021\r\n'
    "Alan,Turing,https://www.linkedin.com/in/alan-turing,,Bletchley,Cryptanalyst,4 Apr 2021\r\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@example.com,"
    "Analytical Engines,Hiring Manager,01 Jan 2022\r\n"
)


@pytest.fixture
def live_server(app_factory: Callable[..., Flask]) -> Iterator[str]:
    """The app served by a real HTTP server on loopback, in a thread."""
    app = app_factory(csrf=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_signup_import_find_touch_due_date_moves(live_server: str, page, tmp_path: Path) -> None:
    csv_file = tmp_path / "Connections.csv"
    csv_file.write_text(CONNECTIONS, encoding="utf-8")
    page.goto(live_server + "/")
    assert page.url.endswith("/signup")  # a fresh install opens on sign-up
    assert "Create your account" in page.inner_text("h1")
    page.get_by_label("E-mail").fill("newcomer@example.com")
    page.get_by_label("Password", exact=True).fill("a long enough password")
    page.get_by_label("Repeat the password").fill("a long enough password")
    _shot(page, "01-signup")
    page.get_by_role("button", name="Create account").click()
    assert "/imports/new" in page.url
    _shot(page, "02-import-form")
    page.locator("input[type=file]").set_input_files(str(csv_file))
    page.get_by_label("Stay in touch with new contacts").select_option(
        label="Close (every 21 days)"
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state()
    _shot(page, "03-import-report")
    assert "3" in page.inner_text("main")
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_role("searchbox", name="Search").fill("lovelace")
    page.get_by_role("button", name="Apply").click()
    _shot(page, "04-search")
    page.get_by_role("link", name="Ada Lovelace").click()
    # connected on 1 Jan 2022 and never touched since: due three weeks after that
    before = page.inner_text("#next-due").strip()
    assert before == (date(2022, 1, 1) + timedelta(days=21)).strftime("%d %b %Y")
    page.get_by_label("Kind").select_option("call")
    page.get_by_label("Date").fill(date.today().isoformat())
    page.get_by_label("What happened").fill("Asked for feedback on the final round")
    page.get_by_role("button", name="Log touch").click()
    after = page.inner_text("#next-due").strip()
    _shot(page, "05-touch-logged")
    assert after == (date.today() + timedelta(days=21)).strftime("%d %b %Y")
    assert after != before
    assert "Asked for feedback on the final round" in page.inner_text("main")
