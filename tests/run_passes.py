"""`make test`'s pytest step: the suite on SQLite and, when TEST_DATABASE_URL is set, on
PostgreSQL at the same time (each pass prints in full when both have ended).

The passes must not share a Redis database (the tests flush theirs): with REDIS_URL set, the
PostgreSQL pass takes the next database number. The board readers and the fetcher use no
database, so the PostgreSQL pass leaves them out, and the tests meaningful only on SQLite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PYTEST = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--durations=8"]


def next_database(url: str) -> str:
    """``redis://host:port/13`` → ``redis://host:port/14`` (db 0 when the URL names none)."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + 1
    return urlunsplit((parts.scheme, parts.netloc, f"/{number}", parts.query, parts.fragment))


def passes() -> list[tuple[str, list[str], dict[str, str]]]:
    """(title, command, environment) of each pass to run."""
    sqlite_env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
    runs = [("SQLite", PYTEST, sqlite_env)]
    if os.environ.get("TEST_DATABASE_URL"):
        postgres_env = dict(os.environ)
        if os.environ.get("REDIS_URL"):
            postgres_env["REDIS_URL"] = next_database(os.environ["REDIS_URL"])
        command = [*PYTEST, "-m", "not sqlite_only", "--ignore=tests/boards"]
        runs.append(("PostgreSQL", command, postgres_env))
    return runs


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="nextround-tests-") as folder:
        started = []
        for title, command, env in passes():
            log = Path(folder) / f"{title}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
            started.append((title, process, log))
        codes = []
        for title, process, log in started:
            codes.append(process.wait())
            print(f"== the suite on {title} ==", flush=True)
            sys.stdout.buffer.write(log.read_bytes())
            sys.stdout.flush()
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
