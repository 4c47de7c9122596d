"""A real browser watches a company's board: a careers page on loopback, the board detected and
previewed, "Check now" run by a burst worker, its vacancies listed; then "watch my past
employers" finds another company's board. Every page is audited by axe-core."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from rq import SimpleWorker
from werkzeug.serving import make_server

from service.boards.discover import KINDS
from service.extensions import db
from service.queue import get_queue, redis_connection
from tests.boards.servers import ConnectGuard, LoopbackServer, activate, deactivate
from tests.test_browser import Walk, sign_up, walk  # noqa: F401  (the walk fixture)
from tests.watch.boards import GreenhouseBoard, job

pytestmark = pytest.mark.browser

HOST_TOKEN_KINDS = {"personio", "recruitee", "teamtailor", "bamboohr"}
CAREERS = b"""<!doctype html><html lang="en"><head><title>Careers at Acme</title></head>
<body><h1>Join Acme</h1><p><a href="https://boards.greenhouse.io/acme">See our open roles</a></p>
</body></html>"""


@pytest.fixture
def boards() -> Iterator[LoopbackServer]:
    """Acme's careers page and Greenhouse board, and Globex's board; everything else 404."""
    server = LoopbackServer().start()
    globex = GreenhouseBoard(server, [job(7, "Platform Engineer")])
    server.routes["/v1/boards/globex/jobs"] = globex.route
    GreenhouseBoard(server, [job(1, "Backend Engineer"), job(2, "Data Analyst", "Berlin")])
    server.routes["/careers"] = lambda h: h.reply(200, CAREERS, {"Content-Type": "text/html"})
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def guard() -> Iterator[ConnectGuard]:
    """Nothing the app does leaves loopback."""
    watching = ConnectGuard()
    activate(watching)
    try:
        yield watching
    finally:
        deactivate(watching)


@pytest.fixture
def live_app(app_factory: Callable[..., Flask], boards: LoopbackServer) -> Flask:
    base_urls = {
        k.name: boards.url("/{host}" if k.name in HOST_TOKEN_KINDS else "").rstrip("/")
        for k in KINDS
    }
    return app_factory(csrf=True, BOARD_BASE_URLS=base_urls)


@pytest.fixture
def live_server(live_app: Flask, guard: ConnectGuard) -> Iterator[str]:
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


def run_worker(app: Flask) -> int:
    """A real RQ worker in burst mode on the app's queue; the jobs it ran."""
    with app.app_context():
        worker = SimpleWorker([get_queue()], connection=redis_connection())
        worker.work(burst=True)
        worker.refresh()
        db.session.remove()
        return int(worker.successful_job_count + worker.failed_job_count)


def add_company(journey: Walk, name: str, relation: str) -> None:
    page = journey.page
    journey.follow("Companies", f"companies-{name}")
    journey.follow("Add a company", f"company-form-{name}")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Relation").select_option(label=relation)
    journey.press("Save", f"company-{name}")


@pytest.fixture
def journey(walk: Walk) -> Walk:  # noqa: F811
    """The audited browser walk of tests/test_browser.py."""
    return walk


def test_watch_a_careers_page_check_it_and_find_past_employers(
    live_server: str, live_app: Flask, journey: Walk, boards: LoopbackServer
) -> None:
    page = journey.page
    sign_up(journey, live_server, "watcher@example.com")
    add_company(journey, "Acme", "Target")
    page.get_by_label("Careers page or board URL").fill(boards.url("/careers"))
    journey.press("Find the board", "watch-preview")
    detected = page.inner_text("#detected")
    assert "greenhouse" in detected and "acme" in detected
    journey.press("Watch it", "watch-new")
    assert "Not checked yet" in page.inner_text("main")

    journey.press("Check now", "watch-check-queued")
    assert "will be checked in a moment" in page.inner_text("main")
    assert run_worker(live_app) == 1
    journey.visit(page.url, "watch-checked")
    assert "complete" in page.inner_text("main")
    journey.follow("2", "vacancies-open")
    assert "Backend Engineer" in page.inner_text("main")
    assert "Data Analyst" in page.inner_text("main")
    journey.follow("Backend Engineer", "vacancy")
    assert "History" in page.inner_text("main") and "New" in page.inner_text("main")
    journey.follow("Vacancies", "vacancies")

    add_company(journey, "Globex", "Past employer")
    journey.follow("Companies", "companies-with-watches")
    journey.press("Watch my past employers", "discover-queued")
    assert "Searching since" in page.inner_text("main")
    assert run_worker(live_app) == 1
    journey.visit(page.url, "discover-done")
    assert "greenhouse: globex" in page.inner_text("main")
    journey.press("Watch it", "discover-watched")
    assert "Watching Globex's greenhouse board" in page.inner_text("main")
    assert "Watched" in page.inner_text("#discover-result")
    journey.assert_accessible()
