"""Imports: check an upload can be read, keep it on an ImportRun, and apply it in batches.

An upload is read completely before anything is written, so an unreadable file changes
nothing. A generic CSV waits in status MAPPING for its column mapping. Otherwise the run is
committed as QUEUED and then applied: small runs (``IMPORT_INLINE_MAX_ROWS``) right away, larger
ones by the ``workers.jobs.run_import`` job, enqueued only after the commit. The job commits
every ``BATCH_ROWS`` rows so progress shows, and re-running it converges because applying an
import twice changes nothing the second time. The uploaded bytes are dropped once a run is DONE.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import current_app

from service.clock import today, utcnow
from service.contacts.due import recompute_due
from service.contacts.services import get_tier
from service.errors import NotFound, ValidationFailed
from service.extensions import db
from service.imports import backup, csv_generic, linkedin
from service.imports.apply import Book, Counts, Incoming, NewTouch, add_touches, upsert_contacts
from service.imports.archive import is_zip, pack
from service.imports.csvfiles import Rejected, UnreadableFile
from service.imports.positions import apply_positions
from service.models import ImportRun, ImportStatus, User
from service.queue import enqueue

log = logging.getLogger(__name__)

BATCH_ROWS = 500
MAX_LISTED_REJECTS = 5_000
KINDS = ("linkedin", "csv", "nextround")
_T = TypeVar("_T")


def get_run(user: User, run_id: int) -> ImportRun:
    """The user's import run; someone else's id is simply not found."""
    run = db.session.get(ImportRun, run_id)
    if run is None or run.user_id != user.id:
        raise NotFound("No such import.")
    return run


def list_runs(user: User, limit: int = 500) -> list[ImportRun]:
    """The user's imports, newest first."""
    query = sa.select(ImportRun).where(ImportRun.user_id == user.id)
    query = query.order_by(ImportRun.created_at.desc(), ImportRun.id.desc()).limit(limit)
    return list(db.session.scalars(query))


def detect_kind(filename: str, data: bytes) -> str:
    """``nextround`` (an export .json), ``linkedin`` (the .zip or one of its files) or ``csv``."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if filename.lower().endswith(".json") or head.startswith(b"{"):
        return "nextround"
    if filename.lower().endswith(".zip") or is_zip(data):
        return "linkedin"
    try:
        found = linkedin.identify(filename, data)
    except UnreadableFile as exc:
        raise _unreadable(exc) from exc
    return "linkedin" if found else "csv"


def _unreadable(exc: UnreadableFile) -> ValidationFailed:
    return ValidationFailed(f"{exc.filename}: {exc.message}", {"file": exc.message})


def _check_size(filename: str, size: int) -> None:
    limit = int(current_app.config["IMPORT_MAX_BYTES"])
    if size > limit:
        raise ValidationFailed(
            f"{filename} is {size / 1e6:.1f} MB; imports are limited to {limit / 1e6:.0f} MB.",
            {"file": "too large"},
        )
    if size == 0:
        raise ValidationFailed(f"{filename} is empty.", {"file": "empty"})


def _prepare(
    user: User, filename: str, data: bytes, kind: str | None, tier_id: int | None
) -> ImportRun:
    """Read the upload fully and build its run (not yet added); raise if it is unreadable."""
    _check_size(filename, len(data))
    get_tier(user, tier_id)
    kind = kind or detect_kind(filename, data)
    if kind not in KINDS:
        raise ValidationFailed(f"Unknown import kind {kind!r}.")
    status = ImportStatus.QUEUED
    column_map: dict[str, Any] = {"tier_id": tier_id}
    try:
        if kind == "linkedin":
            total = _read_linkedin(filename, data).total_rows
        elif kind == "nextround":
            total = backup.count_items(backup.load_export(data))
        else:
            table = csv_generic.read_table(filename, data)
            total, status = table.total_rows, ImportStatus.MAPPING
            column_map |= {
                "headers": table.headers,
                "samples": table.samples,
                "suggested": csv_generic.suggest_mapping(table.headers),
            }
    except UnreadableFile as exc:
        raise _unreadable(exc) from exc
    return ImportRun(
        user_id=user.id,
        kind=kind,
        filename=filename[:255],
        status=status,
        payload=data,
        column_map=column_map,
        total_rows=total,
        rejected=[],
    )


def _read_linkedin(filename: str, data: bytes) -> linkedin.LinkedInData:
    name = filename if not is_zip(data) or filename.lower().endswith(".zip") else "upload.zip"
    return linkedin.parse_linkedin([(name, data)])


def start_import(
    user: User, filename: str, data: bytes, kind: str | None = None, *, tier_id: int | None = None
) -> ImportRun:
    """Accept one upload: refuse it whole if unreadable, else queue it (or wait for a mapping)."""
    run = _prepare(user, filename, data, kind, tier_id)
    db.session.add(run)
    db.session.commit()
    log.info("import %s (%s, %s rows) accepted", run.id, run.kind, run.total_rows)
    return _launch(run)


def start_upload(
    user: User, files: Sequence[tuple[str, bytes]], *, tier_id: int | None = None
) -> ImportRun:
    """Accept one file, or several files of one LinkedIn export imported together."""
    files = [(name, data) for name, data in files if name]
    if not files:
        raise ValidationFailed("Choose a file to import.", {"files": "required"})
    if len(files) == 1:
        return start_import(user, files[0][0], files[0][1], tier_id=tier_id)
    names = ", ".join(name for name, _ in files)
    _check_size(names, sum(len(data) for _, data in files))
    if {detect_kind(name, data) for name, data in files} != {"linkedin"}:
        raise ValidationFailed(
            "Several files can be imported together only when they all come from the LinkedIn "
            "export. Import a spreadsheet or a Next Round export on its own.",
            {"files": "mixed"},
        )
    try:
        payload = pack(linkedin.expand(list(files)))
    except UnreadableFile as exc:
        raise _unreadable(exc) from exc
    return start_import(user, names, payload, "linkedin", tier_id=tier_id)


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
    """Queue a run again (after Redis was down, or after it failed)."""
    run = get_run(user, run_id)
    if run.status not in (ImportStatus.QUEUED, ImportStatus.FAILED):
        raise ValidationFailed("Only a queued or failed import can be started again.")
    run.status, run.error = ImportStatus.QUEUED, None
    db.session.commit()
    return _launch(run)


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
    enqueue("workers.jobs.run_import", run.id)
    return run


def import_now(
    user: User,
    filename: str,
    data: bytes,
    kind: str | None = None,
    *,
    tier_id: int | None = None,
    mapping: list[str] | None = None,
) -> ImportRun:
    """Import synchronously (the CLI, tests); a generic CSV uses ``mapping`` or the suggestion."""
    run = _prepare(user, filename, data, kind, tier_id)
    if run.status is ImportStatus.MAPPING:
        column_map = dict(run.column_map or {})
        chosen = mapping if mapping is not None else column_map["suggested"]
        try:
            fields = csv_generic.check_mapping(column_map["headers"], chosen)
        except ValueError as exc:
            raise ValidationFailed(f"The column mapping needs fixing: {exc}.") from exc
        run.column_map, run.status = column_map | {"fields": fields}, ImportStatus.QUEUED
    db.session.add(run)
    db.session.commit()
    return run_import(run.id)


def run_import(run_id: int) -> ImportRun:
    """The job body: apply a queued run in committed batches; FAILED (and re-raised) on a bug."""
    run = db.session.get(ImportRun, run_id)
    if run is None:
        raise NotFound(f"Import {run_id} does not exist.")
    if run.status in (ImportStatus.DONE, ImportStatus.MAPPING):
        return run  # a duplicate delivery of the job, or a mapping still to choose
    job = _Job(run)
    run.status, run.error, run.finished_at = ImportStatus.RUNNING, None, None
    run.processed_rows = run.created_count = run.updated_count = run.skipped_count = 0
    run.rejected = []
    db.session.commit()
    try:
        job.apply()
    except UnreadableFile as exc:
        db.session.rollback()
        _finish(run_id, ImportStatus.FAILED, f"{exc.filename}: {exc.message}")
    except Exception as exc:
        db.session.rollback()
        _finish(run_id, ImportStatus.FAILED, f"{type(exc).__name__}: {exc}"[:2000])
        raise
    else:
        _finish(run_id, ImportStatus.DONE, None)
    return get_run_by_id(run_id)


def get_run_by_id(run_id: int) -> ImportRun:
    run = db.session.get(ImportRun, run_id)
    if run is None:
        raise NotFound(f"Import {run_id} does not exist.")
    return run


def _finish(run_id: int, status: ImportStatus, error: str | None) -> None:
    run = get_run_by_id(run_id)
    run.status, run.error, run.finished_at = status, error, utcnow()
    if status is ImportStatus.DONE:
        run.processed_rows = run.total_rows
        run.payload = None  # the upload (messages included) is not kept once it is applied
    db.session.commit()
    log.info("import %s %s", run_id, status.value)


def _batches(items: Sequence[_T], size: int = BATCH_ROWS) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Job:
    """What one run needs, copied out of the row so parsing happens outside a transaction."""

    def __init__(self, run: ImportRun) -> None:
        self.run_id, self.user_id, self.kind = run.id, run.user_id, run.kind
        self.filename, self.payload = run.filename, run.payload or b""
        self.column_map: dict[str, Any] = dict(run.column_map or {})
        self.tier_id: int | None = self.column_map.get("tier_id")
        self.counts = Counts()
        self.processed = 0

    def apply(self) -> None:
        if self.kind == "linkedin":
            self._linkedin()
        elif self.kind == "csv":
            self._csv()
        else:
            self._nextround()
        recompute_due(self.user_id)  # bulk writes bypass the ORM: refresh every due date at once
        db.session.commit()

    def _progress(self, counts: Counts, rows: int, rejected: list[Rejected] | None = None) -> None:
        """Add a batch's outcome to the run and commit it (the batch and its progress together)."""
        self.counts.add(counts)
        self.processed += rows
        values: dict[str, Any] = {
            "processed_rows": self.processed,
            "created_count": self.counts.created,
            "updated_count": self.counts.updated,
            "skipped_count": self.counts.skipped,
        }
        if rejected is not None:
            values["rejected"] = _listed(rejected)
        db.session.execute(sa.update(ImportRun).where(ImportRun.id == self.run_id).values(**values))
        db.session.commit()

    def _contacts(self, rows: Sequence[Incoming], book: Book) -> None:
        for batch in _batches(rows):
            counts = upsert_contacts(book, list(batch), tier_id=self.tier_id, today=today())
            self._progress(counts, len(batch))

    def _linkedin(self) -> None:
        data = _read_linkedin(self.filename, self.payload)
        db.session.execute(
            sa.update(ImportRun)
            .where(ImportRun.id == self.run_id)
            .values(total_rows=data.total_rows)
        )
        book = Book(self.user_id, with_touch_keys=bool(data.touches))
        self._progress(Counts(), 0, data.rejected)
        self._contacts([_incoming(c) for c in data.connections], book)
        if data.positions:
            self._progress(apply_positions(book, data.positions), len(data.positions))
        touches = [
            NewTouch(t.slug, t.name, t.occurred_at, t.direction, t.summary, t.external_key)
            for t in data.touches
        ]
        for batch in _batches(touches):
            self._progress(add_touches(book, list(batch)), len(batch))

    def _csv(self) -> None:
        rows, rejected = csv_generic.read_contacts(
            self.filename, self.payload, self.column_map["fields"]
        )
        book = Book(self.user_id)
        self._progress(Counts(), 0, rejected)
        self._contacts([_incoming_generic(r) for r in rows], book)

    def _nextround(self) -> None:
        user = db.session.get(User, self.user_id)
        if user is None:
            raise NotFound("The account of this import no longer exists.")
        report = backup.restore_user_data(user, backup.load_export(self.payload))
        self._progress(Counts(report.created, report.updated, report.skipped), report.total)


def _incoming(c: linkedin.Connection) -> Incoming:
    return Incoming(
        first_name=c.first_name,
        last_name=c.last_name,
        title=c.title,
        company=c.company or None,
        email=c.email,
        slug=c.slug,
        connected_on=c.connected_on,
    )


def _incoming_generic(row: csv_generic.ContactRow) -> Incoming:
    c = row.contact
    return Incoming(
        first_name=c.first_name,
        last_name=c.last_name,
        title=c.title,
        company=c.company,
        email=c.email,
        slug=c.linkedin,
        connected_on=c.connected_on,
        role=c.role,
        how_met=c.how_met,
        notes=c.notes,
        tags=tuple(c.tags),
    )


def _listed(rejected: list[Rejected]) -> list[dict[str, Any]]:
    """The report's rejected rows, capped so one broken file cannot bloat the row."""
    listed: list[dict[str, Any]] = [r.as_dict() for r in rejected[:MAX_LISTED_REJECTS]]
    if len(rejected) > MAX_LISTED_REJECTS:
        more = len(rejected) - MAX_LISTED_REJECTS
        listed.append({"file": None, "line": None, "reason": f"… and {more} more rejected rows"})
    return listed
