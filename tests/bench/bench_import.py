"""Import of a 30,000-row Connections.csv by the RQ job: rows/s and peak memory."""

from __future__ import annotations

import csv
import io
import os
import resource
import time
from typing import Any

from tests.bench.common import print_table, result, workspace

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "30000"))
PREAMBLE = (
    'Notes:\r\n"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\r\n\r\n'
)


def connections_csv(rows: int = ROWS) -> bytes:
    """A realistic LinkedIn Connections.csv with the preamble, quoted commas and CRLF."""
    out = io.StringIO()
    out.write(PREAMBLE)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    for i in range(rows):
        writer.writerow(
            [
                f"First{i}",
                f"Last{i}",
                f"https://www.linkedin.com/in/person-{i}",
                f"p{i}@example.com" if i % 9 == 0 else "",
                f"Company {i % 1500}, Inc.",
                f"Engineering Manager {i % 40}",
                f"{1 + i % 28:02d} {months[i % 12]} {2015 + i % 11}",
            ]
        )
    return out.getvalue().encode("utf-8")


def _parse_only(data: bytes) -> float:
    """Baseline: rows/s of the stdlib csv reader over the same bytes."""
    start = time.perf_counter()
    count = sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8"))))
    return count / (time.perf_counter() - start)


def _child_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def run() -> dict[str, dict[str, Any]]:
    from service import create_app
    from service.auth.services import create_user
    from service.extensions import db
    from service.imports.services import get_run_by_id, start_import
    from service.queue import enqueue
    from workers.worker import build_worker

    data = connections_csv()
    with workspace() as (folder, redis_url):
        app = create_app(
            {
                "NEXTROUND_ENV": "testing",
                "SECRET_KEY": "bench" * 8,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                "REDIS_URL": redis_url,
                "RQ_QUEUE": f"bench-{os.getpid()}",
            }
        )
        with app.app_context():
            db.create_all()
            user = create_user("bench@example.com", "bench password 123")
            # baseline horse: a no-op job in the same forking worker
            enqueue("os.getpid")
            build_worker(app).work(burst=True)
            noop_rss = _child_rss_kib()
            run_row = start_import(user, "Connections.csv", data)
            run_id = run_row.id
            db.session.commit()
            start = time.perf_counter()
            build_worker(app).work(burst=True)
            elapsed = time.perf_counter() - start
            run_row = get_run_by_id(run_id)
            assert run_row.status.value == "done", (run_row.status, run_row.error)
            assert run_row.created_count == ROWS, run_row.created_count
            peak_rss = _child_rss_kib()
            db.engine.dispose()
    return {
        "import_connections_30k_rows_per_s": result(ROWS / elapsed, "rows/s", _parse_only(data)),
        "import_connections_30k_peak_rss": result(
            peak_rss / 1024, "MiB", max(noop_rss, 1) / 1024, higher_is_better=False
        ),
    }


if __name__ == "__main__":
    print_table(run())
