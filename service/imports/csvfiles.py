"""Reading uploaded CSV files: decoding, finding the header row, rows with their line numbers.

Pure helpers shared by the LinkedIn and generic CSV parsers (no Flask, no database). Line
numbers are physical lines of the file, 1-based, so a row after a preamble or after a quoted
field spanning several lines is reported where a text editor would show it.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAX_HEADER_SCAN = 50  # records searched for the header row
LEGACY_ROW = (
    "this row is in Windows-1252 while the rest of the file is UTF-8, so its accents would "
    "come out wrong; save the file as UTF-8 (CSV UTF-8 in Excel) and import it again"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_STRIPPED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_LONE_CR = re.compile(r"(?<=\r)(?!\n)(?=.)", re.DOTALL)


class UnreadableFile(Exception):
    """A whole file cannot be imported (wrong format, not text, no header row)."""

    def __init__(self, filename: str, message: str) -> None:
        super().__init__(f"{filename}: {message}")
        self.filename = filename
        self.message = message


@dataclass(frozen=True)
class Rejected:
    """One row that was not imported, and why."""

    file: str
    line: int | None
    reason: str

    def as_dict(self) -> dict[str, str | int | None]:
        return {"file": self.file, "line": self.line, "reason": self.reason}


@dataclass(frozen=True)
class Row:
    """One CSV record: where it starts and ends in the file, and its cells."""

    line: int
    last_line: int
    cells: list[str]
    legacy: bool = False  # a Windows-1252 line in a file otherwise in UTF-8

    def span(self) -> str:
        """``line 4`` or ``lines 4-9`` for messages about the row."""
        if self.last_line > self.line:
            return f"lines {self.line}-{self.last_line}"
        return f"line {self.line}"


@dataclass
class Table:
    """A CSV file positioned after its header row."""

    filename: str
    header: list[str]
    header_line: int
    delimiter: str
    rows: Iterator[Row]

    def index(self) -> dict[str, int]:
        """Normalised header name -> column position (the first one wins)."""
        positions: dict[str, int] = {}
        for i, name in enumerate(self.header):
            positions.setdefault(header_key(name), i)
        return positions


def header_key(name: str) -> str:
    """How header cells are compared: case-, BOM-, quote- and spacing-insensitive."""
    return _SPACES.sub(" ", name.replace("\ufeff", "").strip().strip('"').strip()).casefold()


def strip_controls(value: str) -> str:
    """Text without control characters (C0 but tab and line breaks, DEL, C1): the one place."""
    return _STRIPPED.sub("", value) if _STRIPPED.search(value) else value


class Lines:
    """The decoded lines of an uploaded CSV, read afresh from its bytes on each iteration.

    UTF-16 needs its BOM; anything else is decoded line by line: UTF-8 first, Windows-1252 for
    a line that is not valid UTF-8. When the file mixes both (``mixed``), the Windows-1252
    lines are remembered in ``legacy`` until ``records`` takes them, so their rows can be
    rejected with their line numbers instead of being stored garbled.
    """

    def __init__(self, filename: str, open_bytes: Opener, utf16: bool, mixed: bool) -> None:
        self.filename, self._open, self.utf16, self.mixed = filename, open_bytes, utf16, mixed
        self.legacy: list[int] = []

    def __iter__(self) -> Iterator[str]:
        self.legacy = []
        with self._open() as stream:
            if self.utf16:
                with io.TextIOWrapper(stream, encoding="utf-16", newline="") as wide:
                    yield from wide  # closed even when the reader stops early
                return
            for number, raw in enumerate(stream, start=1):
                text, legacy = _decode_line(raw[3:] if number == 1 and raw[:3] == _BOM else raw)
                if legacy and self.mixed:
                    self.legacy.append(number)
                if "\r" in text[:-2]:
                    yield from _LONE_CR.split(text)  # old Mac line ends
                else:
                    yield text

    def take_legacy(self) -> list[int]:
        taken, self.legacy = self.legacy, []
        return taken


Opener = Callable[[], AbstractContextManager[BinaryIO]]
Source = bytes | Path | Opener
_BOM = codecs.BOM_UTF8


def _decode_line(raw: bytes) -> tuple[str, bool]:
    """A line as UTF-8, else Windows-1252 (latin-1 for its five unused bytes); True if legacy."""
    if raw.isascii():
        return raw.decode("ascii"), False
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), True
    except UnicodeDecodeError:
        return raw.decode("latin-1"), True


def from_bytes(data: bytes) -> Opener:
    """An opener for content already in memory (a zip entry, a test)."""
    return lambda: io.BytesIO(data)


def as_opener(source: Source) -> Opener:
    """Bytes in memory, or a file on disk (its path), as an opener of fresh binary streams."""
    if isinstance(source, bytes):
        return from_bytes(source)
    if isinstance(source, Path):
        path = source
        return lambda: path.open("rb")
    return source


def decode(filename: str, open_bytes: Opener) -> Lines:
    """The lines of an uploaded CSV, or UnreadableFile when it is not text.

    Reads the file once, in chunks: its head tells a workbook, binary data or UTF-16; the
    whole tells whether UTF-8 and Windows-1252 lines are mixed.
    """
    with open_bytes() as stream:
        head = stream.read(_HEAD)
    _refuse_binary(filename, head)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        lines = Lines(filename, open_bytes, utf16=True, mixed=False)
        sample = _head_text(lines)
    else:
        if b"\x00" in head:
            raise _not_text(filename)
        utf8, legacy = _scan(open_bytes)
        lines = Lines(filename, open_bytes, utf16=False, mixed=utf8 and legacy)
        sample = head.decode("utf-8", "replace")
    if _looks_binary(sample):
        raise _not_text(filename)
    return lines


_HEAD = 65536


def _refuse_binary(filename: str, head: bytes) -> None:
    if not head.strip():
        raise UnreadableFile(filename, "the file is empty.")
    if head.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            filename,
            "this is a zip archive or an Excel workbook (.xlsx), not a CSV file. Upload the "
            "LinkedIn .zip as it is, or save the sheet as CSV (comma-separated) first.",
        )
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnreadableFile(
            filename, "this is an old Excel workbook (.xls); save it as CSV first."
        )


def _head_text(lines: Lines) -> str:
    try:
        return "".join(itertools.islice(iter(lines), 200))[:_HEAD]
    except UnicodeDecodeError:
        return "\x00" * 3  # damaged UTF-16: binary as far as the reader is concerned


def _scan(open_bytes: Opener) -> tuple[bool, bool]:
    """Whether the file has non-ASCII lines that are UTF-8, and lines that are not."""
    utf8 = legacy = False
    with open_bytes() as stream:
        for raw in stream:
            if raw.isascii():
                continue
            if _decode_line(raw)[1]:
                legacy = True
            else:
                utf8 = True
            if utf8 and legacy:
                break
    return utf8, legacy


def _not_text(filename: str) -> UnreadableFile:
    return UnreadableFile(
        filename, "this is not a text (CSV) file; it looks like binary data or is damaged."
    )


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 200)


def records(filename: str, lines: Iterable[str], delimiter: str) -> Iterator[Row]:
    """CSV records with their first and last physical line (blank lines are skipped).

    Every cell is stripped of control characters here, the one door imported text comes in by.
    """
    reader = csv.reader(iter(lines), delimiter=delimiter, quotechar='"')
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnreadableFile(
                filename, f"the CSV structure is broken near line {previous + 1} ({exc})."
            ) from exc
        first, previous = previous + 1, reader.line_num
        legacy = bool(lines.take_legacy()) if isinstance(lines, Lines) else False
        if cells and any(c.strip() for c in cells):
            yield Row(first, previous, [strip_controls(c) for c in cells], legacy)


def clean_header(cells: list[str]) -> list[str]:
    return [c.replace("\ufeff", "").strip() for c in cells]


def find_header(
    filename: str, lines: Iterable[str], required: Iterable[str], delimiters: str = ",;\t"
) -> Table | None:
    """The table whose header row holds every ``required`` name (normalised), or None."""
    wanted = {header_key(r) for r in required}
    for delimiter in delimiters:
        rows = records(filename, lines, delimiter)
        try:
            for n, row in enumerate(rows):
                if n >= MAX_HEADER_SCAN:
                    break
                if wanted <= {header_key(c) for c in row.cells}:
                    return Table(filename, clean_header(row.cells), row.line, delimiter, rows)
        except UnreadableFile:
            continue
    return None


def cell(row: Row, columns: dict[str, int], name: str) -> str:
    """The stripped value of column ``name`` (empty when the file has no such column)."""
    i = columns.get(name)
    if i is None or i >= len(row.cells):
        return ""
    return row.cells[i].strip()


def width_error(row: Row, expected: int) -> str | None:
    """A reason when a row has a different number of columns than the header."""
    found = len(row.cells)
    if found == expected:
        return None
    if found > expected and not any(c.strip() for c in row.cells[expected:]):
        return None  # trailing empty cells, as spreadsheets sometimes add
    reason = f"expected {expected} columns, found {found}"
    if row.last_line > row.line:
        reason += f" (the row runs over {row.span()}: probably an unclosed quote)"
    elif found > expected:
        reason += " (a value with a comma that is not in quotes?)"
    return reason
