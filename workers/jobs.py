"""RQ jobs: short orchestrators that take ids and call service functions.

Unexpected errors are not caught here: the job fails and RQ retries it. Expected outcomes
are saved on the rows by the service functions themselves.
"""

from __future__ import annotations

import logging

from service.alerts import delivery, digests
from service.alerts import services as alerts
from service.drafting import services as drafting
from service.imports import services as imports
from service.matching import runs as matching
from service.watch import discovery, poll

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


def poll_source(source_id: int) -> dict[str, int | str] | None:
    """Poll one source's board and store what changed; safe to run twice."""
    done = poll.poll_source(source_id)
    if done is None:
        return None
    return {
        "outcome": done.outcome,
        "new": done.new_count,
        "changed": done.changed_count,
        "closed": done.closed_count,
        "reopened": done.reopened_count,
    }


def discover_boards(user_id: int) -> dict[str, int] | None:
    """Look for the boards of a user's past employers; safe to run twice (the run is claimed)."""
    run = discovery.run_discovery(user_id)
    if run is None:
        return None
    return {"companies": len(run.results), "found": sum(len(r["found"]) for r in run.results)}


def match_poll(poll_id: int) -> dict[str, int] | None:
    """Score what a poll found for its board's watchers and alert the new matches; safe twice."""
    run = matching.match_poll(poll_id)
    if run is None:
        return None
    return {"scored": run.scored, "matched": run.matched, "alerts": len(run.alerts)}


def rescore_matches(user_id: int) -> dict[str, int]:
    """Score a user's open vacancies again after a profile or settings change (no alerts)."""
    run = matching.rescore_user(user_id)
    return {"scored": run.scored, "matched": run.matched}


def deliver_alert(alert_id: int) -> str | None:
    """Send one alert once (claimed with a lease); failures are saved on it and retried."""
    status = delivery.deliver_alert(alert_id)
    return status.value if status else None


def deliver_digest(digest_id: int) -> str | None:
    """Send one daily or weekly digest once (claimed with a lease)."""
    status = digests.deliver_digest(digest_id)
    return status.value if status else None


def build_week(user_id: int, week: str) -> bool:
    """Build a user's weekly plan and send its digest once (claimed by its sent_at)."""
    from service.week.digest import build_and_deliver

    return build_and_deliver(user_id, week)


def test_channel(channel_id: int) -> str | None:
    """Send a channel's test message; the result is saved on the channel."""
    return alerts.run_test(channel_id)


def write_draft_with_llm(draft_id: int) -> str | None:
    """Ask the LLM for a queued draft; its failures fall back to the template text (saved)."""
    return drafting.write_queued_draft(draft_id)
