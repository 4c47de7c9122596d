"""`nextround demo`: play the demo once and print what it made, the login and where to look."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from service.demo.services import DEMO_EMAIL, DemoRun, run_demo, schema_ready
from service.errors import DomainError
from service.models import CompanyRelation


@click.command("demo")
@click.option("--email", default=DEMO_EMAIL, show_default=True, help="The demo account's e-mail.")
@with_appcontext
def demo_command(email: str) -> None:
    """Make (or reset) a demo account, watch sample boards served on loopback, and show an alert.

    Offline and safe to repeat: each run resets the demo account with a new password. The
    demo's boards live only while this command runs, so they are marked Demo and never polled
    by the scheduler.
    """
    if not schema_ready():
        raise click.ClickException(
            "The database is not set up or not up to date: run `nextround db upgrade` first "
            "(`make demo` does)."
        )
    try:
        run = run_demo(email)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    _print(run)


def _print(run: DemoRun) -> None:
    echo = click.echo
    echo(f"Demo account {'reset' if run.reset else 'created'}: {run.email}")
    echo(f"  password: {run.password}   (shown this once; run the demo again for a new one)")
    echo("")
    echo("Created:")
    companies = ", ".join(f"{c.name} ({c.relation.label.lower()})" for c in run.companies)
    echo(f"  {len(run.companies)} companies: {companies}")
    echo(f"  {len(run.contacts)} contacts with {run.touches} touches; the decision makers:")
    for c in run.decision_makers:
        company = c.company.name if c.company else "no company"
        echo(f"    {c.name}, {c.title} at {company} ({c.role.label.lower()})")
    if run.profile is not None:
        p = run.profile
        where = "remote, or " + ", ".join(p.locations) if p.remote else ", ".join(p.locations)
        echo(f"  target profile {p.name!r}: {'; '.join(p.titles)} ({where})")
    echo("")
    echo(f"Job boards served on {run.origin} while the demo ran (watched, marked Demo):")
    for b in run.boards:
        relation = CompanyRelation(b.relation).label.lower()
        echo(
            f"  {b.company:<20} {b.ats:<10} {b.postings} postings, {b.matches} matching "
            f"on the first read ({relation})"
        )
    echo("  The first read of a board is its baseline: matches are shown, never alerted.")
    echo("")
    for title in run.arrived:
        echo(f"Then a new posting appeared and was polled: {title}")
    for a in run.alerts:
        echo(f"In-app alert: {a.title} at {a.company} (score {a.score})")
        echo(f"  why: {'; '.join(a.reasons)}")
        if a.people:
            echo(f"  you know: {a.known_people}")
    if not run.alerts:
        echo("No alert was written: the demo data no longer matches its profile.")
    echo("")
    echo(f"Open {run.alerts_url} (with `make run` running) and sign in as {run.email}")
    echo(f"with the password above; the login page is {run.login_url}")
