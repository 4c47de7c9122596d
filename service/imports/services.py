"""Imports: check an upload can be read, keep it on disk for its ImportRun, apply it in batches.

An upload is copied to the upload folder in chunks (``service/imports/uploads.py``), then read
through before anything is written, so an unreadable file changes nothing; the request's
transaction is ended before that reading, as on SQLite it holds the write lock. A generic CSV
waits in status MAPPING for its column mapping. Otherwise the run is committed as QUEUED and
then applied (``runner.run_import``): small runs (``IMPORT_INLINE_MAX_ROWS``) right away,
larger ones by the ``workers.jobs.run_import`` job, enqueued only after the commit under the
stable job id ``import-<run id>`` so that a run is never waiting in the queue twice.

The uploaded file is removed once a run is DONE. A FAILED run keeps it, since "Start it
again" re-reads it; it goes when a later attempt succeeds.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, BinaryIO

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import defer

from service.clock import utcnow
from service.contacts.services import chosen_tier
from service.errors import NotFound, ValidationFailed
from service.extensions import db
from service.imports import backup, csv_generic, linkedin, uploads
from service.imports.archive import is_zip, pack
from service.imports.csvfiles import UnreadableFile
from service.imports.runner import count_linkedin, get_run_by_id, run_import
from service.models import ImportRun, ImportStatus, User
from service.queue import JOB_TIMEOUT, enqueue_once

__all__ = [
    "count_runs",
    "detect_kind",
    "discard",
    "get_run",
    "get_run_by_id",
    "import_now",
    "list_runs",
    "rejected_counts",
    "retry_import",
    "run_import",
    "set_mapping",
    "start_import",
    "start_upload",
]

log = logging.getLogger(__name__)

KINDS = ("linkedin", "csv", "nextround")
# a RUNNING run without progress for longer than a job may run has lost its worker
STUCK_AFTER = timedelta(seconds=JOB_TIMEOUT + 300)
RETRYABLE = (ImportStatus.QUEUED, ImportStatus.FAILED)  # QUEUED: Redis was down at the upload


@dataclass(frozen=True)
class Stored:
    """An upload already in the upload folder, by its stored name."""

    name: str


Upload = bytes | BinaryIO  # the file's bytes, or a binary stream such as a spooled upload
Content = Upload | Stored


def get_run(user: User, run_id: int) -> ImportRun:
    """The user's import run; someone else's id is simply not found."""
    run = db.session.get(ImportRun, run_id)
    if run is None or run.user_id != user.id:
        raise NotFound("No such import.")
    return run


def list_runs(user: User, *, offset: int = 0, limit: int = 50) -> list[ImportRun]:
    """A page of the user's imports, newest first, without their upload and rejected rows.

    Reading ``rejected`` on a listed run loads it with a query of its own; count them with
    ``rejected_counts`` instead.
    """
    query = (
        sa.select(ImportRun)
        .where(ImportRun.user_id == user.id)
        .options(defer(ImportRun.rejected))
        .order_by(ImportRun.created_at.desc(), ImportRun.id.desc())
        .offset(max(0, offset))
        .limit(max(0, limit))
    )
    return list(db.session.scalars(query))


def count_runs(user: User) -> int:
    """How many imports the user has (for paging ``list_runs``)."""
    query = sa.select(sa.func.count()).select_from(ImportRun).where(ImportRun.user_id == user.id)
    return db.session.scalar(query) or 0


def rejected_counts(runs: Sequence[ImportRun]) -> dict[int, int]:
    """How many rows each run rejected, counted by the database (the lists stay unloaded)."""
    if not runs:
        return {}
    length = sa.func.json_array_length(ImportRun.rejected)
    query = sa.select(ImportRun.id, length).where(ImportRun.id.in_([r.id for r in runs]))
    return {run_id: int(n or 0) for run_id, n in db.session.execute(query)}


def detect_kind(filename: str, data: bytes | Path) -> str:
    """``nextround`` (an export .json), ``linkedin`` (the .zip or one of its files) or ``csv``."""
    if isinstance(data, Path):
        with data.open("rb") as stream:
            start = stream.read(64)
    else:
        start = data[:64]
    head = start.lstrip(b"\xef\xbb\xbf \t\r\n")
    if filename.lower().endswith(".json") or head.startswith(b"{"):
        return "nextround"
    if filename.lower().endswith(".zip") or is_zip(start):
        return "linkedin"
    try:
        found = linkedin.identify(filename, data)
    except UnreadableFile as exc:
        raise _unreadable(exc) from exc
    return "linkedin" if found else "csv"


def _unreadable(exc: UnreadableFile) -> ValidationFailed:
    return ValidationFailed(f"{exc.filename}: {exc.message}", {"file": exc.message})


def _prepare(user_id: int, filename: str, upload: str, kind: str | None) -> ImportRun:
    """Read a stored upload through and build its run (not yet added); raise if unreadable.

    No transaction is open meanwhile (on SQLite it would hold the write lock while a large
    upload is read); the run is then written in a short transaction of its own.
    """
    path = uploads.path_of(upload)
    kind = kind or detect_kind(filename, path)
    if kind not in KINDS:
        raise ValidationFailed(f"Unknown import kind {kind!r}.")
    status = ImportStatus.QUEUED
    column_map: dict[str, Any] = {}
    try:
        if kind == "linkedin":
            total = count_linkedin(filename, path)  # exact once the run starts
        elif kind == "nextround":
            total = backup.count_items(backup.load_export(path.read_bytes()))
        else:
            table = csv_generic.read_table(filename, path)
            total, status = table.total_rows, ImportStatus.MAPPING
            column_map |= {
                "headers": table.headers,
                "samples": table.samples,
                "suggested": csv_generic.suggest_mapping(table.headers),
            }
    except UnreadableFile as exc:
        raise _unreadable(exc) from exc
    return ImportRun(
        user_id=user_id,
        kind=kind,
        filename=filename[:255],
        status=status,
        upload=upload,
        column_map=column_map,
        total_rows=total,
        rejected=[],
    )


def _accept(
    user: User, filename: str, content: Content, kind: str | None, tier_id: int | None
) -> ImportRun:
    """Store one upload on disk, read it through and add its run (committed)."""
    chosen_tier(user, tier_id)
    user_id = user.id
    db.session.commit()  # end the request's transaction (SQLite's write lock) before reading
    upload = content if isinstance(content, Stored) else Stored(uploads.save(filename, content))
    try:
        run = _prepare(user_id, filename, upload.name, kind)
    except BaseException:
        uploads.remove(upload.name)
        raise
    run.column_map = (run.column_map or {}) | {"tier_id": tier_id}
    db.session.add(run)
    db.session.commit()
    log.info("import %s (%s, %s rows) accepted", run.id, run.kind, run.total_rows)
    return run


def start_import(
    user: User,
    filename: str,
    content: Content,
    kind: str | None = None,
    *,
    tier_id: int | None = None,
) -> ImportRun:
    """Accept one upload: refuse it whole if unreadable, else queue it (or wait for a mapping).

    ``content`` is the file's bytes or a binary stream (a spooled upload): it is copied to
    disk in chunks, never held in memory whole.
    """
    return _launch(_accept(user, filename, content, kind, tier_id))


def start_upload(
    user: User, files: Sequence[tuple[str, Upload]], *, tier_id: int | None = None
) -> ImportRun:
    """Accept one file, or several files of one LinkedIn export imported together."""
    files = [(name, content) for name, content in files if name]
    db.session.commit()  # end the request's transaction (SQLite's write lock) before reading
    if not files:
        raise ValidationFailed("Choose a file to import.", {"files": "required"})
    if len(files) == 1:
        return start_import(user, files[0][0], files[0][1], tier_id=tier_id)
    names = ", ".join(name for name, _ in files)
    saved: list[str] = []
    try:
        for name, content in files:
            saved.append(uploads.save(name, content))
        packed = _pack(
            names, [(n, uploads.path_of(s)) for (n, _), s in zip(files, saved, strict=True)]
        )
    finally:
        for name in saved:
            uploads.remove(name)
    return start_import(user, names, packed, "linkedin", tier_id=tier_id)


def _pack(names: str, files: list[tuple[str, Path]]) -> Stored:
    """Several stored files of one LinkedIn export as one stored zip of their LinkedIn files."""
    uploads.check_size(names, sum(path.stat().st_size for _, path in files))
    if {detect_kind(name, path) for name, path in files} != {"linkedin"}:
        raise ValidationFailed(
            "Several files can be imported together only when they all come from the LinkedIn "
            "export. Import a spreadsheet or a Next Round export on its own.",
            {"files": "mixed"},
        )
    try:
        expanded = linkedin.expand(list(files)).files
    except UnreadableFile as exc:
        raise _unreadable(exc) from exc
    target = uploads.new_name()
    try:
        with uploads.path_of(target).open("xb") as out:
            pack(expanded, out)
    except BaseException:
        uploads.remove(target)
        raise
    return Stored(target)


def set_mapping(user: User, run_id: int, mapping: list[str]) -> ImportRun:
    """Confirm a generic CSV's column mapping, then queue it."""
    run = get_run(user, run_id)
    if run.status is not ImportStatus.MAPPING:
        raise ValidationFailed("This import is not waiting for a column mapping.")
    column_map = dict(run.column_map or {})
    try:
        fields = csv_generic.check_mapping(column_map.get("headers", []), mapping)
    except ValueError as exc:
        raise ValidationFailed(
            f"The column mapping needs fixing: {exc}.", {"mapping": str(exc)}
        ) from exc
    run.column_map = column_map | {"fields": fields}
    run.status = ImportStatus.QUEUED
    db.session.commit()
    return _launch(run)


def retry_import(user: User, run_id: int) -> ImportRun:
    """Start a QUEUED (Redis was down), FAILED or stuck run again; repeating it queues no more.

    A RUNNING run counts as stuck once it has shown no progress for longer than any job may
    run (its worker died): a live job is never raced.
    """
    run = get_run(user, run_id)
    stuck = sa.and_(
        ImportRun.status == ImportStatus.RUNNING, ImportRun.progress_at < utcnow() - STUCK_AFTER
    )
    requeue = (
        sa.update(ImportRun)
        .where(ImportRun.id == run.id, sa.or_(ImportRun.status.in_(RETRYABLE), stuck))
        .values(status=ImportStatus.QUEUED, error=None)
        .execution_options(synchronize_session=False)
    )
    requeued = getattr(db.session.execute(requeue), "rowcount", 0)
    db.session.commit()
    if not requeued:
        raise ValidationFailed(
            "Only a queued, failed or stuck import can be started again; this one is running."
        )
    return _launch(get_run_by_id(run_id))


def _launch(run: ImportRun) -> ImportRun:
    """Run a committed QUEUED run now when it is small, else enqueue its job."""
    if run.status is not ImportStatus.QUEUED:
        return run
    if run.total_rows <= int(current_app.config.get("IMPORT_INLINE_MAX_ROWS", 0)):
        try:
            return run_import(run.id)
        except Exception:
            log.exception("import %s failed", run.id)
            return db.session.get(ImportRun, run.id) or run
    enqueue_once("workers.jobs.run_import", run.id, job_id=job_id(run.id))
    return run


def job_id(run_id: int) -> str:
    """The RQ job id of a run: one id per run, so the queue never holds it twice."""
    return f"import-{run_id}"


def import_now(
    user: User,
    filename: str,
    content: Content,
    kind: str | None = None,
    *,
    tier_id: int | None = None,
    mapping: list[str] | None = None,
) -> ImportRun:
    """Import synchronously (the CLI, tests); a generic CSV uses ``mapping`` or the suggestion."""
    run = _accept(user, filename, content, kind, tier_id)
    if run.status is ImportStatus.MAPPING:
        column_map = dict(run.column_map or {})
        chosen = mapping if mapping is not None else column_map["suggested"]
        try:
            fields = csv_generic.check_mapping(column_map["headers"], chosen)
        except ValueError as exc:
            discard(run)
            raise ValidationFailed(f"The column mapping needs fixing: {exc}.") from exc
        run.column_map, run.status = column_map | {"fields": fields}, ImportStatus.QUEUED
        db.session.commit()
    return run_import(run.id)


def discard(run: ImportRun) -> None:
    """Delete a run and its stored upload (one that never started)."""
    uploads.remove(run.upload)
    db.session.delete(run)
    db.session.commit()
