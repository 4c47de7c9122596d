"""`nextround import linkedin|csv|json PATH --user EMAIL` and `nextround export --user EMAIL`."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import click
from flask.cli import AppGroup, with_appcontext

from service.errors import DomainError
from service.imports.archive import pack
from service.models import ImportRun, ImportStatus, User

import_cli = AppGroup(
    "import",
    help="Import contacts from LinkedIn's data export, a CSV file, or a Next Round export.",
)


def _user(email: str) -> User:
    from service.auth.services import user_by_email

    try:
        return user_by_email(email)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc


def _run(user: User, filename: str, content: BinaryIO, kind: str) -> None:
    from service.imports.services import import_now

    try:
        run = import_now(user, filename, content, kind)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    _report(run)
    if run.status is not ImportStatus.DONE:
        raise click.ClickException(f"The import failed: {run.error}")


def _report(run: ImportRun) -> None:
    rejected = run.rejected or []
    click.echo(
        f"{run.filename}: {run.created_count} created, {run.updated_count} updated, "
        f"{run.skipped_count} unchanged, {len(rejected)} rejected."
    )
    for row in rejected:
        place = row.get("file") or ""
        if row.get("line"):
            place += f" line {row['line']}"
        click.echo(f"  {place.strip() or '-'}: {row['reason']}")


@contextmanager
def _linkedin_files(path: Path) -> Iterator[tuple[str, BinaryIO]]:
    """A zip or CSV as it is; the CSV files directly in a folder (not below) packed as one zip."""
    if not path.is_dir():
        with path.open("rb") as stream:
            yield path.name, stream
        return
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    if not files:
        raise click.ClickException(
            f"{path.resolve()} holds no CSV files (sub-folders are not searched)."
        )
    folder = path.resolve().name or "export"
    with tempfile.TemporaryFile() as packed:
        pack([(p.name, p) for p in files], packed)
        packed.seek(0)
        yield f"{folder} (folder)", packed


@import_cli.command("linkedin")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--user", "email", required=True, help="The account's e-mail.")
def import_linkedin(path: Path, email: str) -> None:
    """Import LinkedIn's export: the .zip, the folder it unpacks to, or one of its CSV files."""
    user = _user(email)
    with _linkedin_files(path) as (filename, content):
        _run(user, filename, content, "linkedin")


@import_cli.command("csv")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "email", required=True, help="The account's e-mail.")
def import_csv(path: Path, email: str) -> None:
    """Import a contact list from any CSV file, with the columns mapped from their headers."""
    with path.open("rb") as content:
        _run(_user(email), path.name, content, "csv")


@import_cli.command("json")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "email", required=True, help="The account's e-mail.")
def import_json(path: Path, email: str) -> None:
    """Restore a `nextround export` file into an account (safe to repeat)."""
    with path.open("rb") as content:
        _run(_user(email), path.name, content, "nextround")


@click.command("export")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@with_appcontext
def export_cli(email: str, output: Path | None) -> None:
    """Print all of a user's data as JSON (`nextround import json` restores it)."""
    from service.imports.backup import export_user_data

    text = json.dumps(export_user_data(_user(email)), indent=2, ensure_ascii=False)
    if output is None:
        click.echo(text)
    else:
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"Could not write {output}: {exc.strerror}.") from exc
        click.echo(f"Wrote {output}.", err=True)
