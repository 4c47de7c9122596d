"""`nextround alerts list`: each alert with its vacancy, score, reasons and the people it names.

A table by default and JSON with ``--json``; expected errors go to stderr with exit status 1.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import click
from flask.cli import AppGroup

from service.alerts import services
from service.alerts.content import AlertContent, describe
from service.errors import DomainError
from service.models import Alert

alerts_cli = AppGroup("alerts", help="Alerts of new matching vacancies, on every channel.")
ALL = 1_000_000


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def alert_json(alert: Alert, content: AlertContent) -> dict[str, Any]:
    """An alert as the CLI prints it: where it went, its state, and what it says."""
    return {
        "id": alert.id,
        "event_id": alert.event_id,
        "channel": {
            "id": alert.channel_id,
            "kind": alert.channel.kind.value,
            "name": alert.channel.name,
        },
        "status": alert.status.value,
        "attempts": alert.attempts,
        "last_error": alert.last_error,
        "created_at": _when(alert.created_at),
        "sent_at": _when(alert.sent_at),
        "read_at": _when(alert.read_at),
        "vacancy": {
            "id": content.vacancy_id,
            "title": content.title,
            "url": content.posting_url,
            "location": content.location,
            "remote": content.remote,
            "companies": content.companies,
            "link": content.link,
        },
        "score": content.score,
        "reasons": content.reasons,
        "repost": content.repost,
        "people": [
            {
                "id": p.contact_id,
                "name": p.name,
                "role": p.role,
                "decision_maker": p.decision_maker,
                "title": p.title,
                "company": p.company,
                "last_touch_on": p.last_touch_on.isoformat() if p.last_touch_on else None,
            }
            for p in content.people
        ],
        "next_steps": [{"label": s.label, "url": s.url} for s in content.next_steps],
    }


@alerts_cli.command("list")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--unread", is_flag=True, help="Only the in-app alerts not read yet.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def list_alerts(email: str, unread: bool, as_json: bool) -> None:
    """Print a user's alerts, newest first, with the people each one names."""
    from service.auth.services import user_by_email

    try:
        user = user_by_email(email)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    rows, total = services.list_alerts(user, per_page=ALL, unread=unread)
    contents = describe(rows, external=True)
    if as_json:
        data = [alert_json(a, c) for a, c in zip(rows, contents, strict=True)]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if rows:
        click.echo(f"{'id':>6}  {'channel/status':<18}  {'score':>5}  {'title':<40}  company")
    for alert, c in zip(rows, contents, strict=True):
        score = "" if c.score is None else str(c.score)
        where = f"{alert.channel.kind.value}/{alert.status.value}"
        click.echo(f"{alert.id:>6}  {where:<18}  {score:>5}  {c.title[:40]:<40}  {c.company[:24]}")
        if c.reasons:
            click.echo(f"{'':8}why: {'; '.join(c.reasons)}")
        if c.people:
            click.echo(f"{'':8}you know: {c.known_people}")
    click.echo(f"{total} alert(s)")
