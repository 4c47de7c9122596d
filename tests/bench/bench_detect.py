"""Detection benchmark: detect() on large hostile careers pages, against parsing the same page.

The test suite only checks that these pages are detected (as plain ``html``); the time lives here.
For each page, ``value`` is the seconds detect() takes (median of 3) and ``baseline`` the seconds
lxml takes just to parse the page, so ``ratio`` is what detection costs over parsing. Each page is
also timed at twice the size: ``growth`` near 2 is linear, near 4 quadratic (the old regexes).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from service.boards.detect import detect  # noqa: E402
from tests.bench.common import RESULTS, print_table, result, save  # noqa: E402

REPEATS = 3
SIZE = 25_000
PAGES: dict[str, Callable[[int], str]] = {
    "unclosed_scripts": lambda n: "<script " * n,
    "open_type_lists": lambda n: '<script type="application/ld+json">' + '"@type": [' * n,
    "nested_objects": lambda n: '<script type="application/ld+json">' + '{"@type": ["x", ' * n,
}


def seconds(work: Callable[[], object]) -> float:
    """Median wall time of ``work`` over REPEATS runs."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run() -> dict[str, dict[str, Any]]:
    """Seconds per hostile page, against lxml parsing it, with the growth at twice the size."""
    figures: dict[str, dict[str, Any]] = {}
    for name, page in PAGES.items():
        html, double = page(SIZE), page(2 * SIZE)
        took = seconds(lambda html=html: detect("https://acme.test/careers", html=html))
        parse = seconds(lambda html=html: lxml.html.document_fromstring(html))
        took_double = seconds(lambda html=double: detect("https://acme.test/careers", html=html))
        figure = result(took, "s", parse, higher_is_better=False)
        figure["growth"] = round(took_double / took, 2) if took else float("nan")
        figures[f"detect_{name}"] = figure
    return figures


if __name__ == "__main__":
    found = run()
    print_table(found)
    save(found)
    print(f"written to {RESULTS}")
