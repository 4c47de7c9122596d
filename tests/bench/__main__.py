"""`python -m tests.bench`: run every benchmark, print the table, write .bench/results.json."""

from __future__ import annotations

import importlib
import sys
from typing import Any

from tests.bench.common import RESULTS, print_table, save

BENCHES = (
    "bench_import",
    "bench_import_csv",
    "bench_upload",
    "bench_api",
    "bench_boards",
    "bench_detect",
    "bench_watch",
    "bench_matching",
    "bench_digests",
    "bench_week",
    "bench_week_digests",
)


def main(names: list[str]) -> int:
    results: dict[str, dict[str, Any]] = {}
    for name in names or BENCHES:
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"tests.bench.{name}")
        figures = module.run()
        print_table(figures)
        results.update(figures)
        save(figures)
    print(f"\nwritten to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
