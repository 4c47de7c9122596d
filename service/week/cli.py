"""`nextround week --user EMAIL [--week 2026-W48] [--format table|md|json|ics]`: the user's
weekly plan, built (ticks kept) and printed; expected errors go to stderr with exit status 1."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext

from service.clock import utcnow
from service.errors import DomainError
from service.models import ItemState
from service.week import export, plans


@click.command("week")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--week", "label", help="An ISO week such as 2026-W48 (default: this week).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "md", "json", "ics"]),
    default="table",
    show_default=True,
)
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@with_appcontext
def week_command(email: str, label: str | None, fmt: str, as_json: bool) -> None:
    """Build and print a user's weekly plan (re-planning keeps ticks)."""
    from service.auth.services import user_by_email

    try:
        user = user_by_email(email)
        plan = plans.build_week(user, utcnow(), label)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    fmt = "json" if as_json else fmt
    if fmt == "json":
        click.echo(json.dumps(export.to_json(plan), indent=2, ensure_ascii=False))
    elif fmt == "md":
        click.echo(export.to_markdown(plan), nl=False)
    elif fmt == "ics":
        sys.stdout.buffer.write(export.to_ics(user, plan))
        sys.stdout.flush()
    else:
        for i in plan.items:
            box = "x" if i.ticked_at else ("-" if i.state is ItemState.DROPPED else " ")
            click.echo(f"[{box}] {i.due.isoformat()}  {i.kind:<8} {i.title[:60]:<60}  {i.why}")
        click.echo(f"{len(plan.items)} item(s) in {plan.week}.")
