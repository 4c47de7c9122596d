"""Reading uploaded CSV files: decoding, finding the header row, rows with their line numbers.

Pure helpers shared by the LinkedIn and generic CSV parsers (no Flask, no database). Line
numbers are physical lines of the file, 1-based, so a row after a preamble or after a quoted
field spanning several lines is reported where a text editor would show it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

MAX_HEADER_SCAN = 50  # records searched for the header row
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


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


def decode(filename: str, data: bytes) -> str:
    """The text of an uploaded CSV: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252."""
    if not data.strip():
        raise UnreadableFile(filename, "the file is empty.")
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            filename,
            "this is a zip archive or an Excel workbook (.xlsx), not a CSV file. Upload the "
            "LinkedIn .zip as it is, or save the sheet as CSV (comma-separated) first.",
        )
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnreadableFile(
            filename, "this is an old Excel workbook (.xls); save it as CSV first."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _try_decode(data, "utf-16")
    elif b"\x00" in data[:65536]:
        text = None
    else:
        text = _try_decode(data, "utf-8-sig") or _try_decode(data, "cp1252")
    if text is None or _looks_binary(text):
        raise UnreadableFile(
            filename, "this is not a text (CSV) file; it looks like binary data or is damaged."
        )
    return text.removeprefix("\ufeff")


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 200)


def records(filename: str, text: str, delimiter: str) -> Iterator[Row]:
    """CSV records with their first and last physical line (blank lines are skipped)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
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
        if cells and any(c.strip() for c in cells):
            yield Row(first, previous, cells)


def clean_header(cells: list[str]) -> list[str]:
    return [c.replace("\ufeff", "").strip() for c in cells]


def find_header(
    filename: str, text: str, required: Iterable[str], delimiters: str = ",;\t"
) -> Table | None:
    """The table whose header row holds every ``required`` name (normalised), or None."""
    wanted = {header_key(r) for r in required}
    for delimiter in delimiters:
        rows = records(filename, text, delimiter)
        try:
            for n, row in enumerate(rows):
                if n >= MAX_HEADER_SCAN:
                    break
                if wanted <= {header_key(c) for c in row.cells}:
                    return Table(filename, clean_header(row.cells), row.line, delimiter, rows)
        except UnreadableFile:
            continue
    return None


def open_table(filename: str, data: bytes, required: Iterable[str], what: str) -> Table:
    """Decode ``data`` and position it after its header row, or explain why that fails."""
    names = list(required)
    table = find_header(filename, decode(filename, data), names)
    if table is None:
        listed = ", ".join(f'"{n}"' for n in names)
        raise UnreadableFile(
            filename,
            f"no header row with {listed} in the first {MAX_HEADER_SCAN} rows; "
            f"is this really {what}?",
        )
    return table


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
