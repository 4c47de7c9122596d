"""Logging to stdout, configured once; worker lines carry the RQ job id."""

from __future__ import annotations

import logging
import sys


class JobIdFilter(logging.Filter):
    """Stamp the current RQ job id (or "-") on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        from rq import get_current_job

        try:
            job = get_current_job()
        except Exception:  # no job context (web process, CLI)
            job = None
        record.job_id = job.id if job else "-"
        return True


def configure_logging(level: str = "INFO") -> None:
    """Send every logger to stdout with the job id; safe to call more than once."""
    root = logging.getLogger()
    if any(getattr(h, "_nextround", False) for h in root.handlers):
        root.setLevel(level)
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(JobIdFilter())
    handler.setFormatter(
        logging.Formatter(
            "%(asctime)s %(levelname)s [%(process)d job=%(job_id)s] %(name)s: %(message)s"
        )
    )
    handler._nextround = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
