"""RQ jobs: short orchestrators that take ids and call service functions.

Unexpected errors are not caught here: the job fails and RQ retries it. Expected outcomes
are saved on the rows by the service functions themselves.
"""

from __future__ import annotations

import logging

from service.imports import services as imports

log = logging.getLogger(__name__)


def run_import(run_id: int) -> dict[str, int]:
    """Apply a queued import; safe to run twice (imports are idempotent)."""
    run = imports.run_import(run_id)
    log.info(
        "import %s finished: %s created, %s updated", run_id, run.created_count, run.updated_count
    )
    return {
        "created": run.created_count,
        "updated": run.updated_count,
        "skipped": run.skipped_count,
    }
