"""The `nextround` command group (a Flask CLI over ``create_app``)."""

from __future__ import annotations

import json
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from service.errors import DomainError

users_cli = AppGroup("users", help="Accounts.")
tokens_cli = AppGroup("tokens", help="API tokens.")
contacts_cli = AppGroup("contacts", help="The contact book.")


def _read_password(from_stdin: bool, prompt: str) -> str:
    """One line of standard input, or a hidden prompt asked twice."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt(prompt, hide_input=True, confirmation_prompt=True))


def _fail(exc: DomainError) -> None:
    raise click.ClickException(exc.message)


@users_cli.command("create")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email: str, password_stdin: bool) -> None:
    """Create an account (the password is asked for, or read from stdin)."""
    from service.auth.services import create_user as create

    try:
        user = create(email, _read_password(password_stdin, "Password"))
    except DomainError as exc:
        _fail(exc)
    click.echo(f"Created account {user.email} (id {user.id}).")


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password(email: str, password_stdin: bool) -> None:
    """Set a new password (for a forgotten one); every session of the account is signed out."""
    from service.auth.services import reset_password, user_by_email

    try:
        reset_password(user_by_email(email), _read_password(password_stdin, "New password"))
    except DomainError as exc:
        _fail(exc)
    click.echo(f"Password changed for {email}; its sessions were signed out.")


@tokens_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for.")
def create_token(email: str, name: str) -> None:
    """Create an API token and print its secret (shown this once only)."""
    from service.auth.services import user_by_email
    from service.auth.tokens import create_token as create

    try:
        _token, plaintext = create(user_by_email(email), name)
    except DomainError as exc:
        _fail(exc)
    click.echo(plaintext)


@contacts_cli.command("list")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@click.option("--due", type=click.Choice(["week", "overdue"]), help="Only who is due.")
def list_contacts(email: str, as_json: bool, due: str | None) -> None:
    """Print a user's contacts."""
    from service.api.common import contact_json
    from service.auth.services import user_by_email
    from service.contacts.services import ContactFilter, list_contacts

    try:
        user = user_by_email(email)
    except DomainError as exc:
        _fail(exc)
    page = list_contacts(user, ContactFilter(due=due), per_page=1_000_000)
    if as_json:
        click.echo(json.dumps([contact_json(c) for c in page.items], indent=2, ensure_ascii=False))
        return
    for c in page.items:
        due_on = c.next_due_on.isoformat() if c.next_due_on else "no tier"
        company = c.company.name if c.company else ""
        click.echo(f"{c.id:>6}  {c.name[:30]:<30}  {company[:24]:<24}  due: {due_on}")
    click.echo(f"{page.total} contact(s)")


@click.command("serve")
@with_appcontext
def run_command() -> None:
    """Migrate, start Redis (embedded unless REDIS_URL is set), the web, a worker and the tick."""
    from config import launcher_settings
    from service.launcher import run_everything

    settings = launcher_settings()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    code = run_everything(
        app,
        settings["host"],
        settings["port"],
        settings["web_workers"],
        embedded=app.config["EMBEDDED_REDIS"],
    )
    sys.exit(code)


def register(app: Flask) -> None:
    """Attach every command group to ``app.cli``."""
    from service.alerts.cli import alerts_cli
    from service.applications.cli import applications_cli
    from service.boards.cli import boards_cli
    from service.demo.cli import demo_command
    from service.drafting.cli import (
        about_command,
        draft_command,
        draft_examples_command,
        draft_template_command,
    )
    from service.imports.cli import export_cli, import_cli
    from service.matching.cli import matches_cli, profiles_cli
    from service.watch.cli import poll_command, tick_command, vacancies_cli, watches_cli
    from service.week.cli import week_command

    for command in (
        users_cli,
        tokens_cli,
        contacts_cli,
        applications_cli,
        week_command,
        run_command,
        demo_command,
        boards_cli,
        import_cli,
        export_cli,
        watches_cli,
        vacancies_cli,
        poll_command,
        tick_command,
        profiles_cli,
        matches_cli,
        alerts_cli,
        draft_command,
        draft_examples_command,
        about_command,
        draft_template_command,
    ):
        app.cli.add_command(command)


def main() -> None:
    """The `nextround` console script."""
    from flask.cli import routes_command, shell_command

    from config import cli_log_level
    from service import create_app

    cli = FlaskGroup(
        create_app=lambda: create_app({"LOG_LEVEL": cli_log_level()}),
        add_default_commands=False,
        add_version_option=False,
        help="Next Round: the people you met, the companies that matter, their job boards.",
    )
    cli.add_command(shell_command)
    cli.add_command(routes_command)
    cli.main(prog_name="nextround")
