"""A real browser after `nextround demo`: sign in with the printed password, read the alert that
names the decision maker, see the Demo badge, and have "Check now" refused. Every page is audited
by axe-core."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from service.demo.services import DEMO_EMAIL
from service.extensions import db
from tests.test_browser import Walk, walk  # noqa: F401  (the walk fixture)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("connect_guard")]


@pytest.fixture
def live_app(app_factory: Callable[..., Flask]) -> Flask:
    return app_factory(csrf=True)


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[str]:
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


def play_demo(app: Flask) -> str:
    """Run the command against the live app's database; the password it printed."""
    with app.app_context():
        result: Any = app.test_cli_runner().invoke(args=["demo"])
        db.session.remove()
    assert result.exit_code == 0, result.output
    found = re.search(r"password: (\S+)", result.output)
    assert found is not None
    return found.group(1)


def test_the_demo_account_reads_its_alert_and_sees_its_demo_boards(
    live_app: Flask,
    live_server: str,
    walk: Walk,  # noqa: F811
) -> None:
    password = play_demo(live_app)
    page = walk.page
    walk.visit(live_server + "/login", "demo-login")
    page.get_by_label("E-mail").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(password)
    walk.press("Sign in", "demo-signed-in")

    walk.follow(re.compile(r"^Alerts"), "demo-alerts")
    alert = page.inner_text("main")
    assert "Senior Data Engineer, Data Platform" in alert and "Northwind Analytics" in alert
    assert "Priya Raman" in alert and "you know Priya Raman there" in alert

    walk.follow("Companies", "demo-companies")
    walk.follow("Northwind Analytics", "demo-company")
    assert "Demo" in page.inner_text("main")
    walk.follow(re.compile("greenhouse"), "demo-watch")
    assert "Never: a demo board" in page.inner_text("main")
    walk.press("Check now", "demo-check-refused")
    assert "This is a demo board" in page.inner_text("main")
    walk.assert_accessible()
