"""Polling a farm of Greenhouse-like boards with real workers: boards/s against a bare loop.

The farm: ``BENCH_WATCH_BOARDS`` boards (500) of 50-``BENCH_WATCH_MAX_POSTINGS`` (200) postings
whose descriptions are entity-escaped HTML of 2-10 KB, served without validators (so an
unchanged board is told by its body hash) from ``BENCH_WATCH_HOSTS`` loopback addresses
(127.0.0.2…), so per-host politeness applies: one request in flight per host across workers and a
gap of ``BENCH_WATCH_GAP_MS`` (10 ms) after each. Passes: cold (all new), warm (nothing
changed), changed (one posting in ten boards), with two `python -m workers` processes and then
with one, each against a bare loop doing the same GETs and ``json.loads`` in the same run.
Then (unless ``BENCH_WATCH_DIRECT=0``) cold and warm passes by two plain processes calling
`poll_source` with no queue: what the polls cost without RQ's bookkeeping.
Peak memory is the largest RSS of a worker or work horse (``ru_maxrss`` of its children).
"""

from __future__ import annotations

import html
import json
import os
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

import requests

from tests.bench.common import print_table, result, workspace

BOARDS = int(os.environ.get("BENCH_WATCH_BOARDS", "500"))
MAX_POSTINGS = int(os.environ.get("BENCH_WATCH_MAX_POSTINGS", "200"))
HOSTS = int(os.environ.get("BENCH_WATCH_HOSTS", "8"))
GAP_MS = int(os.environ.get("BENCH_WATCH_GAP_MS", "10"))
WORKERS = tuple(int(n) for n in os.environ.get("BENCH_WATCH_WORKERS", "2,1").split(","))
DIRECT = os.environ.get("BENCH_WATCH_DIRECT", "1") != "0"
ROOT = Path(__file__).resolve().parents[2]
WORDS = (
    "build",
    "reliable",
    "services",
    "team",
    "customers",
    "data",
    "platform",
    "ship",
    "product",
    "design",
    "review",
    "deploy",
    "observability",
    "latency",
    "scale",
    "mentor",
    "engineers",
    "roadmap",
    "quality",
    "security",
    "privacy",
    "python",
    "postgres",
    "kubernetes",
    "on-call",
    "incidents",
    "growth",
    "learning",
    "remote",
    "hybrid",
    "benefits",
    "equity",
)
RSS_WRAPPER = """
import resource, signal, subprocess, sys
signal.signal(signal.SIGTERM, signal.SIG_IGN)
subprocess.call([sys.executable, "-m", "workers", "--name", sys.argv[2]])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""


def description(rng: random.Random) -> str:
    """Realistic posting HTML of 2-10 KB: headings, paragraphs, lists, emphasis, links."""
    target, parts = rng.randint(2_000, 10_000), []
    size = 0
    while size < target:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60)))
        block = rng.choice(
            (
                f"<h3>{rng.choice(WORDS).title()} &amp; {rng.choice(WORDS)}</h3>",
                f'<p><strong>{words[:40]}</strong> {words} <a href="https://x.test/">more</a></p>',
                "<ul>" + "".join(f"<li><p>{w}</p></li>" for w in words.split(" ")[:6]) + "</ul>",
                f"<div><p>{words}</p><p><em>{words[:80]}</em></p></div>",
            )
        )
        parts.append(block)
        size += len(block)
    return "".join(parts)


class Farm:
    """The boards, served on several loopback addresses; `bump` changes one posting of a board."""

    def __init__(self, boards: int) -> None:
        from tests.boards.servers import LoopbackServer

        self.servers = [LoopbackServer(host=f"127.0.0.{2 + i}").start() for i in range(HOSTS)]
        self.versions = [0] * boards
        self.bodies: dict[int, bytes] = {}
        self.urls = []
        for board in range(boards):
            server = self.servers[board % HOSTS]
            path = f"/v1/boards/bench{board}/jobs"
            server.routes[path] = self._route(board)
            self.urls.append(server.url(f"{path}?content=true"))

    def _route(self, board: int) -> Any:
        def route(handler: Any) -> None:
            body = self.bodies.get(board)
            if body is None:
                body = self.bodies[board] = self._body(board)
            handler.reply(200, body, {"Content-Type": "application/json"})

        return route

    def _body(self, board: int) -> bytes:
        rng = random.Random(board)
        jobs = []
        for n in range(rng.randint(50, MAX_POSTINGS)):
            changed = n == 0 and self.versions[board]
            text = description(rng) + (f"<p>Revision {self.versions[board]}</p>" if changed else "")
            jobs.append(
                {
                    "id": board * 1000 + n,
                    "title": f"{rng.choice(WORDS).title()} Engineer {n}",
                    "location": {"name": rng.choice(("Zürich", "Berlin", "Remote", "London"))},
                    "absolute_url": f"https://job-boards.greenhouse.io/bench{board}/jobs/{n}",
                    "updated_at": "2026-05-04T10:15:00-04:00",
                    "first_published": "2026-04-01T09:00:00-04:00",
                    "departments": [{"name": rng.choice(WORDS).title()}],
                    "content": html.escape(text),
                }
            )
        return json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode()

    def bump(self, board: int) -> None:
        self.versions[board] += 1
        self.bodies[board] = self._body(board)

    def warm_up(self) -> None:
        for board in range(len(self.urls)):
            self.bodies[board] = self._body(board)

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


def bare_loop(urls: list[str]) -> float:
    """Baseline: boards/s of a plain requests + json.loads loop over the same URLs."""
    start = time.perf_counter()
    for url in urls:
        json.loads(requests.get(url, timeout=30).content)
    return len(urls) / (time.perf_counter() - start)


def _app(folder: Path, redis_url: str, database_url: str) -> Any:
    from service import create_app

    return create_app(
        {
            "NEXTROUND_ENV": "testing",
            "SECRET_KEY": "bench" * 8,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "REDIS_URL": redis_url,
            "RQ_QUEUE": f"bench-watch-{os.getpid()}",
            "LOG_LEVEL": "WARNING",
        }
    )


def _sources(urls: list[str]) -> list[int]:
    from service.boards.readers import get_reader
    from service.extensions import db
    from service.models import Source
    from service.watch.sources import request_dict

    reader = get_reader("greenhouse")
    rows = []
    for n, url in enumerate(urls):
        request = request_dict(reader.first_request(f"bench{n}"))  # type: ignore[misc]
        request["url"] = url
        rows.append(
            Source(
                identity=f"greenhouse:bench{n}",
                ats="greenhouse",
                token=f"bench{n}",
                url=url,
                request=request,
                config={},
                interval_seconds=3600,
            )
        )
    db.session.add_all(rows)
    db.session.commit()
    return [s.id for s in rows]


def _poll_all(source_ids: list[int], processes: Any) -> float:
    """Queue a poll of every source; boards/s once every one has a new poll row."""
    import sqlalchemy as sa

    from service.models import Poll
    from service.watch.schedule import queue_claimed
    from tests.watch.processes import count, wait_for

    before = count(sa.select(Poll.id))
    start = time.perf_counter()
    for source_id in source_ids:
        queue_claimed(source_id, expired=False)
    target = before + len(source_ids)
    wait_for(lambda: count(sa.select(Poll.id)) >= target, processes, seconds=900)
    return len(source_ids) / (time.perf_counter() - start)


def _passes(label: str, farm: Farm, source_ids: list[int], processes: Any) -> dict[str, Any]:
    figures = {}
    for name in ("cold", "warm", "changed"):
        if name == "changed":
            for board in range(0, len(source_ids), max(1, len(source_ids) // 10))[:10]:
                farm.bump(board)
        bare = bare_loop(farm.urls)
        rate = _poll_all(source_ids, processes)
        figures[f"watch_{name}_{label}"] = result(rate, "boards/s", bare)
        print(f"  {label} {name}: {rate:.1f} boards/s, bare loop {bare:.1f}", flush=True)
    return figures


def _workers(processes: Any, folder: Path, count: int, queue: str) -> list[Path]:
    """Start ``count`` workers; return once all listen (so that their start-up, a second or
    two of imports each, does not slow the bare loop measured next)."""
    from tests.watch.processes import wait_for

    files = []
    for n in range(count):
        out = folder / f"rss-{len(processes.running)}-{n}.txt"
        processes.start(f"w{n}", "-c", RSS_WRAPPER, str(out), f"bench-{os.getpid()}-{n}-{out.stem}")
        files.append(out)
    wait_for(lambda: _listening(queue) >= count, processes)
    return files


def _listening(queue: str) -> int:
    from rq import Queue, Worker

    from service.queue import redis_connection

    connection = redis_connection()
    return len(Worker.all(queue=Queue(queue, connection=connection)))


def _stopped_peak_kib(processes: Any, files: list[Path]) -> int:
    processes.stop_all()
    deadline = time.monotonic() + 30
    while not all(f.exists() and f.read_text() for f in files) and time.monotonic() < deadline:
        time.sleep(0.1)
    return max(int(f.read_text() or 0) for f in files if f.exists())


def _database(folder: Path, name: str) -> tuple[Any, str]:
    """A new database for one set of passes: a schema of its own on PostgreSQL, else a file.

    (Emptying one instead is slow: each vacancy deleted scans ``repost_of_id``, not indexed.)
    """
    from contextlib import nullcontext

    from tests.helpers import postgres_schema

    base = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if base and base.startswith("postgres"):
        return postgres_schema(base, "nextround_bench"), "PostgreSQL"
    return nullcontext(f"sqlite:///{folder / name}.db"), "SQLite"


def _env(database_url: str, redis_url: str, **more: str) -> dict[str, str]:
    """The environment of the processes that poll the farm."""
    return dict(
        os.environ,
        NEXTROUND_ENV="testing",
        DATABASE_URL=database_url,
        TEST_DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECRET_KEY="bench" * 8,
        LOG_LEVEL="WARNING",
        NEXTROUND_FETCH_ALLOW_LOOPBACK="true",
        NEXTROUND_WATCH_HOST_GAP_MS=str(GAP_MS),
        **more,
    )


def _with_workers(workers: int, farm: Farm, folder: Path, redis_url: str) -> tuple[dict, int]:
    """The three passes with ``workers`` worker processes; their figures and peak RSS (KiB)."""
    from service.extensions import db
    from tests.watch.processes import Processes

    label = f"{workers}w"
    schema, _kind = _database(folder, label)
    with schema as database_url:
        app = _app(folder, redis_url, database_url)
        env = _env(database_url, redis_url, NEXTROUND_QUEUE=app.config["RQ_QUEUE"])
        with app.app_context():
            db.create_all()
            source_ids = _sources(farm.urls)
            db.session.remove()
            processes = Processes(env, folder)
            files = _workers(processes, folder, workers, app.config["RQ_QUEUE"])
            try:
                figures = _passes(label, farm, source_ids, processes)
            finally:
                peak = _stopped_peak_kib(processes, files)
            db.session.remove()
            db.engine.dispose()
    return figures, peak


DIRECT_CHILD = """
import sys, time
from pathlib import Path
from service import create_app
from service.extensions import db
from service.watch.poll import poll_source
folder, me, ids = Path(sys.argv[1]), sys.argv[2], [int(i) for i in sys.argv[3].split(",")]
app = create_app()
with app.app_context():
    (folder / f"ready-{me}").touch()
    while not (folder / "go").exists():
        time.sleep(0.005)
    for source_id in ids:
        poll_source(source_id)
        db.session.remove()
(folder / f"end-{me}").write_text(repr(time.time()))
"""


def _direct(farm: Farm, folder: Path, redis_url: str, processes: int = 2) -> dict[str, Any]:
    """Where RQ's cost ends: cold and warm passes by ``processes`` plain processes that call
    `poll_source` over their share of the sources (no queue, no worker), in the same run."""
    import subprocess

    from service.extensions import db

    figures = {}
    schema, _kind = _database(folder, "direct")
    with schema as database_url:
        app = _app(folder, redis_url, database_url)
        env = _env(database_url, redis_url)
        with app.app_context():
            db.create_all()
            source_ids = _sources(farm.urls)
            db.session.remove()
            for name in ("cold", "warm"):
                run_folder = folder / f"direct-{name}"
                run_folder.mkdir()
                shares = [",".join(map(str, source_ids[n::processes])) for n in range(processes)]
                argv = [sys.executable, "-c", DIRECT_CHILD, str(run_folder)]
                children = [
                    subprocess.Popen([*argv, str(n), share], env=env, cwd=ROOT)
                    for n, share in enumerate(shares)
                ]
                while len(list(run_folder.glob("ready-*"))) < processes:
                    time.sleep(0.01)
                bare = bare_loop(farm.urls)
                start = time.time()
                (run_folder / "go").touch()
                for child in children:
                    child.wait(timeout=900)
                end = max(float(f.read_text()) for f in run_folder.glob("end-*"))
                rate = len(source_ids) / (end - start)
                figures[f"watch_{name}_{processes}p_direct"] = result(rate, "boards/s", bare)
                print(
                    f"  {processes} plain processes, no RQ, {name}: {rate:.1f} boards/s, "
                    f"bare loop {bare:.1f}",
                    flush=True,
                )
            db.session.remove()
            db.engine.dispose()
    return figures


def run() -> dict[str, dict[str, Any]]:
    figures: dict[str, dict[str, Any]] = {}
    peaks = []
    with workspace() as (folder, redis_url):
        farm = Farm(BOARDS)
        kind = _database(folder, "probe")[1]
        print(
            f"  {BOARDS} boards of 50-{MAX_POSTINGS} postings on {HOSTS} loopback hosts, "
            f"host gap {GAP_MS} ms, {kind}",
            flush=True,
        )
        farm.warm_up()
        for workers in WORKERS:
            done, peak = _with_workers(workers, farm, folder, redis_url)
            figures.update(done)
            peaks.append(peak)
        if DIRECT:
            figures.update(_direct(farm, folder, redis_url))
        farm.stop()
    peak_mib = max(peaks) / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["watch_worker_peak_rss"] = result(peak_mib, "MiB", own, higher_is_better=False)
    print(f"  {kind}; worker peak RSS {peak_mib:.0f} MiB (bench process {own:.0f} MiB)")
    return figures


if __name__ == "__main__":
    print_table(run())
    sys.exit(0)
