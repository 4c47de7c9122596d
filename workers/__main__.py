"""`python -m workers`: run an RQ worker for Next Round (with the retry scheduler)."""

from __future__ import annotations

import argparse

from service import create_app
from workers.worker import run_worker


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m workers", description=__doc__)
    parser.add_argument("--burst", action="store_true", help="quit when the queue is empty")
    parser.add_argument("--name", help="worker name (default: RQ's own)")
    args = parser.parse_args(argv)
    app = create_app()
    with app.app_context():
        run_worker(app, name=args.name, burst=args.burst)


if __name__ == "__main__":
    main()
