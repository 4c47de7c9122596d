"""Imports stay bounded and honest: flat memory, per-line decoding, no control characters."""

from __future__ import annotations

import itertools
import tracemalloc
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from service.extensions import db
from service.imports import runner
from service.imports.csv_generic import ContactRow, read_contacts
from service.imports.csvfiles import LEGACY_ROW, Rejected
from service.imports.services import import_now, run_import, set_mapping, start_import
from service.models import Contact, ImportStatus, User

PADDING = "".join(f"Person {i},person{i}@example.com\n" for i in range(3_000))  # > 64 KiB


def names(user: User) -> set[str]:
    query = sa.select(Contact.first_name, Contact.last_name).where(Contact.user_id == user.id)
    return {f"{first} {last}".strip() for first, last in db.session.execute(query)}


def _sheet(rows: int, who: str = "Person") -> bytes:
    return ("Name\n" + "".join(f"{who} {i:07d}\n" for i in range(rows))).encode()


def _peak_while_applied(user: User, rows: int) -> int:
    run = start_import(user, f"people-{rows}.csv", _sheet(rows, f"Person{rows}"))
    set_mapping(user, run.id, ["name"])
    tracemalloc.start()
    try:
        done = run_import(run.id)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (done.status, done.created_count) == (ImportStatus.DONE, rows)
    return peak


def test_a_csv_is_applied_in_memory_that_does_not_grow_with_the_file(
    app: Flask, user: User
) -> None:
    small = _peak_while_applied(user, 1_000)
    large = _peak_while_applied(user, 10_000)

    # before: every row, its contact and the whole contact book were held at once (about 10x)
    assert large < small * 1.5


def test_a_csv_job_holds_one_batch_of_rows_at_a_time(app: Flask, user: User) -> None:
    items = read_contacts("people.csv", _sheet(2_000), ["name"])

    batches = [len(b) for b in runner._chunks(items)]

    assert batches == [runner.BATCH_ROWS] * 4


def test_a_csv_run_shows_its_progress_after_every_batch(
    app: Flask, user: User, statements: list[tuple[str, Any]]
) -> None:
    run = start_import(user, "people.csv", _sheet(1_234))
    set_mapping(user, run.id, ["name"])

    run_import(run.id)

    progress = [p["processed_rows"] for s, p in statements
                if s.startswith("UPDATE import_runs") and "processed_rows" in p]  # fmt: skip
    assert sorted(set(progress)) == [0, 500, 1_000, 1_234]  # claimed, then after each batch
    kinds = [s.split(" ", 3)[:3] for s, _ in statements]
    inserts = [i for i, k in enumerate(kinds) if k[:3] == ["INSERT", "INTO", "contacts"]]
    commits = [i for i, k in enumerate(kinds) if k[0] == "COMMIT"]
    # each batch is committed before the next one is written
    assert all(any(a < c < b for c in commits) for a, b in itertools.pairwise(inserts))
    assert len(inserts) == 3


def test_rejected_rows_are_listed_up_to_the_cap_then_counted(app: Flask, user: User) -> None:
    rows = runner.MAX_LISTED_REJECTS + 200
    sheet = "Name,Email\n" + "".join(f"Person {i},not-an-address\n" for i in range(rows))

    run = import_now(user, "people.csv", sheet.encode(), mapping=["name", "email"])

    assert run.status is ImportStatus.DONE and run.processed_rows == rows
    assert len(run.rejected) == runner.MAX_LISTED_REJECTS + 1
    assert run.rejected[0]["line"] == 2 and run.rejected[-2]["line"] == rows - 199
    assert run.rejected[-1]["reason"] == "… and 200 more rejected rows"


def test_a_nul_byte_after_the_first_64_kib_is_not_stored(app: Flask, user: User) -> None:
    sheet = ("Name,Email\n" + PADDING + "Late\x00Nul Ghost\x85,late@example.com\n").encode()

    run = import_now(user, "people.csv", sheet, mapping=["name", "email"])

    assert run.status is ImportStatus.DONE and run.rejected == []
    assert "LateNul Ghost" in names(user)
    stored = "".join(names(user))
    assert "\x00" not in stored and "\x85" not in stored


def test_control_characters_never_reach_a_linkedin_contact(app: Flask, user: User) -> None:
    connections = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada\x07,Love\x1blace,https://www.linkedin.com/in/ada,,Eng\x9fines,Analyst\x9b,4 Apr 2021\n"
    )

    import_now(user, "Connections.csv", connections.encode())

    contact = Contact.query.filter_by(user_id=user.id).one()
    assert (contact.first_name, contact.last_name, contact.title) == ("Ada", "Lovelace", "Analyst")
    assert contact.company is not None and contact.company.name == "Engines"


def test_a_file_mixing_utf8_and_cp1252_rows_is_decoded_row_by_row() -> None:
    sheet = (
        b"Name,Email\n"
        + "Jörg Müller,joerg@example.com\n".encode()
        + "Zoë Ærø,zoe@example.com\n".encode("cp1252")
        + "Ana Núñez,ana@example.com\n".encode()
    )

    items = list(read_contacts("people.csv", sheet, ["name", "email"]))

    contacts = [i.contact for i in items if isinstance(i, ContactRow)]
    assert [(c.first_name, c.last_name) for c in contacts] == [("Jörg", "Müller"), ("Ana", "Núñez")]
    assert [i for i in items if isinstance(i, Rejected)] == [Rejected("people.csv", 3, LEGACY_ROW)]


def test_a_file_wholly_in_cp1252_is_read_as_cp1252(app: Flask, user: User) -> None:
    sheet = ("Name,Email\n" + PADDING + "Zoë Ærø,zoe@example.com\n").encode("cp1252")

    run = import_now(user, "people.csv", sheet, mapping=["name", "email"])

    assert run.rejected == [] and "Zoë Ærø" in names(user)


def test_mixed_rows_are_reported_with_their_lines(app: Flask, user: User) -> None:
    sheet = (
        b"Name,Email\n"
        + PADDING.encode()
        + "Jörg Müller,joerg@example.com\n".encode()
        + "Zoë Ærø,zoe@example.com\n".encode("cp1252")
    )

    run = import_now(user, "people.csv", sheet, mapping=["name", "email"])

    assert "Jörg Müller" in names(user) and "JÃ¶rg MÃ¼ller" not in names(user)
    assert run.rejected == [{"file": "people.csv", "line": 3_003, "reason": LEGACY_ROW}]


def test_old_mac_line_ends_still_split_rows(app: Flask, user: User) -> None:
    sheet = b"Name,Email\rAda Lovelace,ada@example.com\rGrace Hopper,grace@example.com\r"

    run = import_now(user, "people.csv", sheet, mapping=["name", "email"])

    assert run.created_count == 2 and names(user) == {"Ada Lovelace", "Grace Hopper"}


def test_the_upload_folder_is_empty_once_runs_are_done(
    app: Flask, user: User, upload_folder: Path
) -> None:
    import_now(user, "people.csv", _sheet(120), mapping=["name"])

    assert list(upload_folder.iterdir()) == []
