"""`nextround watches …`, `nextround vacancies list`, `nextround poll`, `nextround tick`.

A table by default and JSON with ``--json``, like ``contacts list``; expected errors go to
stderr with exit status 1.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

import click
import sqlalchemy as sa
from flask.cli import AppGroup, with_appcontext
from rq.job import Job, JobStatus

from service.clock import utcnow
from service.errors import DomainError
from service.extensions import db
from service.models import Poll, Source, User, Vacancy, VacancyEvent
from service.queue import QueueUnavailable, redis_connection
from service.watch import services
from service.watch.discovery import discover_for_user
from service.watch.services import Listed, WatchState

watches_cli = AppGroup("watches", help="Watched job boards.")
vacancies_cli = AppGroup("vacancies", help="Vacancies of the watched boards.")
WAIT_SECONDS = 300


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _user(email: str) -> User:
    from service.auth.services import user_by_email

    return user_by_email(email)


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def watch_json(state: WatchState) -> dict[str, Any]:
    """A watch with its state, as the CLI prints it."""
    source = state.source
    return {
        "id": state.watch.id,
        "company": state.watch.company.name,
        "source_id": source.id,
        "ats": source.ats,
        "token": source.token,
        "url": source.url,
        "state": state.state,
        "last_checked_at": _when(source.last_checked_at),
        "next_check_at": None if source.demo else _when(source.next_due_at),
        "demo": source.demo,
        "open_postings": state.open_postings,
        "last_error": source.last_error,
    }


def vacancy_json(listed: Listed) -> dict[str, Any]:
    """A vacancy as the CLI prints it."""
    v = listed.vacancy
    return {
        "id": v.id,
        "company": listed.company,
        "external_id": v.external_id,
        "title": v.title,
        "url": v.url,
        "location": v.location,
        "remote": v.remote,
        "department": v.department,
        "employment_type": v.employment_type,
        "status": v.status.value,
        "first_seen_at": _when(v.first_seen_at),
        "last_seen_at": _when(v.last_seen_at),
        "closed_at": _when(v.closed_at),
        "repost_of": v.repost_of_id,
    }


@watches_cli.command("add")
@click.argument("url")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--company", required=True, help="The company the board belongs to.")
@click.option("--ats", help="Read URL as this board kind instead of detecting it.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def add_command(url: str, email: str, company: str, ats: str | None, as_json: bool) -> None:
    """Watch the job board behind URL (a careers page, a board or its API)."""
    try:
        user = _user(email)
        watch = services.add_watch(user, url, company, ats=ats)
        state = next(s for s in services.list_watches(user) if s.watch.id == watch.id)
    except DomainError as exc:
        _fail(exc.message)
    _print_watches([state], as_json)


@watches_cli.command("list")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def list_command(email: str, as_json: bool) -> None:
    """Print a user's watches with their state."""
    try:
        states = services.list_watches(_user(email))
    except DomainError as exc:
        _fail(exc.message)
    _print_watches(states, as_json)
    if not as_json:
        click.echo(f"{len(states)} watch(es)")


def _print_watches(states: list[WatchState], as_json: bool) -> None:
    rows = [watch_json(s) for s in states]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rows:
        checked = r["last_checked_at"] or "never"
        line = f"{r['id']:>5}  {r['company'][:24]:<24}  {r['ats']:<15}  {r['state']:<7}  "
        upcoming = "never (demo board)" if r["demo"] else r["next_check_at"]
        line += f"open: {r['open_postings']:>4}  checked: {checked}  next: {upcoming}"
        click.echo(line + (f"\n       {r['last_error']}" if r["last_error"] else ""))


@watches_cli.command("discover")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--company", help="Only this company (else every past employer not watched).")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def discover_command(email: str, company: str | None, as_json: bool) -> None:
    """Ask the known job boards for the boards of the user's past employers."""
    try:
        results = discover_for_user(_user(email), company)
    except DomainError as exc:
        _fail(exc.message)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False))
        return
    for r in results:
        for f in r.found:
            line = f"{r.name[:24]:<24}  {f['kind']:<15}  {f['token'][:30]:<30}  "
            click.echo(line + f"postings: {f['postings']:>4}  {f['api_url']}")
        if not r.found:
            click.echo(f"{r.name[:24]:<24}  {r.error or 'nothing answered'}")
    found = sum(len(r.found) for r in results)
    click.echo(f"{found} board(s) found for {len(results)} company(ies)")


@vacancies_cli.command("list")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--status", type=click.Choice(["new", "open", "closed"]), help="Only these.")
@click.option("--company", help="Only this company's vacancies.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def vacancies_command(email: str, status: str | None, company: str | None, as_json: bool) -> None:
    """Print the vacancies of a user's watched boards, newest first."""
    try:
        listed = services.list_vacancies(_user(email), status=status, company=company)
    except DomainError as exc:
        _fail(exc.message)
    rows = [vacancy_json(item) for item in listed]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rows:
        where = r["location"] or ""
        click.echo(
            f"{r['id']:>6}  {r['company'][:20]:<20}  {r['title'][:40]:<40}  "
            f"{where[:20]:<20}  {r['status']:<6}  seen: {r['first_seen_at']}"
        )
    click.echo(f"{len(rows)} vacancy(ies)")


@click.command("poll")
@click.option("--source", "source_id", type=int, required=True, help="The source's id.")
@click.option("--now", is_flag=True, required=True, help="Queue its poll now.")
@click.option("--wait", is_flag=True, help="Wait for the poll and print what changed.")
@with_appcontext
def poll_command(source_id: int, now: bool, wait: bool) -> None:
    """Poll a source now (queued once however often asked); --wait prints what it found."""
    since = utcnow()
    try:
        job = services.queue_poll(source_id)
    except (DomainError, QueueUnavailable) as exc:
        _fail(exc.message if isinstance(exc, DomainError) else str(exc))
    click.echo(f"Poll of source {source_id} {'queued' if job else 'was already queued'}.")
    if wait:
        _wait_for(source_id, since)


def _wait_for(source_id: int, since: datetime) -> None:
    """Wait until the source has a poll that started after ``since``; print it."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        poll = _latest_poll(source_id, since)
        if poll is not None:
            _print_poll(poll)
            return
        db.session.rollback()  # hold no transaction (on SQLite, the write lock) while waiting
        if _job_failed(services.poll_job_id(source_id)):
            _fail("the poll failed with an unexpected error; it will be retried (see the worker)")
        time.sleep(0.2)
    _fail(f"no poll finished within {WAIT_SECONDS} s: is a worker running (python -m workers)?")


def _latest_poll(source_id: int, since: datetime) -> Poll | None:
    query = (
        sa.select(Poll)
        .where(Poll.source_id == source_id, Poll.started_at >= since)
        .order_by(Poll.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def _job_failed(job_id: str) -> bool:
    try:
        job = Job.fetch(job_id, connection=redis_connection())
    except Exception:
        return False
    return job.get_status(refresh=False) is JobStatus.FAILED and not job.retries_left


def _print_poll(poll: Poll) -> None:
    source = db.session.get(Source, poll.source_id)
    click.echo(
        f"{poll.outcome}: {poll.new_count} new, {poll.changed_count} changed, "
        f"{poll.closed_count} closed, {poll.reopened_count} reopened"
    )
    if poll.error:
        click.echo(f"error: {poll.error}")
    if source is not None:
        click.echo(f"next check: {_when(source.next_due_at)}")
    for vacancy in _changed_vacancies(poll):
        click.echo(f"  {vacancy.title}  ({vacancy.location or 'no location'})  {vacancy.url}")


def _changed_vacancies(poll: Poll) -> list[Vacancy]:
    query = (
        sa.select(Vacancy)
        .join(VacancyEvent, VacancyEvent.vacancy_id == Vacancy.id)
        .where(Vacancy.source_id == poll.source_id, VacancyEvent.at == poll.finished_at)
        .distinct()
    )
    return list(db.session.scalars(query))


@click.command("tick")
@with_appcontext
def tick_command() -> None:
    """Claim the due sources and queue their polls once (python -m workers.tick loops)."""
    from service.alerts.sweep import sweep
    from service.watch.schedule import tick

    click.echo(f"{tick()} poll(s) queued.")
    click.echo(f"{sweep()} alert delivery(ies) queued.")
