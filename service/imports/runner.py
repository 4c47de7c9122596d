"""Applying an import run: claim it, read its upload, then write it in short committed batches.

On SQLite every transaction outside a GET holds the write lock from its first statement (see
``service/db.py``), so nothing slow happens inside one: the run is claimed and its upload loaded
in one short transaction, the upload is parsed with no transaction open, and then each batch of
``BATCH_ROWS`` rows is written, its contacts' due dates refreshed and the progress saved in one
transaction of its own. Re-running a run converges: applying an import twice changes nothing
the second time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa

from service.clock import today, utcnow
from service.contacts.due import recompute_due
from service.errors import NotFound
from service.extensions import db
from service.imports import backup, csv_generic, linkedin, restore
from service.imports.apply import Counts, Incoming, NewTouch, add_touches, upsert_contacts
from service.imports.archive import is_zip
from service.imports.book import Book
from service.imports.csvfiles import Rejected, UnreadableFile
from service.imports.positions import apply_positions
from service.models import ImportRun, ImportStatus, User

log = logging.getLogger(__name__)

BATCH_ROWS = 500
MAX_LISTED_REJECTS = 5_000
CLAIMABLE = (ImportStatus.QUEUED, ImportStatus.FAILED)  # FAILED: RQ's own retries of the job
_T = TypeVar("_T")


def get_run_by_id(run_id: int) -> ImportRun:
    run = db.session.get(ImportRun, run_id, populate_existing=True)
    if run is None:
        raise NotFound(f"Import {run_id} does not exist.")
    return run


def read_linkedin(filename: str, data: bytes) -> linkedin.LinkedInData:
    """Parse a LinkedIn upload (a zip is recognised by its bytes whatever its name)."""
    name = filename if not is_zip(data) or filename.lower().endswith(".zip") else "upload.zip"
    return linkedin.parse_linkedin([(name, data)])


def run_import(run_id: int) -> ImportRun:
    """The job body: apply a queued run in committed batches; FAILED (and re-raised) on a bug.

    The run is claimed first, in one conditional UPDATE: a second delivery of the job, or a
    retry racing it, finds the run RUNNING or DONE and leaves it alone.
    """
    if not _claim(run_id):
        run = get_run_by_id(run_id)
        log.info("import %s not started: it is %s", run_id, run.status.value)
        return run
    job = _Job(get_run_by_id(run_id))
    db.session.commit()  # the claim; no transaction stays open while the upload is parsed
    try:
        job.read()
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


def _claim(run_id: int) -> bool:
    """Mark a QUEUED or FAILED run RUNNING with its counters reset; False when it is not."""
    claim = (
        sa.update(ImportRun)
        .where(ImportRun.id == run_id, ImportRun.status.in_(CLAIMABLE))
        .values(
            status=ImportStatus.RUNNING,
            error=None,
            finished_at=None,
            progress_at=utcnow(),
            processed_rows=0,
            created_count=0,
            updated_count=0,
            skipped_count=0,
            rejected=[],
        )
        .execution_options(synchronize_session=False)
    )
    result = db.session.execute(claim)
    return bool(getattr(result, "rowcount", 0))


def _finish(run_id: int, status: ImportStatus, error: str | None) -> None:
    """End a run. A FAILED run keeps its upload so that "Start it again" can re-read it."""
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
        self.linkedin_data: linkedin.LinkedInData | None = None
        self.csv_rows: list[csv_generic.ContactRow] = []
        self.csv_rejected: list[Rejected] = []
        self.export: dict[str, Any] = {}

    def read(self) -> None:
        """Parse the upload: no database access (UnreadableFile when it cannot be read)."""
        if self.kind == "linkedin":
            self.linkedin_data = read_linkedin(self.filename, self.payload)
        elif self.kind == "csv":
            fields = self.column_map["fields"]
            self.csv_rows, self.csv_rejected = csv_generic.read_contacts(
                self.filename, self.payload, fields
            )
        else:
            self.export = backup.load_export(self.payload)
        self.payload = b""

    def apply(self) -> None:
        if self.linkedin_data is not None:
            self._linkedin(self.linkedin_data)
        elif self.kind == "csv":
            self._csv()
        else:
            self._nextround()
        recompute_due(self.user_id)  # batches did it already; this only catches stragglers
        db.session.commit()

    def _progress(
        self,
        counts: Counts,
        rows: int,
        rejected: list[Rejected] | None = None,
        book: Book | None = None,
    ) -> None:
        """Commit a batch with its outcome and the due dates of the contacts it wrote."""
        self.counts.add(counts)
        self.processed += rows
        if book is not None:
            recompute_due(self.user_id, contact_ids=book.take_written())
        self._save_progress(rejected)
        db.session.commit()

    def _save_progress(self, rejected: list[Rejected] | None = None) -> None:
        values: dict[str, Any] = {
            "processed_rows": self.processed,
            "created_count": self.counts.created,
            "updated_count": self.counts.updated,
            "skipped_count": self.counts.skipped,
            "progress_at": utcnow(),
        }
        if rejected is not None:
            values["rejected"] = _listed(rejected)
        db.session.execute(sa.update(ImportRun).where(ImportRun.id == self.run_id).values(**values))

    def _contacts(self, rows: Sequence[Incoming], book: Book) -> None:
        for batch in _batches(rows):
            counts = upsert_contacts(book, list(batch), tier_id=self.tier_id, today=today())
            self._progress(counts, len(batch), book=book)

    def _linkedin(self, data: linkedin.LinkedInData) -> None:
        total = sa.update(ImportRun).where(ImportRun.id == self.run_id)
        db.session.execute(total.values(total_rows=data.total_rows))
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
            self._progress(add_touches(book, list(batch)), len(batch), book=book)

    def _csv(self) -> None:
        book = Book(self.user_id)
        self._progress(Counts(), 0, self.csv_rejected)
        self._contacts([_incoming_generic(r) for r in self.csv_rows], book)

    def _nextround(self) -> None:
        user = db.session.get(User, self.user_id)
        if user is None:
            raise NotFound("The account of this import no longer exists.")
        restore.restore_user_data(user, self.export, on_batch=self._restored)

    def _restored(self, report: restore.RestoreReport) -> None:
        """Progress of a restore so far (the restore commits it with its batch)."""
        self.counts = Counts(report.created, report.updated, report.skipped)
        self.processed = report.total
        self._save_progress(report.rejected)


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
