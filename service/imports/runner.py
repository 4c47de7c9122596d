"""Applying an import run: claim it, read its upload, then write it in short committed batches.

On SQLite every transaction outside a GET holds the write lock from its first statement (see
``service/db.py``), so nothing slow happens inside one: the run is claimed in one short
transaction, the upload (a file in the upload folder) is read with no transaction open, and
each batch of ``BATCH_ROWS`` rows is written, its contacts' due dates refreshed and the progress
saved in one transaction of its own. A generic CSV is streamed: its rows are read a batch at a
time between those transactions, so memory does not grow with the file. Re-running a run
converges: applying an import twice changes nothing the second time.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

from service.clock import today, utcnow
from service.contacts.due import recompute_due
from service.errors import NotFound
from service.extensions import db
from service.imports import backup, csv_generic, linkedin, restore, uploads
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


def read_linkedin(filename: str, data: bytes | Path) -> linkedin.LinkedInData:
    """Parse a LinkedIn upload (a zip is recognised by its bytes whatever its name)."""
    return linkedin.parse_linkedin([(_linkedin_name(filename, data), data)])


def count_linkedin(filename: str, data: bytes | Path) -> int:
    """Check a LinkedIn upload and count its rows, without holding them."""
    return linkedin.count_rows([(_linkedin_name(filename, data), data)])


def _linkedin_name(filename: str, data: bytes | Path) -> str:
    return filename if not is_zip(data) or filename.lower().endswith(".zip") else "upload.zip"


def run_import(run_id: int) -> ImportRun:
    """The job body: apply a queued run in committed batches; FAILED (and re-raised) on a bug.

    The run is claimed first, in one conditional UPDATE: a second delivery of the job, or a
    retry racing it, finds the run RUNNING or DONE and leaves it alone.
    """
    if not _claim(run_id):
        run = get_run_by_id(run_id)
        log.info("import %s not started: it is %s", run_id, run.status.value)
        return run
    applier = RunApplier(get_run_by_id(run_id))
    db.session.commit()  # the claim; no transaction stays open while the upload is parsed
    try:
        applier.apply()
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
    done = status is ImportStatus.DONE
    upload, run.upload = run.upload, None if done else run.upload
    if done:
        run.processed_rows = run.total_rows
    db.session.commit()
    if done:
        uploads.remove(upload)  # the upload (messages included) is not kept once applied
    log.info("import %s %s", run_id, status.value)


def _batches(items: Sequence[_T], size: int = BATCH_ROWS) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class RejectedReport:
    """The rejected rows of a run as saved on it: the first ``MAX_LISTED_REJECTS``, then a count.

    Rows come in batch by batch; only the listed ones are kept, so a file of a million bad
    rows costs no more than one of five thousand.
    """

    def __init__(self) -> None:
        self.listed: list[dict[str, Any]] = []
        self.more = 0
        self.changed = False

    def add(self, rejected: Iterable[Rejected]) -> None:
        for row in rejected:
            if len(self.listed) < MAX_LISTED_REJECTS:
                self.listed.append(row.as_dict())
                self.changed = True
            else:
                self.more += 1

    def replace(self, rejected: list[Rejected]) -> None:
        self.listed, self.more, self.changed = [], 0, True
        self.add(rejected)

    def saved(self, *, final: bool = False) -> list[dict[str, Any]] | None:
        """The list to save, or None when it has not changed since it was last saved."""
        if not self.changed and not (final and self.more):
            return None
        self.changed = False
        if not self.more:
            return list(self.listed)
        tail = {"file": None, "line": None, "reason": f"… and {self.more} more rejected rows"}
        return [*self.listed, tail]


class RunApplier:
    """Applies one run's upload: what it needs is copied out of the row, so that reading the
    file happens outside any transaction, then each batch is written and committed."""

    def __init__(self, run: ImportRun) -> None:
        self.run_id, self.user_id, self.kind = run.id, run.user_id, run.kind
        self.filename = run.filename
        self.path = uploads.path_of(run.upload) if run.upload else None
        self.column_map: dict[str, Any] = dict(run.column_map or {})
        self.tier_id: int | None = self.column_map.get("tier_id")
        self.counts = Counts()
        self.processed = 0
        self.rejected = RejectedReport()

    def apply(self) -> None:
        """Read the upload and write it batch by batch (UnreadableFile when it cannot be read)."""
        if self.path is None or not self.path.exists():
            raise UnreadableFile(
                self.filename, "the uploaded file is no longer there; please upload it again."
            )
        if self.kind == "linkedin":
            self._linkedin(read_linkedin(self.filename, self.path))
        elif self.kind == "csv":
            self._csv()
        else:
            self._nextround(backup.load_export(self.path.read_bytes()))
        recompute_due(self.user_id)  # batches did it already; this only catches stragglers
        self._save_progress(final=True)
        db.session.commit()

    def _progress(self, counts: Counts, rows: int, book: Book | None = None) -> None:
        """Commit a batch with its outcome and the due dates of the contacts it wrote."""
        self.counts.add(counts)
        self.processed += rows
        if book is not None:
            recompute_due(self.user_id, contact_ids=book.take_written())
        self._save_progress()
        db.session.commit()

    def _save_progress(self, *, final: bool = False) -> None:
        values: dict[str, Any] = {
            "processed_rows": self.processed,
            "created_count": self.counts.created,
            "updated_count": self.counts.updated,
            "skipped_count": self.counts.skipped,
            "progress_at": utcnow(),
        }
        if (rejected := self.rejected.saved(final=final)) is not None:
            values["rejected"] = rejected
        db.session.execute(sa.update(ImportRun).where(ImportRun.id == self.run_id).values(**values))

    def _contacts(self, rows: Sequence[Incoming], book: Book) -> None:
        for batch in _batches(rows):
            counts = upsert_contacts(book, list(batch), tier_id=self.tier_id, today=today())
            self._progress(counts, len(batch), book=book)

    def _linkedin(self, data: linkedin.LinkedInData) -> None:
        total = sa.update(ImportRun).where(ImportRun.id == self.run_id)
        db.session.execute(total.values(total_rows=data.total_rows))
        book = Book(self.user_id)
        self.rejected.add(data.rejected)
        self._progress(Counts(), 0)
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
        """A generic CSV, read row by row: at most one batch of rows is held at a time."""
        assert self.path is not None
        book = Book(self.user_id)
        db.session.commit()  # the book is loaded; the file is read outside any transaction
        rows = csv_generic.read_contacts(self.filename, self.path, self.column_map["fields"])
        for batch in _chunks(rows):
            incoming = [
                _incoming_generic(r) for r in batch if isinstance(r, csv_generic.ContactRow)
            ]
            self.rejected.add(r for r in batch if isinstance(r, Rejected))
            counts = upsert_contacts(book, incoming, tier_id=self.tier_id, today=today())
            self._progress(counts, len(batch), book=book)

    def _nextround(self, export: dict[str, Any]) -> None:
        user = db.session.get(User, self.user_id)
        if user is None:
            raise NotFound("The account of this import no longer exists.")
        restore.restore_user_data(user, export, on_batch=self._restored)

    def _restored(self, report: restore.RestoreReport) -> None:
        """Progress of a restore so far (the restore commits it with its batch)."""
        self.counts = Counts(report.created, report.updated, report.skipped)
        self.processed = report.total
        self.rejected.replace(report.rejected)
        self._save_progress()


def _chunks(items: Iterable[_T], size: int = BATCH_ROWS) -> Iterator[list[_T]]:
    """Consecutive lists of ``size`` items from a stream (the last one shorter)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


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
