"""A real browser walks the product: the first session, then every page, each audited by axe-core.

Every page a test loads must be audited (`Walk.visit` / `Walk.check`) and pass WCAG 2.1 A/AA and
axe's best practices; the violations of all pages are printed together, readably.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from service.extensions import db
from tests.accessibility import axe_script, describe, violations

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
PASSWORD = "a long enough password"

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
# A plain CSV whose headers no importer knows: the import asks which column is what.
UNKNOWN_COLUMNS = "Nombre,Apellido,Empresa\r\nMarie,Curie,Institut du Radium\r\n"


@dataclass
class Walk:
    """The browser page, every URL it loaded, and the audit of each page checked."""

    page: Any
    loaded: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    reports: list[str] = field(default_factory=list)

    def visit(self, url: str, name: str) -> None:
        """Open ``url`` and audit it."""
        self.page.goto(url)
        self.check(name)

    def follow(self, link: str | re.Pattern[str], name: str) -> None:
        """Click the (first) link called ``link`` and audit the page it opens."""
        exact = isinstance(link, str)
        self.page.get_by_role("link", name=link, exact=exact).first.click()
        self.check(name)

    def press(self, button: str, name: str) -> None:
        """Press the button called ``button`` and audit the page that answers."""
        self.page.get_by_role("button", name=button).click()
        self.check(name)

    def check(self, name: str) -> None:
        """Audit the page as it is now (after a click or a form post) and keep a screenshot."""
        self.page.wait_for_load_state()
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        self.checked.add(self.page.url)
        found = violations(self.page)
        if found:
            self.reports.append(describe(f"{name} ({self.page.url})", found))

    def assert_accessible(self) -> None:
        """Every page loaded was audited, and no audit found a violation."""
        unchecked = sorted(set(self.loaded) - self.checked)
        if unchecked:
            pytest.fail(f"pages loaded but never audited: {unchecked}", pytrace=False)
        if self.reports:
            pytest.fail("\n\n".join(self.reports), pytrace=False)


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
def walk() -> Iterator[Walk]:
    """Headless Debian Chromium (never a downloaded browser), every load recorded for the audit."""
    from playwright.sync_api import sync_playwright

    axe_script()  # fail early, and clearly, when axe-core is not installed
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        # axe-core goes in as an inline <script>, which our own CSP forbids: let it in (the
        # headers themselves are checked in test_security.py).
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        try:
            page = context.new_page()
            journey = Walk(page)
            page.on("load", lambda loaded: journey.loaded.append(loaded.url))
            yield journey
        finally:
            context.close()
            browser.close()


def sign_up(walk: Walk, live_server: str, email: str) -> None:
    """Create the first account through the sign-up page (a fresh install opens on it)."""
    page = walk.page
    walk.visit(live_server + "/", "signup")
    assert page.url.endswith("/signup")
    assert "Create your account" in page.inner_text("h1")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    walk.press("Create account", "import-form-first-run")
    assert "/imports/new" in page.url


def upload(walk: Walk, path: Path, name: str, tier: str | None = None) -> None:
    """Import one file from the Import page, its new contacts in ``tier`` when given."""
    page = walk.page
    walk.follow("Import", "import-form")
    page.locator("input[type=file]").set_input_files(str(path))
    if tier:
        page.get_by_label("Stay in touch with new contacts").select_option(label=tier)
    page.get_by_role("button", name="Import").click()
    walk.check(name)


def test_signup_import_find_touch_due_date_moves(live_server: str, walk: Walk, tmp_path: Path):
    page = walk.page
    csv_file = tmp_path / "Connections.csv"
    csv_file.write_text(CONNECTIONS, encoding="utf-8")
    sign_up(walk, live_server, "newcomer@example.com")
    page.locator("input[type=file]").set_input_files(str(csv_file))
    page.get_by_label("Stay in touch with new contacts").select_option(
        label="Close (every 21 days)"
    )
    walk.press("Import", "import-report")
    assert "3" in page.inner_text("main")
    walk.follow("People", "people")
    page.get_by_role("searchbox", name="Search").fill("lovelace")
    walk.press("Apply", "search")
    walk.follow("Ada Lovelace", "person")
    # connected on 1 Jan 2022 and never touched since: due three weeks after that
    before = page.inner_text("#next-due").strip()
    assert before == (date(2022, 1, 1) + timedelta(days=21)).strftime("%d %b %Y")
    page.get_by_label("Kind").select_option("call")
    page.get_by_label("Date").fill(date.today().isoformat())
    page.get_by_label("What happened").fill("Asked for feedback on the final round")
    walk.press("Log touch", "touch-logged")
    after = page.inner_text("#next-due").strip()
    assert after == (date.today() + timedelta(days=21)).strftime("%d %b %Y")
    assert after != before
    assert "Asked for feedback on the final round" in page.inner_text("main")
    walk.assert_accessible()


def test_every_page_passes_the_accessibility_audit(
    live_server: str, walk: Walk, tmp_path: Path
) -> None:
    page = walk.page
    sign_up(walk, live_server, "auditor@example.com")
    walk.follow("This week", "dashboard-empty")
    walk.follow("People", "people-empty")
    walk.follow("Companies", "companies-empty")
    walk.visit(live_server + "/contacts/999999", "not-found")
    walk.press("Sign out", "signin")
    walk.visit(live_server + "/signup", "signup-closed")
    walk.visit(live_server + "/login", "signin-again")
    page.get_by_label("E-mail").fill("auditor@example.com")
    page.get_by_label("Password").fill("not the password")
    walk.press("Sign in", "signin-refused")
    page.get_by_label("Password").fill(PASSWORD)
    assert checkbox_sits_left_of_its_label(page.get_by_text("Keep me signed in"))
    page.get_by_label("Keep me signed in").check()
    walk.press("Sign in", "dashboard")

    files = {"Connections.csv": CONNECTIONS, "people.csv": UNKNOWN_COLUMNS}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    upload(walk, tmp_path / "Connections.csv", "import-report", tier="Close (every 21 days)")
    upload(walk, tmp_path / "people.csv", "import-mapping")
    assert "/mapping" in page.url
    walk.visit(live_server + "/imports/", "imports")
    walk.follow("This week", "dashboard-due")
    assert "Ada Lovelace" in page.inner_text("main")

    walk_people(walk, live_server)
    walk_companies(walk)
    walk_settings(walk)
    walk.assert_accessible()


# The box ends before the label's words start, and both share one line.
BESIDE_ITS_WORDS = """label => {
  const box = label.querySelector("input").getBoundingClientRect();
  const text = [...label.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
  const range = document.createRange();
  range.selectNodeContents(text);
  const words = range.getBoundingClientRect();
  return box.right <= words.left && box.top < words.bottom && words.top < box.bottom;
}"""


def checkbox_sits_left_of_its_label(label: Any) -> bool:
    """True when the checkbox inside ``label`` sits to the left of its words, on their line."""
    return bool(label.evaluate(BESIDE_ITS_WORDS))


def walk_people(walk: Walk, live_server: str) -> None:
    """People: list, new (with its errors), detail, edit, merge, delete confirmation."""
    page = walk.page
    walk.follow("People", "people")
    walk.follow(re.compile(r"^Add (a )?(person|contact)", re.I), "person-new")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("LinkedIn").fill("https://evil.example/in/ada")
    walk.press("Save", "person-new-errors")
    page.get_by_label("LinkedIn").fill("")
    walk.press("Save", "person")
    walk.visit(live_server + "/contacts/?q=lovelace", "people-search")
    walk.follow("Ada Lovelace", "person-lovelace")
    walk.follow("Edit", "person-edit")
    page.go_back()
    walk.follow(re.compile("Merge", re.I), "person-merge")
    page.get_by_role("searchbox").fill("Ada")
    walk.press("Search", "person-merge-candidates")
    page.get_by_role("link", name="Back").click()
    walk.follow(re.compile("Delete", re.I), "person-delete")


def walk_companies(walk: Walk) -> None:
    """Companies: list, new, detail, edit, delete confirmation."""
    page = walk.page
    walk.follow("Companies", "companies")
    walk.follow("Analytical Engines", "company-with-people")
    assert "Ada Lovelace" in page.inner_text("main")
    page.get_by_role("link", name="Companies", exact=True).click()
    walk.follow(re.compile(r"^Add (a )?company", re.I), "company-new")
    page.get_by_label("Name").fill("Initech")
    page.get_by_label("Website").fill("www.initech.example/careers")
    walk.press("Save", "company")
    walk.follow("Edit", "company-edit")
    page.go_back()
    walk.follow(re.compile("Delete", re.I), "company-delete")


def walk_settings(walk: Walk) -> None:
    """Settings, with a token just made (shown once) and the token table."""
    page = walk.page
    walk.follow("Settings", "settings")
    page.get_by_label("Token name").fill("laptop")
    walk.press("Create token", "settings-token")
