"""The tick is started wherever workers are: `make run` (the launcher) and the Procfile."""

from __future__ import annotations

import sys
from pathlib import Path

from service.launcher import _children

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_starts_the_tick_beside_the_web_and_a_worker() -> None:
    children = _children("127.0.0.1", 5000, 2)
    assert [sys.executable, "-m", "workers.tick"] in children
    assert [sys.executable, "-m", "workers"] in children


def test_the_procfile_has_a_scheduler_running_the_tick() -> None:
    lines = (ROOT / "Procfile").read_text().splitlines()
    assert "scheduler: python -m workers.tick" in lines
