"""The demo's job boards: Greenhouse- and Lever-shaped JSON served on loopback while it runs.

Each board comes from a package data file (``data/board-*.json``): the company, the board kind
and token, the postings already on the board, and the postings that arrive ``later`` (when the
demo calls `DemoBoards.publish`). The server answers only the two API paths the readers ask
for — ``/v1/boards/{token}/jobs`` (Greenhouse) and ``/v0/postings/{site}`` (Lever) — on
127.0.0.1 and an ephemeral port, from a thread of the demo's own process.
"""

from __future__ import annotations

import copy
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from service.boards.base import PageRequest

KINDS = ("greenhouse", "lever")


def data_text(name: str) -> str:
    """One of the demo's package data files (it ships in the wheel; see pyproject.toml)."""
    return resources.files("service.demo").joinpath("data", name).read_text(encoding="utf-8")


@dataclass
class DemoBoard:
    """One company's board: what it lists now, and what arrives when published."""

    company: str
    ats: str
    token: str
    postings: list[dict[str, Any]]
    later: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, name: str) -> DemoBoard:
        raw = json.loads(data_text(name))
        if raw["ats"] not in KINDS:
            raise ValueError(f"{name}: a demo board is greenhouse or lever, not {raw['ats']!r}")
        return cls(raw["company"], raw["ats"], raw["token"], raw["postings"], raw.get("later", []))

    @property
    def path(self) -> str:
        if self.ats == "greenhouse":
            return f"/v1/boards/{self.token}/jobs"
        return f"/v0/postings/{self.token}"

    def request(self, origin: str) -> PageRequest:
        """The board's first request, as its reader would ask the real API, at ``origin``."""
        query = "content=true" if self.ats == "greenhouse" else "mode=json&skip=0&limit=100"
        return PageRequest(url=f"{origin}{self.path}?{query}")

    def publish(self, now: datetime) -> list[dict[str, Any]]:
        """Put the ``later`` postings on the board, dated ``now``; the postings published."""
        arrived = [_dated(posting, self.ats, now) for posting in self.later]
        self.postings = self.postings + arrived
        self.later = []
        return arrived

    def body(self, query: dict[str, list[str]]) -> bytes:
        """The API's answer: Greenhouse's ``{"jobs", "meta"}``, or a page of Lever's list."""
        if self.ats == "greenhouse":
            payload: Any = {"jobs": self.postings, "meta": {"total": len(self.postings)}}
        else:
            skip = _number(query.get("skip"), 0)
            limit = _number(query.get("limit"), 100)
            payload = self.postings[skip : skip + limit]
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def _number(values: list[str] | None, default: int) -> int:
    try:
        return max(0, int(values[0])) if values else default
    except ValueError:
        return default


def _dated(posting: dict[str, Any], ats: str, now: datetime) -> dict[str, Any]:
    """A copy of ``posting`` published at ``now``, as the board would date it."""
    dated = copy.deepcopy(posting)
    if ats == "greenhouse":
        stamp = now.astimezone(UTC).isoformat(timespec="seconds")
        dated["first_published"] = dated["updated_at"] = stamp
    else:
        dated["createdAt"] = int(now.timestamp() * 1000)
    return dated


class DemoBoards:
    """The demo's boards on one loopback HTTP server (a context manager: started, then stopped)."""

    def __init__(self, boards: list[DemoBoard]) -> None:
        self.boards = boards
        self._by_path = {board.path: board for board in boards}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        if self._server is None:
            raise RuntimeError("the demo boards are not being served")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def board(self, company: str) -> DemoBoard:
        for board in self.boards:
            if board.company == company:
                return board
        raise KeyError(company)

    def publish(self, company: str, now: datetime | None = None) -> list[dict[str, Any]]:
        """The company's ``later`` postings appear on its board (thread-safe)."""
        with self._lock:
            return self.board(company).publish(now or datetime.now(UTC))

    def answer(self, target: str) -> bytes | None:
        """The body for a request target (path and query), or None for an unknown path."""
        parts = urlsplit(target)
        board = self._by_path.get(parts.path.rstrip("/"))
        if board is None:
            return None
        with self._lock:
            return board.body(parse_qs(parts.query))

    def __enter__(self) -> DemoBoards:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="demo-boards", daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None


def _handler(boards: DemoBoards) -> type[BaseHTTPRequestHandler]:
    class BoardHandler(BaseHTTPRequestHandler):
        server_version = "NextRoundDemo/1"

        def do_GET(self) -> None:
            body = boards.answer(self.path)
            if body is None:
                body, status = b'{"error": "not found"}', 404
            else:
                status = 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the demo prints its own summary."""

    return BoardHandler
