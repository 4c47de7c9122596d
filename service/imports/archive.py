"""Unpacking an uploaded .zip, with limits that make zip bombs harmless.

Entries are read into memory, never written to disk, so entry names cannot escape a folder
(zip-slip); names with ``..``, absolute paths, macOS resource forks and anything that is not
a ``.csv`` are ignored.
Only the entries the caller asks for are decompressed (LinkedIn's export holds some 40 CSV
files, of which the import reads five), and the budget is small enough for a web process. The
declared sizes are not trusted: every entry is read in chunks against the total budget.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from service.imports.csvfiles import UnreadableFile

MAX_ENTRIES = 2_000
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # uncompressed, all read entries together
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_entries: int = MAX_ENTRIES
    max_total_bytes: int = MAX_TOTAL_BYTES


@dataclass
class Unpacked:
    """The entries read, as (path in the archive, bytes), and the CSV entries left packed."""

    files: list[tuple[str, bytes | Path]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def is_zip(data: bytes | Path) -> bool:
    """Whether content (bytes, or a file on disk) is a zip archive, by its first bytes."""
    if isinstance(data, Path):
        with data.open("rb") as stream:
            data = stream.read(4)
    return data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06")


def _wanted(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    base = parts[-1]
    return (
        base.lower().endswith(".csv")
        and not base.startswith("._")
        and "__MACOSX" not in parts
        and ".." not in parts
        and not name.startswith(("/", "\\"))
    )


def csv_entries(
    filename: str,
    data: bytes | Path,
    limits: Limits | None = None,
    *,
    keep: Callable[[str], bool] | None = None,
) -> Unpacked:
    """The CSV files inside a zip, shallowest paths first; only those ``keep`` accepts are read.

    A zip on disk is read from there: only its directory and the kept entries are loaded.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise UnreadableFile(filename, f"this .zip file is damaged or incomplete ({exc}).") from exc
    with archive:
        return _entries(filename, archive, limits or Limits(), keep)


def _entries(
    filename: str,
    archive: zipfile.ZipFile,
    limits: Limits,
    keep: Callable[[str], bool] | None,
) -> Unpacked:
    """The kept CSV entries of an open archive, read within the budget."""
    infos = archive.infolist()
    if any(i.filename == "xl/workbook.xml" for i in infos):
        raise UnreadableFile(
            filename, "this is an Excel workbook (.xlsx); save it as CSV (comma-separated) first."
        )
    if len(infos) > limits.max_entries:
        raise UnreadableFile(
            filename,
            f"the archive holds {len(infos)} entries; at most {limits.max_entries} are read.",
        )
    csvs = sorted(
        (i for i in infos if not i.is_dir() and _wanted(i.filename)),
        key=lambda i: (i.filename.count("/"), i.filename),
    )
    budget = limits.max_total_bytes
    unpacked = Unpacked()
    for info in csvs:
        path = posixpath.normpath(info.filename.replace("\\", "/"))
        if keep is not None and not keep(path):
            unpacked.skipped.append(path)
            continue
        content = _read_entry(filename, archive, info, budget, limits.max_total_bytes)
        budget -= len(content)
        unpacked.files.append((path, content))
    return unpacked


def _read_entry(
    filename: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, cap: int
) -> bytes:
    if info.flag_bits & 0x1:
        raise UnreadableFile(filename, f"{info.filename} is password-protected; unzip it first.")
    if info.file_size > budget:
        raise _too_big(filename, cap)
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > budget:
                    raise _too_big(filename, cap)
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise UnreadableFile(filename, f"{info.filename} cannot be unpacked ({exc}).") from exc
    return bytes(out)


def _too_big(filename: str, cap: int) -> UnreadableFile:
    return UnreadableFile(
        filename,
        f"the archive unpacks to more than {cap // (1024 * 1024)} MB of CSV; "
        "upload the files you need (Connections.csv, messages.csv…) on their own.",
    )


def pack(files: Sequence[tuple[str, bytes | Path]], target: BinaryIO) -> None:
    """Several files as one zip written to ``target``, so a run keeps a single upload.

    A file on disk is streamed into the archive.
    """
    seen: set[str] = set()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, (name, content) in enumerate(files):
            base = posixpath.basename(name.replace("\\", "/")) or "file"
            entry = base if base not in seen else f"{n}/{base}"
            seen.add(entry)
            if isinstance(content, Path):
                archive.write(content, entry)
            else:
                archive.writestr(entry, content)
