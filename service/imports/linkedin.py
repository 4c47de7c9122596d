"""LinkedIn's data export as plain rows: pure parsers, no database, no Flask.

Accepts the export .zip (files at its root or in a folder) or the files themselves, recognised
by their header row (so ``Connections (1).csv`` works too):

- ``Connections.csv`` -> people: name, profile slug, e-mail, current company and title, the day
  you connected. Hidden profiles (a row with only the date) are rejected with that reason.
- ``messages.csv`` -> touches: one per person, conversation, day and direction (a busy chat
  does not flood the timeline); drafts, spam and sponsored InMail are ignored.
- ``Invitations.csv`` -> a "message" touch, "Invitation sent" or "Invitation received".
- ``Positions.csv`` -> the user's own employers. Ended jobs become companies with relation
  ``past_employer``; the current job (empty ``Finished On``) becomes relation ``other`` with a
  note saying it is the current employer, so "past employers" stays true to its name.
- ``Profile.csv`` -> the user's own name, which tells outgoing messages from incoming ones.

Columns are mapped by name, the header row is searched for (preamble or not) and every
rejected row is reported with its file, physical line number and reason.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from email_validator import EmailNotValidError, validate_email

from service.imports import dates
from service.imports.archive import Limits, Unpacked, csv_entries, is_zip
from service.imports.csvfiles import (
    LEGACY_ROW,
    Lines,
    Rejected,
    Row,
    Table,
    UnreadableFile,
    as_opener,
    cell,
    decode,
    find_header,
    width_error,
)
from service.imports.linkedin_messages import (
    TouchRow,
    parse_invitations,
    parse_messages,
    profile_slug,
)

KNOWN_FILES = {
    "connections.csv": "connections",
    "messages.csv": "messages",
    "invitations.csv": "invitations",
    "positions.csv": "positions",
    "profile.csv": "profile",
}
HEADERS = {
    "connections": ("First Name", "Last Name", "Connected On"),
    "messages": ("Conversation ID", "From", "Date"),
    "invitations": ("From", "To", "Sent At", "Direction"),
    "positions": ("Company Name", "Title", "Started On"),
    "profile": ("First Name", "Last Name", "Headline"),
}
WHAT = {
    "connections": "LinkedIn's Connections.csv",
    "messages": "LinkedIn's messages.csv",
    "invitations": "LinkedIn's Invitations.csv",
    "positions": "LinkedIn's Positions.csv",
    "profile": "LinkedIn's Profile.csv",
}
MAX_NAME, MAX_TITLE, MAX_COMPANY = 200, 300, 200
_COPY_SUFFIX = re.compile(r" \(\d+\)(?=\.csv$)")  # "Connections (1).csv", as browsers save it
_T = TypeVar("_T")


@dataclass(frozen=True)
class Connection:
    """One person from Connections.csv."""

    file: str
    line: int
    first_name: str
    last_name: str
    slug: str | None
    email: str | None
    company: str
    title: str
    connected_on: date | None


@dataclass(frozen=True)
class Position:
    """One of the user's own jobs from Positions.csv."""

    file: str
    line: int
    company: str
    title: str
    started_on: str
    finished_on: str

    @property
    def current(self) -> bool:
        return not self.finished_on


@dataclass
class LinkedInData:
    """Everything read from one upload, plus what was rejected or ignored."""

    connections: list[Connection] = field(default_factory=list)
    touches: list[TouchRow] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # kind -> file name
    ignored_files: list[str] = field(default_factory=list)
    own_name: str | None = None

    @property
    def total_rows(self) -> int:
        return len(self.connections) + len(self.touches) + len(self.positions)


def known_name(name: str) -> str | None:
    """The kind of LinkedIn file a zip entry names (``Connections (1).csv`` too), else None."""
    base = posixpath.basename(name.replace("\\", "/")).lower()
    return KNOWN_FILES.get(_COPY_SUFFIX.sub("", base))


def expand(files: list[tuple[str, bytes | Path]], limits: Limits | None = None) -> Unpacked:
    """Uploaded files with every .zip replaced by the LinkedIn files inside it.

    The other CSV files of the export (some 40: ads, logins, learning...) stay compressed and
    are only listed as skipped.
    """
    out = Unpacked()
    for name, data in files:
        lower = name.lower()
        if lower.endswith(".zip") or (is_zip(data) and not lower.endswith(".csv")):
            inside = csv_entries(name, data, limits, keep=lambda path: known_name(path) is not None)
            out.files += inside.files
            out.skipped += inside.skipped
        else:
            out.files.append((name, data))  # a file on disk stays there, read as a stream
    return out


def identify(name: str, data: bytes | Path) -> tuple[str, Table] | None:
    """Which LinkedIn file this is, by its name or else by its header row."""
    kind = KNOWN_FILES.get(posixpath.basename(name.replace("\\", "/")).lower())
    text = decode(name, as_opener(data)) if kind else _decode_or_none(name, data)
    if text is None:
        return None
    kinds = [kind] if kind else list(HEADERS)
    for candidate in kinds:
        table = find_header(name, text, HEADERS[candidate])
        if table is not None:
            return candidate, table
    if kind:
        listed = ", ".join(f'"{h}"' for h in HEADERS[kind])
        raise UnreadableFile(
            name, f"no header row with {listed} found; is this really {WHAT[kind]}?"
        )
    return None


def _decode_or_none(name: str, data: bytes | Path) -> Lines | None:
    try:
        return decode(name, as_opener(data))
    except UnreadableFile:
        return None


def parse_linkedin(
    files: list[tuple[str, bytes | Path]], limits: Limits | None = None
) -> LinkedInData:
    """Read an export (zip and/or CSV files); UnreadableFile when a needed file cannot be read."""
    tables, result = _tables(files, limits)
    if "profile" in tables:
        result.own_name = _own_name(tables["profile"])
    if "connections" in tables:
        result.connections = _rows(tables["connections"], _connection, result.rejected)
    known = {c.slug for c in result.connections if c.slug}
    if "messages" in tables:
        result.touches += parse_messages(
            tables["messages"], result.rejected, known, result.own_name
        )
    if "invitations" in tables:
        result.touches += parse_invitations(tables["invitations"], result.rejected)
    if "positions" in tables:
        result.positions = _rows(tables["positions"], _position, result.rejected)
    return result


def count_rows(files: list[tuple[str, bytes | Path]], limits: Limits | None = None) -> int:
    """How many rows an export's files hold (messages, not yet touches), read as a stream.

    Checks what an upload needs checked (a LinkedIn file found, its header, its CSV structure)
    without holding its rows; ``parse_linkedin`` reads them when the run is applied.
    """
    tables, _ = _tables(files, limits)
    return sum(sum(1 for _ in t.rows) for kind, t in tables.items() if kind != "profile")


def _tables(
    files: list[tuple[str, bytes | Path]], limits: Limits | None
) -> tuple[dict[str, Table], LinkedInData]:
    """The LinkedIn files of an upload, each positioned after its header row."""
    tables: dict[str, Table] = {}
    result = LinkedInData()
    unpacked = expand(files, limits)
    result.ignored_files += unpacked.skipped
    for name, data in unpacked.files:
        found = identify(name, data)
        if found is None or found[0] in tables:
            result.ignored_files.append(name)
            continue
        tables[found[0]] = found[1]
        result.files[found[0]] = name
    if not tables.keys() - {"profile"}:
        raise UnreadableFile(
            ", ".join(n for n, _ in files) or "upload",
            "no LinkedIn export files found: expected Connections.csv, messages.csv, "
            "Invitations.csv or Positions.csv (or the export .zip holding them).",
        )
    return tables, result


def _rows(
    table: Table, build: Callable[[Table, Row, dict[str, int]], _T], rejected: list[Rejected]
) -> list[_T]:
    columns = table.index()
    out = []
    for row in table.rows:
        try:
            if row.legacy:
                raise ValueError(LEGACY_ROW)
            out.append(build(table, row, columns))
        except ValueError as exc:
            rejected.append(Rejected(table.filename, row.line, str(exc)))
    return out


def _connection(table: Table, row: Row, columns: dict[str, int]) -> Connection:
    if reason := width_error(row, len(table.header)):
        raise ValueError(reason)
    first, last = one_line(row, columns, "first name"), one_line(row, columns, "last name")
    url, raw_email = cell(row, columns, "url"), cell(row, columns, "email address")
    company, title = one_line(row, columns, "company"), one_line(row, columns, "position")
    raw_date = cell(row, columns, "connected on")
    if not any((first, last, url, raw_email, company, title)):
        raise ValueError(
            f"hidden or closed profile: LinkedIn exported only the date ({raw_date or 'none'})"
        )
    if not first and not last:
        raise ValueError("no name (First Name and Last Name are empty)")
    if not first:
        first, last = last, ""  # one-word names
    _check_length("First Name", first, MAX_NAME)
    _check_length("Last Name", last, MAX_NAME)
    _check_length("Company", company, MAX_COMPANY)
    _check_length("Position", title, MAX_TITLE)
    return Connection(
        file=table.filename,
        line=row.line,
        first_name=first,
        last_name=last,
        slug=profile_slug(url, "URL"),
        email=_email(raw_email),
        company=company,
        title=title,
        connected_on=dates.connected_on(raw_date) if raw_date else None,
    )


def one_line(row: Row, columns: dict[str, int], name: str) -> str:
    """A cell meant to be one line (names, companies, titles) with its whitespace collapsed."""
    return " ".join(cell(row, columns, name).split())


def _check_length(label: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise ValueError(f"{label} is longer than {limit} characters")


def _email(raw: str) -> str | None:
    if not raw:
        return None
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValueError(f"Email Address {raw[:200]!r} is not valid") from exc


def _position(table: Table, row: Row, columns: dict[str, int]) -> Position:
    if reason := width_error(row, len(table.header)):
        raise ValueError(reason)
    company = one_line(row, columns, "company name")
    if not company:
        raise ValueError("no Company Name")
    _check_length("Company Name", company, MAX_COMPANY)
    started, finished = cell(row, columns, "started on"), cell(row, columns, "finished on")
    for value in (started, finished):
        if value:
            dates.position_month(value)
    return Position(
        table.filename,
        row.line,
        company,
        one_line(row, columns, "title")[:MAX_TITLE],
        started,
        finished,
    )


def _own_name(table: Table) -> str | None:
    columns = table.index()
    for row in table.rows:
        name = f"{cell(row, columns, 'first name')} {cell(row, columns, 'last name')}".strip()
        if name:
            return name
    return None
