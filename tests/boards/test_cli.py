"""The ``boards`` CLI: detect, read offline, and fetch live from a board served on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner

from service.boards.cli import boards_cli
from service.boards.fetch import FetchPolicy

PAGES = Path(__file__).resolve().parents[1] / "data" / "boards" / "careers-pages"

Route = Callable[[BaseHTTPRequestHandler, bytes], tuple[int, str, bytes]]


def greenhouse_board(count: int) -> dict[str, Any]:
    """A Greenhouse ``/jobs?content=true`` response with ``count`` posts."""
    jobs: list[dict[str, Any]] = [
        {
            "id": 4000 + n,
            "internal_job_id": 900 + n,
            "title": f"Engineer {n}",
            "absolute_url": f"https://job-boards.greenhouse.io/acme/jobs/{4000 + n}",
            "location": {"name": "Zürich" if n % 2 else "Remote (EU)"},
            "updated_at": "2026-10-01T09:30:00-04:00",
            "first_published": "2026-09-01T09:30:00-04:00",
            "content": "&lt;p&gt;Build things &amp;amp; ship.&lt;/p&gt;",
            "departments": [{"id": 1, "name": "Engineering", "parent_id": None, "child_ids": []}],
            "offices": [],
            "metadata": None,
        }
        for n in range(count)
    ]
    return {"jobs": jobs, "meta": {"total": count}}


def lever_postings(count: int) -> list[dict[str, Any]]:
    """``count`` postings in Lever's postings API format."""
    return [
        {
            "id": f"00000000-0000-4000-8000-{n:012d}",
            "text": f"Designer {n}",
            "hostedUrl": f"https://jobs.lever.co/acme/00000000-0000-4000-8000-{n:012d}",
            "categories": {"location": "Berlin", "commitment": "Full-time", "team": "Design"},
            "createdAt": 1760000000000 + n,
            "workplaceType": "on-site",
            "descriptionPlain": "Design things.",
        }
        for n in range(count)
    ]


def workday_page(offset: int, total: int) -> dict[str, Any]:
    """One Workday CXS search page (20 per page) of a board with ``total`` jobs."""
    jobs = [
        {
            "title": f"Analyst {n}",
            "externalPath": f"/job/Boston-MA/Analyst-{n}_R{1000 + n}",
            "locationsText": "Boston, MA",
            "postedOn": "Posted Today",
            "bulletFields": [f"R{1000 + n}"],
        }
        for n in range(offset, min(offset + 20, total))
    ]
    return {"total": total, "jobPostings": jobs, "facets": []}


def as_json(data: Any) -> tuple[int, str, bytes]:
    return 200, "application/json", json.dumps(data).encode()


def lever_route(total: int) -> Route:
    def route(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
        query = parse_qs(urlsplit(handler.path).query)
        skip, limit = int(query["skip"][0]), int(query["limit"][0])
        return as_json(lever_postings(total)[skip : skip + limit])

    return route


def workday_route(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
    search = json.loads(body)
    if handler.command != "POST" or search.get("limit") != 20:
        return 422, "application/json", b'{"errorCode": "HTTP_422"}'
    return as_json(workday_page(search["offset"], total=45))


def workday_repeating_route(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
    """A tenant past its ceiling: every offset answers page 0 again, without a total."""
    page = workday_page(0, total=20)
    del page["total"]
    return as_json(page)


def page_route(name: str) -> Route:
    html = (PAGES / name).read_bytes()
    return lambda handler, body: (200, "text/html; charset=utf-8", html)


ROUTES: dict[str, Route] = {
    "/v1/boards/acme/jobs": lambda handler, body: as_json(greenhouse_board(3)),
    "/v0/postings/acme": lever_route(150),
    "/wday/cxs/acme/External/jobs": workday_route,
    "/wday/cxs/acme/Repeat/jobs": workday_repeating_route,
    "/broken.json": lambda handler, body: (200, "application/json", b'{"jobs": '),
    "/careers": page_route("plain.html"),
    "/jobs/senior-engineer": page_route("jsonld-only.html"),
}


class BoardHandler(BaseHTTPRequestHandler):
    """Serves ROUTES on loopback; anything else is a 404 (robots.txt included)."""

    requests_seen: list[tuple[str, str]]

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.requests_seen.append((self.command, self.path))
        route = ROUTES.get(urlsplit(self.path).path)
        status, content_type, payload = (
            route(self, body) if route else (404, "text/plain", b"not found")
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def board_server() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """A board server on 127.0.0.1: its base URL and the requests it received."""
    seen: list[tuple[str, str]] = []
    handler = type("Handler", (BoardHandler,), {"requests_seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.config["NEXTROUND_FETCH_POLICY"] = FetchPolicy(allow_loopback=True)
    app.cli.add_command(boards_cli)
    return app


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def run(runner: FlaskCliRunner, *args: str) -> Result:
    return runner.invoke(args=["boards", *args])


def output_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- detect -------------------------------------------------------------------------------


def test_detect_prints_the_board_as_json(runner: FlaskCliRunner) -> None:
    result = run(
        runner, "detect", "https://jobs.eu.lever.co/acme/5ac21346-8e0c-4494-8e7a-3eb92ff77902"
    )

    assert output_json(result) == {
        "ats": "lever",
        "token": "eu:acme",
        "api_url": "https://api.eu.lever.co/v0/postings/acme?mode=json&skip=0&limit=100",
    }


def test_detect_reads_a_saved_careers_page(runner: FlaskCliRunner) -> None:
    page = str(PAGES / "greenhouse-script.html")

    result = run(runner, "detect", "https://acme.example/careers", "--html", page)

    assert output_json(result)["token"] == "acmescript"


def test_detect_decodes_a_saved_page_like_the_readers(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    saved = tmp_path / "careers.html"
    saved.write_bytes((PAGES / "greenhouse-script.html").read_text().encode("utf-16"))

    result = run(runner, "detect", "https://acme.example/careers", "--html", str(saved))

    assert output_json(result)["token"] == "acmescript"


def test_detect_falls_back_to_the_page_itself(runner: FlaskCliRunner) -> None:
    result = run(runner, "detect", "acme.example/careers")

    assert output_json(result) == {
        "ats": "html",
        "token": "https://acme.example/careers",
        "api_url": "https://acme.example/careers",
    }


def test_detect_not_a_url_fails_with_a_message(runner: FlaskCliRunner) -> None:
    result = run(runner, "detect", "no such thing")

    assert result.exit_code == 1
    assert "not a URL" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


# --- read ---------------------------------------------------------------------------------


def test_read_prints_normalised_postings(runner: FlaskCliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "greenhouse.json"
    saved.write_text(json.dumps(greenhouse_board(2)), encoding="utf-8")

    postings = output_json(run(runner, "read", str(saved), "--ats", "greenhouse"))

    assert [p["external_id"] for p in postings] == ["4000", "4001"]
    assert postings[1]["title"] == "Engineer 1"
    assert postings[1]["location"] == "Zürich"
    assert postings[0]["url"] == "https://job-boards.greenhouse.io/acme/jobs/4000"
    assert postings[0]["ats"] == "greenhouse"
    assert postings[0]["description_text"] == "Build things & ship."
    assert set(postings[0]) == {
        "external_id",
        "title",
        "url",
        "ats",
        "location",
        "remote",
        "department",
        "employment_type",
        "posted_at",
        "updated_at",
        "description_text",
    }


def test_read_resolves_links_against_the_given_url(runner: FlaskCliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_bytes((PAGES / "plain.html").read_bytes())

    postings = output_json(
        run(runner, "read", str(saved), "--ats", "html", "--url", "https://acme.example/careers")
    )

    assert [p["url"] for p in postings] == [
        "https://acme.example/careers/backend-engineer",
        "https://acme.example/careers/product-designer",
    ]


def test_read_reads_one_file_and_follows_no_page(runner: FlaskCliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "lever.json"
    saved.write_text(json.dumps(lever_postings(100)), encoding="utf-8")

    result = run(runner, "read", str(saved), "--ats", "lever")

    assert len(output_json(result)) == 100
    assert "more pages" in result.stderr


def test_read_a_bad_payload_fails_with_the_readers_message(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    saved = tmp_path / "departments.json"
    saved.write_text('[{"id": 1}]', encoding="utf-8")

    result = run(runner, "read", str(saved), "--ats", "greenhouse")

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: greenhouse:")
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_read_an_unknown_board_kind_is_a_usage_error(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    saved = tmp_path / "x.json"
    saved.write_text("{}", encoding="utf-8")

    result = run(runner, "read", str(saved), "--ats", "monster")

    assert result.exit_code == 2
    assert "Invalid value for '--ats'" in result.stderr
    assert "greenhouse" in result.stderr


def test_read_a_missing_file_is_a_usage_error(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = run(runner, "read", str(tmp_path / "nope.json"), "--ats", "lever")

    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_read_works_without_an_app(tmp_path: Path) -> None:
    saved = tmp_path / "greenhouse.json"
    saved.write_text(json.dumps(greenhouse_board(1)), encoding="utf-8")

    result = FlaskCliRunner(Flask(__name__)).invoke(
        boards_cli, ["read", str(saved), "--ats", "greenhouse"]
    )

    assert len(output_json(result)) == 1


# --- fetch --------------------------------------------------------------------------------


def test_fetch_reads_an_api_url_with_the_given_reader(
    runner: FlaskCliRunner, board_server: tuple[str, list[tuple[str, str]]]
) -> None:
    base, seen = board_server

    result = run(runner, "fetch", f"{base}/v1/boards/acme/jobs?content=true", "--ats", "greenhouse")

    postings = output_json(result)
    assert [p["title"] for p in postings] == ["Engineer 0", "Engineer 1", "Engineer 2"]
    assert postings[0]["remote"] is True
    assert seen == [("GET", "/v1/boards/acme/jobs?content=true")]


def test_fetch_follows_pages(
    runner: FlaskCliRunner, board_server: tuple[str, list[tuple[str, str]]]
) -> None:
    base, seen = board_server

    result = run(
        runner, "fetch", f"{base}/v0/postings/acme?mode=json&skip=0&limit=100", "--ats", "lever"
    )

    postings = output_json(result)
    assert len(postings) == 150
    assert len({p["external_id"] for p in postings}) == 150
    assert [path for _, path in seen] == [
        "/v0/postings/acme?mode=json&skip=0&limit=100",
        "/v0/postings/acme?mode=json&skip=100&limit=100",
    ]


def test_fetch_stops_after_max_pages(
    runner: FlaskCliRunner, board_server: tuple[str, list[tuple[str, str]]]
) -> None:
    base, seen = board_server
    url = f"{base}/v0/postings/acme?mode=json&skip=0&limit=100"

    result = run(runner, "fetch", url, "--ats", "lever", "--max-pages", "1")

    assert len(output_json(result)) == 100
    assert "stopped paging" in result.stderr
    assert len(seen) == 1


def test_fetch_keeps_the_readers_method_and_body(
    runner: FlaskCliRunner, board_server: tuple[str, list[tuple[str, str]]]
) -> None:
    base, seen = board_server

    result = run(runner, "fetch", f"{base}/wday/cxs/acme/External/jobs", "--ats", "workday")

    postings = output_json(result)
    assert len(postings) == 45
    assert postings[0]["external_id"] == "R1000"
    assert postings[0]["url"] == f"{base}/External/job/Boston-MA/Analyst-0_R1000"
    assert seen == [("POST", "/wday/cxs/acme/External/jobs")] * 3


def test_fetch_stops_when_a_page_brings_nothing_new(
    runner: FlaskCliRunner, board_server: tuple[str, list[tuple[str, str]]]
) -> None:
    base, seen = board_server

    result = run(runner, "fetch", f"{base}/wday/cxs/acme/Repeat/jobs", "--ats", "workday")

    assert len(output_json(result)) == 20
    assert len(seen) == 2


def test_fetch_a_careers_page_without_a_board_reads_it_as_html(
    runner: FlaskCliRunner, board_server: tuple[str, list[tuple[str, str]]]
) -> None:
    base, seen = board_server

    postings = output_json(run(runner, "fetch", f"{base}/careers"))

    assert [p["title"] for p in postings] == ["Backend Engineer", "Product Designer"]
    assert postings[0]["url"] == f"{base}/careers/backend-engineer"
    assert ("GET", "/robots.txt") in seen


def test_fetch_a_job_page_with_json_ld_reads_it_as_jsonld(
    runner: FlaskCliRunner, board_server: tuple[str, list[tuple[str, str]]]
) -> None:
    base, _ = board_server

    postings = output_json(run(runner, "fetch", f"{base}/jobs/senior-engineer"))

    assert [(p["ats"], p["title"]) for p in postings] == [("jsonld", "Senior Engineer")]


def test_fetch_refuses_loopback_unless_configured(
    board_server: tuple[str, list[tuple[str, str]]],
) -> None:
    base, seen = board_server
    app = Flask(__name__)
    app.cli.add_command(boards_cli)

    result = run(
        app.test_cli_runner(), "fetch", f"{base}/v1/boards/acme/jobs", "--ats", "greenhouse"
    )

    assert result.exit_code == 1
    assert "127.0.0.1" in result.stderr
    assert "Traceback" not in result.output
    assert seen == []


def test_fetch_reports_an_http_error(
    runner: FlaskCliRunner, board_server: tuple[str, list[tuple[str, str]]]
) -> None:
    base, _ = board_server

    result = run(runner, "fetch", f"{base}/v1/boards/gone/jobs", "--ats", "greenhouse")

    assert result.exit_code == 1
    assert "404" in result.stderr
    assert result.stdout == ""


def test_fetch_reports_a_payload_the_reader_cannot_read(
    runner: FlaskCliRunner, board_server: tuple[str, list[tuple[str, str]]]
) -> None:
    base, _ = board_server

    result = run(runner, "fetch", f"{base}/broken.json", "--ats", "greenhouse")

    assert result.exit_code == 1
    assert "greenhouse: " in result.stderr
    assert "JSON" in result.stderr


def test_fetch_not_a_url_fails_with_a_message(runner: FlaskCliRunner) -> None:
    result = run(runner, "fetch", "gopher://acme.example/jobs")

    assert result.exit_code == 1
    assert "not a URL" in result.stderr
