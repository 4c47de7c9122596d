"""A contact list from any spreadsheet: detect its shape, suggest a column mapping, read rows.

Pure: no database and no Flask. The mapping is a list with one field name (or "" to ignore
the column) per column of the header row; ``suggest_mapping`` guesses it from the headers and
the user confirms it on the mapping page.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from service.contacts.schemas import ContactIn, split_tags
from service.imports import dates
from service.imports.csvfiles import (
    LEGACY_ROW,
    MAX_HEADER_SCAN,
    Rejected,
    Row,
    Source,
    Table,
    UnreadableFile,
    as_opener,
    clean_header,
    decode,
    records,
)
from service.models import ContactRole

FIELDS: dict[str, str] = {
    "first_name": "First name",
    "last_name": "Last name",
    "name": "Full name (split into first and last)",
    "email": "E-mail",
    "company": "Company",
    "title": "Title / position",
    "linkedin": "LinkedIn profile URL",
    "role": "Role",
    "tags": "Tags (separated by commas)",
    "notes": "Notes",
    "how_met": "How you met",
    "connected_on": "Connected on (date)",
}
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "first_name": (
        "first name",
        "firstname",
        "given name",
        "first",
        "forename",
        "vorname",
        "prénom",
        "prenom",
    ),
    "last_name": ("last name", "lastname", "surname", "family name", "last", "nachname", "nom"),
    "name": ("name", "full name", "fullname", "contact", "contact name", "person", "display name"),
    "email": (
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "mail",
        "emails",
        "primary email",
        "work email",
        "e-mail 1 - value",
    ),
    "company": (
        "company",
        "organization",
        "organisation",
        "employer",
        "company name",
        "companies",
        "organization 1 - name",
        "firma",
    ),
    "title": (
        "title",
        "position",
        "job title",
        "role title",
        "headline",
        "job",
        "organization 1 - title",
    ),
    "linkedin": (
        "linkedin",
        "linkedin url",
        "linkedin profile",
        "profile url",
        "url",
        "linkedin profile url",
        "profile",
    ),
    "role": ("role", "contact role", "type", "relationship"),
    "tags": ("tags", "tag", "labels", "label", "groups", "group membership", "categories"),
    "notes": ("notes", "note", "comments", "comment", "description"),
    "how_met": ("how met", "how we met", "how you met", "met at", "where met", "source", "context"),
    "connected_on": (
        "connected on",
        "connected",
        "date connected",
        "met on",
        "since",
        "date added",
        "created",
        "created at",
    ),
}
_KEY = re.compile(r"[^\w@]+")
_ROLES = (
    {r.value: r for r in ContactRole}
    | {r.label.casefold(): r for r in ContactRole}
    | {
        "headhunter": ContactRole.RECRUITER,
        "recruiter": ContactRole.RECRUITER,
        "hiring manager": ContactRole.HIRING_MANAGER,
        "decision maker": ContactRole.DECISION_MAKER,
    }
)


@dataclass
class GenericTable:
    """A generic CSV file: its header row, where it is, and how it is delimited."""

    filename: str
    headers: list[str]
    header_line: int
    delimiter: str
    total_rows: int
    samples: list[list[str]]


@dataclass(frozen=True)
class ContactRow:
    """One validated contact from a generic CSV, with its line for the report."""

    file: str
    line: int
    contact: ContactIn


def _norm(header: str) -> str:
    return _KEY.sub(" ", header.replace("\ufeff", "").casefold()).strip()


_LOOKUP = {f: {_norm(n) for n in names} for f, names in _SYNONYMS.items()}
_KNOWN = set().union(*_LOOKUP.values())


def sniff_delimiter(text: str) -> str:
    """The delimiter: csv.Sniffer on the first lines, else the most frequent candidate."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = next((line for line in text.splitlines() if line.strip()), "")
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _header_score(cells: list[str]) -> int:
    return sum(1 for c in cells if _norm(c) in _KNOWN)


def _table(filename: str, source: Source) -> Table:
    """The file positioned after its header row: the early row that looks most like one."""
    lines = decode(filename, as_opener(source))
    delimiter = sniff_delimiter("".join(itertools.islice(lines, 20)))
    head = list(itertools.islice(records(filename, lines, delimiter), MAX_HEADER_SCAN))
    if not head:
        raise UnreadableFile(filename, "no rows found.")
    best = max(head, key=lambda r: (_header_score(r.cells), -r.line))
    if _header_score(best.cells) == 0:
        best = head[0]
    rows = records(filename, lines, delimiter)
    for row in rows:
        if row.line == best.line:
            break
    return Table(filename, clean_header(best.cells), best.line, delimiter, rows)


def read_table(filename: str, source: Source, samples: int = 3) -> GenericTable:
    """The shape of a generic CSV for the mapping step, read as a stream (UnreadableFile)."""
    table = _table(filename, source)
    first: list[list[str]] = []
    total = 0
    for row in table.rows:
        if total < samples:
            first.append(row.cells)
        total += 1
    if not total:
        raise UnreadableFile(filename, "the file has a header row but no rows under it.")
    return GenericTable(filename, table.header, table.header_line, table.delimiter, total, first)


def suggest_mapping(headers: list[str]) -> list[str]:
    """A field per header ("" = ignore); each field is used at most once."""
    taken: set[str] = set()
    mapping = []
    for header in headers:
        key = _norm(header)
        guess = next((f for f, names in _LOOKUP.items() if key in names and f not in taken), "")
        if not guess and "linkedin" in key and "linkedin" not in taken:
            guess = "linkedin"
        if not guess and ("mail" in key.split() or key.endswith("email")) and "email" not in taken:
            guess = "email"
        taken.add(guess)
        mapping.append(guess)
    if "name" in taken and {"first_name", "last_name"} <= taken:
        mapping = ["" if f == "name" else f for f in mapping]
    return mapping


def check_mapping(headers: list[str], mapping: list[str]) -> list[str]:
    """A cleaned mapping, or ValueError saying what is wrong with it."""
    if len(mapping) != len(headers):
        raise ValueError(f"expected a field for each of the {len(headers)} columns")
    unknown = [f for f in mapping if f and f not in FIELDS]
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r}")
    used = [f for f in mapping if f]
    if len(used) != len(set(used)):
        twice = next(f for f in used if used.count(f) > 1)
        raise ValueError(f"{FIELDS[twice]} is chosen for more than one column")
    if "first_name" not in used and "name" not in used:
        raise ValueError("choose the column that holds the first name or the full name")
    return list(mapping)


def split_name(full: str) -> tuple[str, str]:
    """ "Ada Lovelace" -> ("Ada", "Lovelace"); "Lovelace, Ada" -> ("Ada", "Lovelace")."""
    full = " ".join(full.split())
    if "," in full:
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    first, _, last = full.partition(" ")
    return first, last


def read_contacts(
    filename: str, source: Source, mapping: list[str], tier_id: int | None = None
) -> Iterator[ContactRow | Rejected]:
    """Each row in turn, as a validated contact or as a rejected row with its reason."""
    table = _table(filename, source)
    mapping = check_mapping(table.header, mapping)
    for row in table.rows:
        try:
            if row.legacy:
                raise ValueError(LEGACY_ROW)
            fields = _fields(row, mapping)
            contact = ContactIn.model_validate({**fields, "tier_id": tier_id})
        except ValueError as exc:
            yield Rejected(filename, row.line, _reason(exc))
            continue
        yield ContactRow(filename, row.line, contact)


def _fields(row: Row, mapping: list[str]) -> dict[str, Any]:
    cells = row.cells
    if len(cells) > len(mapping) and any(c.strip() for c in cells[len(mapping) :]):
        raise ValueError(f"{len(cells)} values but the header has {len(mapping)} columns")
    values: dict[str, Any] = {
        f: cells[i].strip() for i, f in enumerate(mapping) if f and i < len(cells)
    }
    if not any(values.values()):
        raise ValueError("the row is empty")
    full = values.pop("name", "")
    if full and not values.get("first_name"):
        values["first_name"], last = split_name(full)
        values.setdefault("last_name", "")
        values["last_name"] = values["last_name"] or last
    if not values.get("first_name") and values.get("last_name"):
        values["first_name"], values["last_name"] = values["last_name"], ""
    if not values.get("first_name"):
        raise ValueError("no name")
    if "tags" in values:
        values["tags"] = split_tags(values["tags"])
    if "role" in values:
        values["role"] = _role(values["role"])
    if "connected_on" in values:
        values["connected_on"] = _date(values["connected_on"])
    return values


def _date(raw: str) -> date | None:
    """A date as LinkedIn or ISO 8601 writes it (a time after an ISO date is ignored)."""
    if not raw:
        return None
    try:
        return dates.connected_on(raw)
    except ValueError:
        if len(raw) > 10 and raw[10] in "T ":
            return dates.connected_on(raw[:10])
        raise


def _role(raw: str) -> ContactRole:
    if not raw:
        return ContactRole.OTHER
    key = raw.strip().casefold()
    role = _ROLES.get(key) or _ROLES.get(key.replace(" ", "_"))
    if role is None:
        names = ", ".join(r.label for r in ContactRole)
        raise ValueError(f"Role {raw!r} is not one of: {names}")
    return role


def _reason(exc: ValueError) -> str:
    if isinstance(exc, ValidationError):
        parts = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"]) or "row"
            parts.append(f"{where}: {error['msg'].removeprefix('Value error, ')}")
        return "; ".join(parts)
    return str(exc)
