"""`nextround applications add|stage|list`: a table by default and JSON with ``--json``;
expected errors go to stderr with exit status 1."""

from __future__ import annotations

import json
from datetime import date, datetime

import click
from flask.cli import AppGroup

from service.applications import services
from service.applications.output import application_json
from service.clock import today
from service.errors import DomainError
from service.extensions import db
from service.ids import in_range
from service.models import Application, ApplicationSource, StageKind, User

applications_cli = AppGroup("applications", help="Applications and their stages.")


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _user(email: str) -> User:
    from service.auth.services import user_by_email

    return user_by_email(email)


def _print(applications: list[Application], as_json: bool) -> None:
    if as_json:
        rows = [application_json(a) for a in applications]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for a in applications:
        latest = a.stages[-1].occurred_on.isoformat() if a.stages else ""
        click.echo(
            f"{a.id:>6}  {a.company.name[:24]:<24}  {a.role[:32]:<32}  "
            f"{a.stage.value:<10}  {latest}  {a.next_step[:30]}"
        )


@applications_cli.command("add")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--company", required=True, help="The company (found by name or added).")
@click.option("--role", required=True, help="The role applied for.")
@click.option(
    "--source",
    type=click.Choice([s.value for s in ApplicationSource]),
    default=ApplicationSource.DIRECT.value,
    show_default=True,
    help="How it came.",
)
@click.option("--headhunter", "headhunter_id", type=int, help="The headhunter's contact id.")
@click.option("--contact", "contact_ids", type=int, multiple=True, help="A person involved.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def add_command(
    email: str,
    company: str,
    role: str,
    source: str,
    headhunter_id: int | None,
    contact_ids: tuple[int, ...],
    as_json: bool,
) -> None:
    """Add an application (its "applied" stage is today, with the people given)."""
    data = {"company": company, "role": role, "source": source, "headhunter_id": headhunter_id}
    try:
        application = services.create_application(_user(email), data, contact_ids=contact_ids)
    except DomainError as exc:
        _fail(_explain(exc))
    _print([application], as_json)


@applications_cli.command("stage")
@click.argument("application_id", type=int)
@click.argument("stage", type=click.Choice([k.value for k in StageKind]))
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD (today).")
@click.option("--contact", "contact_ids", type=int, multiple=True, help="A person met.")
@click.option("--round", "number", type=int, help="The interview round.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def stage_command(
    application_id: int,
    stage: str,
    day: datetime | None,
    contact_ids: tuple[int, ...],
    number: int | None,
    as_json: bool,
) -> None:
    """Log a stage on an application; "rejected" starts the playbook."""
    application = db.session.get(Application, application_id) if in_range(application_id) else None
    user = db.session.get(User, application.user_id) if application else None
    if application is None or user is None:
        _fail("No such application.")
        return
    occurred_on: date = day.date() if day else today()
    data = {
        "kind": stage,
        "occurred_on": occurred_on,
        "contact_ids": list(contact_ids),
        "round": number,
    }
    try:
        services.log_stage(user, application.id, data)
    except DomainError as exc:
        _fail(_explain(exc))
    _print([application], as_json)


@applications_cli.command("list")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--stage", type=click.Choice([k.value for k in StageKind]), help="Only these.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def list_command(email: str, stage: str | None, as_json: bool) -> None:
    """Print a user's applications, the most recently changed first."""
    try:
        applications = services.list_applications(_user(email), StageKind(stage) if stage else None)
    except DomainError as exc:
        _fail(exc.message)
    _print(applications, as_json)
    if not as_json:
        click.echo(f"{len(applications)} application(s)")


def _explain(exc: DomainError) -> str:
    """The message with the fields it names, as a terminal has no form to point at."""
    details = exc.details if isinstance(exc.details, dict) else {}
    fields = "; ".join(f"{k}: {v}" for k, v in details.items())
    return f"{exc.message} ({fields})" if fields else exc.message
