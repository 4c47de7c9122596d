"""`python -m workers.tick`: claim due sources and queue their polls, every few seconds;
queue again the matching of complete polls left unmatched (a job lost with Redis); then sweep
the alerts outbox (digests whose hour has come, retries due, leases run out).

``--once`` ticks once and exits. Any number of ticks may run: each due source is claimed by
one of them (see service/watch/schedule.py).
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from typing import Any

from flask import Flask

from service import create_app
from service.alerts.sweep import sweep
from service.extensions import db
from service.matching.runs import requeue_unmatched_polls
from service.watch.schedule import tick
from service.week.digest import schedule as schedule_weeks

log = logging.getLogger("workers.tick")


def run(app: Flask, *, once: bool, interval: float, stop: threading.Event) -> int:
    """Tick until ``stop`` is set (once with ``once``); the number of polls queued."""
    queued = 0
    with app.app_context():
        while True:
            try:
                queued += tick()
                requeue_unmatched_polls()
                sweep()
                schedule_weeks()
            except Exception:
                db.session.rollback()
                if once:
                    raise
                log.exception("tick failed; trying again in %s s", interval)
            finally:
                db.session.remove()
            if once or stop.wait(interval):
                return queued


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m workers.tick", description=__doc__)
    parser.add_argument("--once", action="store_true", help="tick once and exit")
    parser.add_argument("--interval", type=float, help="seconds between ticks (default: config)")
    args = parser.parse_args(argv)
    app = create_app()
    stop = threading.Event()

    def _stop(_signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    interval = args.interval or app.config["TICK_INTERVAL_SECONDS"]
    queued = run(app, once=args.once, interval=interval, stop=stop)
    log.info("tick stopped after queueing %s polls", queued)


if __name__ == "__main__":
    main()
