"""Helpers for the benchmarks: a throw-away app, Redis and database, results on disk."""

from __future__ import annotations

import json
import os
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / ".bench" / "results.json"


def result(
    value: float, unit: str, baseline: float, *, higher_is_better: bool = True
) -> dict[str, Any]:
    """One figure with its baseline; ratio = value / baseline."""
    ratio = value / baseline if baseline else float("nan")
    return {
        "value": round(value, 3),
        "unit": unit,
        "baseline": round(baseline, 3),
        "ratio": round(ratio, 3),
        "higher_is_better": higher_is_better,
    }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


def save(results: dict[str, dict[str, Any]]) -> None:
    """Merge ``results`` into .bench/results.json."""
    RESULTS.parent.mkdir(exist_ok=True)
    current = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    current.update(results)
    RESULTS.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")


@contextmanager
def workspace() -> Iterator[tuple[Path, str]]:
    """A temporary folder and a Redis URL (REDIS_URL, or an embedded server in the folder)."""
    from service.embedded_redis import EmbeddedRedis

    with tempfile.TemporaryDirectory(prefix="nextround-bench-") as folder:
        path = Path(folder)
        if os.environ.get("REDIS_URL"):
            yield path, os.environ["REDIS_URL"]
        else:
            with EmbeddedRedis(path / "redis") as url:
                yield path, url


def print_table(results: dict[str, dict[str, Any]]) -> None:
    for name, r in results.items():
        figure = f"{r['value']:>12,.3f} {r['unit']:<12}"
        print(f"  {name:<44} {figure} baseline {r['baseline']:>12,.3f}  ratio {r['ratio']:.3f}")
