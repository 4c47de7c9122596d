"""Peak memory of the import job on a 1,000,000-row one-column CSV, in a real forking worker.

The measurement runs in a fresh Python process (``--child``) so that ``RUSAGE_CHILDREN``
covers only its own work horses: first a no-op job (the idle horse), then the import.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.bench.common import ROOT, print_table, result, workspace

ROWS = int(os.environ.get("BENCH_IMPORT_CSV_ROWS", "1000000"))


def people_csv(path: Path, rows: int = ROWS) -> Path:
    """A one-column contact list: a header and one full name per line (about 13 MB)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Name\n")
        for i in range(rows):
            out.write(f"Person {i:07d}\n")
    return path


def _child_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def measure() -> dict[str, float]:
    """In this process: the idle horse's and the import horse's peak RSS, and the time."""
    from service import create_app
    from service.auth.services import create_user
    from service.extensions import db
    from service.imports.services import get_run_by_id, set_mapping, start_import
    from service.queue import enqueue
    from workers.worker import build_worker

    with workspace() as (folder, redis_url):
        path = people_csv(folder / "people.csv")
        app = create_app(
            {
                "NEXTROUND_ENV": "testing",
                "SECRET_KEY": "bench" * 8,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                "REDIS_URL": redis_url,
                "RQ_QUEUE": f"bench-csv-{os.getpid()}",
                "IMPORT_UPLOAD_FOLDER": str(folder / "uploads"),
                "LOG_LEVEL": "WARNING",
            }
        )
        with app.app_context():
            db.create_all()
            user = create_user("bench@example.com", "bench password 123")
            enqueue("os.getpid")  # the idle horse: a no-op job in the same forking worker
            build_worker(app).work(burst=True)
            idle = _child_rss_kib()
            with path.open("rb") as stream:
                run_id = start_import(user, path.name, stream).id
            set_mapping(user, run_id, ["name"])
            db.session.commit()
            start = time.perf_counter()
            build_worker(app).work(burst=True)
            elapsed = time.perf_counter() - start
            run = get_run_by_id(run_id)
            assert run.status.value == "done", (run.status, run.error)
            assert run.created_count == ROWS, run.created_count
            db.engine.dispose()
        parse_rate = _parse_only(path)
    return {
        "idle_kib": idle,
        "peak_kib": _child_rss_kib(),
        "seconds": elapsed,
        "parse_rows_per_s": parse_rate,
    }


def _parse_only(path: Path) -> float:
    """Baseline of the rate: rows/s of the stdlib csv reader over the same file."""
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as text:
        count = sum(1 for _ in csv.reader(text))
    return count / (time.perf_counter() - start)


def run() -> dict[str, dict[str, Any]]:
    command = [sys.executable, "-m", "tests.bench.bench_import_csv", "--child"]
    output = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    figures = json.loads(output.stdout.strip().splitlines()[-1])
    rows = f"{ROWS // 1000}k" if ROWS < 1_000_000 else f"{ROWS // 1_000_000}m"
    return {
        f"import_csv_{rows}_rows_job_peak_rss": result(
            figures["peak_kib"] / 1024,
            "MiB",
            figures["idle_kib"] / 1024,
            higher_is_better=False,
        ),
        f"import_csv_{rows}_rows_per_s": result(
            ROWS / figures["seconds"], "rows/s", figures["parse_rows_per_s"]
        ),
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        print(json.dumps(measure()))
    else:
        print_table(run())
