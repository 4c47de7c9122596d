"""Job boards served by real loopback HTTP servers for the watch tests.

`GreenhouseBoard` serves a Greenhouse-shaped jobs list made from its `jobs` (edit them between
polls); it answers 304 to the ETag it gave for the same content. `paged_board` serves the saved
two-page SmartRecruiters list, with a chosen answer for page 2.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.boards.servers import Handler, LoopbackServer

DATA = Path(__file__).resolve().parents[1] / "data" / "boards"
GH_PATH = "/v1/boards/acme/jobs"
SR_LIST = "/v1/companies/AcmeGmbH/postings"


def job(job_id: int, title: str, location: str = "Zürich", text: str = "Build things.") -> dict:
    """One Greenhouse job, its description as the escaped HTML Greenhouse sends."""
    return {
        "id": job_id,
        "title": title,
        "location": {"name": location},
        "absolute_url": f"https://job-boards.greenhouse.io/acme/jobs/{job_id}",
        "updated_at": "2026-05-04T10:15:00-04:00",
        "content": html.escape(f"<h2>About the role</h2><p>{text}</p>"),
    }


@dataclass
class GreenhouseBoard:
    """A Greenhouse board on a loopback server; `status` other than 200 makes it fail."""

    server: LoopbackServer
    jobs: list[dict] = field(default_factory=list)
    status: int = 200
    requests: int = 0

    def __post_init__(self) -> None:
        self.server.routes[GH_PATH] = self.route

    @property
    def url(self) -> str:
        return self.server.url(f"{GH_PATH}?content=true")

    def body(self) -> bytes:
        return json.dumps({"jobs": self.jobs, "meta": {"total": len(self.jobs)}}).encode()

    def route(self, handler: Handler) -> None:
        self.requests += 1
        if self.status != 200:
            handler.reply(self.status, b"failing", {"Content-Type": "text/plain"})
            return
        body = self.body()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if handler.headers.get("If-None-Match") == etag:
            handler.reply(304, headers={"ETag": etag})
            return
        handler.reply(200, body, {"Content-Type": "application/json", "ETag": etag})


def saved(path: str) -> bytes:
    return (DATA / path).read_bytes()


def paged_board(server: LoopbackServer, second_status: int = 200) -> str:
    """The saved two-page SmartRecruiters list; page 2 answers ``second_status``."""

    def route(handler: Handler) -> None:
        offset = parse_qs(urlsplit(handler.path).query).get("offset", ["0"])[0]
        if offset != "0" and second_status != 200:
            handler.reply(second_status, b"failing", {"Content-Type": "text/plain"})
            return
        name = "acme-postings-offset-0.json" if offset == "0" else "acme-postings-offset-2.json"
        handler.reply(200, saved(f"smartrecruiters/{name}"), {"Content-Type": "application/json"})

    server.routes[SR_LIST] = route
    detail = saved("smartrecruiters/acme-posting-detail.json")
    server.routes[f"{SR_LIST}/744000200000001"] = lambda h: h.reply(
        200, detail, {"Content-Type": "application/json"}
    )
    return server.url(f"{SR_LIST}?limit=2&offset=0")
