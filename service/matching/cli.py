"""`nextround profiles add/list` and `nextround matches list`.

A table by default and JSON with ``--json``, like ``contacts list``; expected errors go to
stderr with exit status 1.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import click
from flask.cli import AppGroup

from service.errors import DomainError
from service.matching import feed, profiles
from service.models import TargetProfile, User

profiles_cli = AppGroup("profiles", help="Target profiles: the jobs a user wants.")
matches_cli = AppGroup("matches", help="Vacancies scored against a user's profiles.")
ALL = 1_000_000


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _user(email: str) -> User:
    from service.auth.services import user_by_email

    return user_by_email(email)


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def _echo_json(rows: Any) -> None:
    click.echo(json.dumps(rows, indent=2, ensure_ascii=False))


def profile_json(profile: TargetProfile) -> dict[str, Any]:
    """A target profile as the CLI prints it."""
    return {
        "id": profile.id,
        **profiles.profile_fields(profile),
        "created_at": _when(profile.created_at),
        "updated_at": _when(profile.updated_at),
    }


def match_json(item: feed.FeedItem) -> dict[str, Any]:
    """A match with its vacancy, company and the people known there, as the CLI prints it."""
    m, v = item.match, item.vacancy
    return {
        "id": m.id,
        "state": m.state.value,
        "score": m.score,
        "matched": m.matched,
        "reasons": list(m.reasons),
        "profile": m.profile.name if m.profile else None,
        "repost": m.repost,
        "baseline": m.baseline,
        "vacancy": {
            "id": v.id,
            "title": v.title,
            "url": v.url,
            "location": v.location,
            "remote": v.remote,
            "status": v.status.value,
        },
        "company": item.company.name if item.company else None,
        "people": [
            {"id": c.id, "name": c.name, "role": c.role.value, "title": c.title}
            for c in item.people
        ],
        "found_at": _when(m.created_at),
    }


@profiles_cli.command("add")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--name", required=True, help="What to call the profile.")
@click.option("--title", "titles", multiple=True, required=True, help="A wanted job title.")
@click.option("--keyword", "keywords", multiple=True, help="A word or phrase that adds points.")
@click.option("--exclude", "excluded", multiple=True, help="A word that rules a vacancy out.")
@click.option("--location", "locations", multiple=True, help="A place (none: anywhere).")
@click.option("--remote", is_flag=True, help="Remote postings are welcome wherever they are.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def add_profile(
    email: str,
    name: str,
    titles: tuple[str, ...],
    keywords: tuple[str, ...],
    excluded: tuple[str, ...],
    locations: tuple[str, ...],
    remote: bool,
    as_json: bool,
) -> None:
    """Add a target profile; the user's open vacancies are then re-scored."""
    fields = {
        "name": name,
        "titles": list(titles),
        "keywords": list(keywords),
        "excluded": list(excluded),
        "locations": list(locations),
        "remote": remote,
    }
    try:
        user = _user(email)
        profile = profiles.create_profile(user, fields, rescore=False)
    except DomainError as exc:
        _fail(_with_details(exc))
    queued = profiles.queue_rescore(user.id)
    _print_profiles([profile], as_json)
    if not queued:
        click.echo(
            "Re-score not queued: the job queue is not reachable; "
            "the profile applies to vacancies found from now on.",
            err=True,
        )


def _with_details(exc: DomainError) -> str:
    """The message and, for a refused field, which one and why."""
    if not isinstance(exc.details, dict) or not exc.details:
        return exc.message
    parts = [f"{field}: {why}" for field, why in exc.details.items()]
    return f"{exc.message} ({'; '.join(parts)})"


@profiles_cli.command("list")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def list_profiles(email: str, as_json: bool) -> None:
    """Print a user's target profiles."""
    try:
        rows = profiles.list_profiles(_user(email))
    except DomainError as exc:
        _fail(exc.message)
    _print_profiles(rows, as_json)
    if not as_json:
        click.echo(f"{len(rows)} profile(s)")


def _print_profiles(rows: list[TargetProfile], as_json: bool) -> None:
    if as_json:
        _echo_json([profile_json(p) for p in rows])
        return
    if rows:
        click.echo(f"{'id':>6}  {'name':<24}  {'titles':<40}  where")
    for p in rows:
        where = ", ".join(p.locations) or "anywhere"
        if p.remote:
            where += " + remote"
        titles = ", ".join(p.titles)
        off = "" if p.active else "  (off)"
        click.echo(f"{p.id:>6}  {p.name[:24]:<24}  {titles[:40]:<40}  {where[:30]}{off}")


@matches_cli.command("list")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option(
    "--status",
    type=click.Choice(feed.TABS),
    default="new",
    show_default=True,
    help="Which tab of the feed.",
)
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def list_matches(email: str, status: str, as_json: bool) -> None:
    """Print a user's matches (newest first) with score, reasons and the people known there."""
    try:
        user = _user(email)
    except DomainError as exc:
        _fail(exc.message)
    page = feed.list_matches(user, feed.MatchFilter(status), per_page=ALL)
    if as_json:
        _echo_json([match_json(item) for item in page.items])
        return
    if page.items:
        click.echo(f"{'id':>6}  {'score':>5}  {'title':<40}  company")
    for item in page.items:
        m = item.match
        company = item.company.name if item.company else ""
        click.echo(f"{m.id:>6}  {m.score:>5}  {item.vacancy.title[:40]:<40}  {company[:24]}")
        if m.reasons:
            click.echo(f"{'':15}why: {'; '.join(m.reasons)}")
        if item.people:
            known = ", ".join(f"{c.name} ({c.role.label})" for c in item.people[:5])
            click.echo(f"{'':15}you know: {known}")
    click.echo(f"{page.total} {status} match(es)")
