"""Import runs end to end: matching, idempotence, the report, all-or-nothing reads, the RQ job."""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from rq.job import Job

from service.contacts.services import create_contact, update_contact
from service.errors import ValidationFailed
from service.extensions import db
from service.imports import uploads
from service.imports.services import (
    count_runs,
    get_run,
    get_run_by_id,
    import_now,
    list_runs,
    rejected_counts,
    retry_import,
    run_import,
    set_mapping,
    start_import,
    start_upload,
)
from service.models import (
    Company,
    CompanyRelation,
    Contact,
    ContactRole,
    ImportRun,
    ImportStatus,
    Tag,
    Touch,
    User,
)
from service.queue import QueueUnavailable, get_queue, redis_connection

DATA = Path(__file__).resolve().parents[1] / "data" / "linkedin"
EXPORT_ZIP = "Basic_LinkedInDataExport_03-14-2026.zip"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def contacts(user: User) -> dict[str, Contact]:
    """The user's contacts by slug (or name when they have none)."""
    rows = db.session.scalars(sa.select(Contact).where(Contact.user_id == user.id))
    return {c.linkedin_slug or c.name: c for c in rows}


def touch_count(user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(Touch.user_id == user.id)) or 0


def table_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) or 0
            for t in db.metadata.sorted_tables}  # fmt: skip


def connections_csv(rows: int, *, company: str = "Acme, Inc") -> bytes:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [f'F{i},L{i},https://www.linkedin.com/in/f-{i},,"{company}",CTO,4 Apr 2021'
              for i in range(rows)]  # fmt: skip
    return "\n".join(lines).encode()


def test_the_export_zip_becomes_contacts_companies_and_touches(app: Flask, user: User) -> None:
    run = import_now(user, EXPORT_ZIP, read(EXPORT_ZIP))

    assert run.status is ImportStatus.DONE and run.kind == "linkedin"
    # 6 people + 1 company (current employer) + 7 touches; Initech and Globex became past
    # employers; the message from a stranger (Rita) is not attached to anyone
    assert (run.created_count, run.updated_count, run.skipped_count) == (14, 2, 1)
    assert run.processed_rows == run.total_rows == 17
    assert [(r["file"], r["line"]) for r in run.rejected] == [
        ("Connections.csv", 9), ("messages.csv", 14), ("Invitations.csv", 4),
        ("Invitations.csv", 5), ("Positions.csv", 6), ("Positions.csv", 7),
    ]  # fmt: skip
    people = contacts(user)
    assert set(people) == {"priya-sharma-3b1a2c4d", "priyasharma88", "marcus-oneil",
                           "josé-müller", "chen-wei-5e6f", "samtaylor"}  # fmt: skip
    marcus = people["marcus-oneil"]
    assert (marcus.title, marcus.company.name) == ("VP Engineering", "Initech")
    assert marcus.connected_on == marcus.tracking_since == date(2025, 2, 28)
    assert marcus.tier is None and marcus.next_due_on is None  # imports set no reminders
    assert marcus.last_touch_on == date(2026, 2, 10)
    assert people["priya-sharma-3b1a2c4d"].last_touch_on == date(2025, 12, 1)
    assert people["samtaylor"].last_touch_on == date(2026, 1, 15)
    assert people["chen-wei-5e6f"].last_touch_on is None  # the draft does not count
    assert people["priyasharma88"].email == "priya.sharma@example.org"
    summaries = [t.summary for t in marcus.touches]
    assert summaries[-1] == (
        "Invitation sent: Hi Marcus, great meeting you at PyCon; let's stay in touch!"
    )
    companies = {c.name: c for c in db.session.scalars(sa.select(Company))}
    assert companies["Initech"].relation is CompanyRelation.PAST_EMPLOYER
    assert companies["Globex"].relation is CompanyRelation.PAST_EMPLOYER
    current = companies["Analytical Engines, Ltd."]
    assert current.relation is CompanyRelation.OTHER
    assert current.notes.startswith("Your current employer.")


def test_importing_the_same_export_again_changes_nothing(app: Flask, user: User) -> None:
    import_now(user, EXPORT_ZIP, read(EXPORT_ZIP))
    before = {slug: (c.updated_at, c.last_touch_on) for slug, c in contacts(user).items()}
    touches = touch_count(user)

    again = import_now(user, EXPORT_ZIP, read(EXPORT_ZIP))

    assert (again.created_count, again.updated_count, again.skipped_count) == (0, 0, 17)
    assert touch_count(user) == touches
    after = {slug: (c.updated_at, c.last_touch_on) for slug, c in contacts(user).items()}
    assert after == before
    assert len(again.rejected) == 6  # the same rows are reported again


def test_newer_connections_update_company_and_title_but_never_what_the_user_typed(
    app: Flask, user: User
) -> None:
    import_now(user, "Connections.csv", read("Connections.csv"))
    marcus = contacts(user)["marcus-oneil"]
    tier = user.tiers[0]
    typed = {"notes": "Met at PyCon", "tags": ["pycon"], "role": "hiring_manager",
             "tier_id": tier.id, "how_met": "talk"}  # fmt: skip
    update_contact(user, marcus.id, typed)
    newer = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Marcus,O'Neil,https://www.linkedin.com/in/marcus-oneil,marcus@hooli.example,Hooli,CTO,"
        b"28 Feb 2025\n"
        b"Sam,Taylor,https://www.linkedin.com/in/samtaylor,,,,20 Nov 2022\n"
    )

    run = import_now(user, "Connections.csv", newer)

    assert (run.created_count, run.updated_count, run.skipped_count) == (0, 1, 1)
    db.session.expire_all()
    marcus = contacts(user)["marcus-oneil"]
    assert (marcus.company.name, marcus.title, marcus.email) == (
        "Hooli",
        "CTO",
        "marcus@hooli.example",
    )
    assert (marcus.notes, marcus.how_met, [t.name for t in marcus.tags]) == (
        "Met at PyCon",
        "talk",
        ["pycon"],
    )
    assert marcus.role is ContactRole.HIRING_MANAGER and marcus.tier_id == tier.id


def test_a_contact_typed_by_hand_is_matched_by_email(app: Flask, user: User) -> None:
    typed = create_contact(user, {"first_name": "Priya", "last_name": "S.", "notes": "Globex panel",
                                  "email": "PRIYA.SHARMA@example.org"})  # fmt: skip

    run = import_now(user, "Connections.csv", read("Connections.csv"))

    assert run.created_count == 5 and run.updated_count == 1
    db.session.expire_all()
    assert typed.linkedin_slug == "priyasharma88"
    assert typed.last_name == "S." and typed.notes == "Globex panel"  # filled, never overwritten
    assert typed.company.name == "Globex"


def test_an_old_export_without_urls_then_a_new_one_with_urls(app: Flask, user: User) -> None:
    first = import_now(
        user, "Connections-2021-no-preamble.csv", read("Connections-2021-no-preamble.csv")
    )
    assert first.created_count == 3
    old_invites = import_now(user, "Invitations-2022.csv", read("Invitations-2022.csv"))
    assert (old_invites.created_count, old_invites.skipped_count) == (2, 0)

    second = import_now(user, "Connections.csv", read("Connections.csv"))

    # Priya (Acme, 12 Mar 2021) and Chen gain their slug; the other Priya is someone else
    assert (second.created_count, second.updated_count) == (4, 2)
    people = contacts(user)
    assert people["priya-sharma-3b1a2c4d"].title == "Head of Talent, EMEA"
    assert people["chen-wei-5e6f"].last_touch_on == date(2019, 9, 14)
    assert len(people) == 7
    # now two Priya Sharmas exist: an invitation naming only "Priya Sharma" is not guessed
    third = import_now(user, "Invitations-2022.csv", read("Invitations-2022.csv"))
    assert (third.created_count, third.skipped_count) == (0, 2)


def test_the_same_export_for_two_users_stays_apart(
    app: Flask, make_user: Callable[..., User]
) -> None:
    ada, bob = make_user(), make_user()

    for user in (ada, bob):
        assert import_now(user, EXPORT_ZIP, read(EXPORT_ZIP)).created_count == 14

    assert len(contacts(ada)) == len(contacts(bob)) == 6
    with pytest.raises(Exception, match="No such import"):
        get_run(bob, ImportRun.query.filter_by(user_id=ada.id).first().id)


def test_a_tier_chosen_at_import_applies_to_new_contacts_only(app: Flask, user: User) -> None:
    tier = user.tiers[1]
    existing = create_contact(user, {"first_name": "Sam", "linkedin": "samtaylor"})

    import_now(user, "Connections.csv", read("Connections.csv"), tier_id=tier.id)

    people = contacts(user)
    assert people["marcus-oneil"].tier_id == tier.id
    assert people["samtaylor"].id == existing.id and people["samtaylor"].tier_id is None


def test_someone_elses_tier_is_refused(app: Flask, make_user: Callable[..., User]) -> None:
    ada, bob = make_user(), make_user()

    with pytest.raises(ValidationFailed, match="Unknown stay-in-touch tier"):
        start_import(ada, "Connections.csv", read("Connections.csv"), tier_id=bob.tiers[0].id)


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("Connections.csv", random.Random(1).randbytes(3000), "not a text \\(CSV\\) file"),
        ("Connections.csv", read("not-a-csv.csv"), "no header row"),
        ("export.zip", read(EXPORT_ZIP)[:1500], "damaged or incomplete"),
        ("export.json", b'{"format": "something else"}', "not a Next Round export"),
        ("people.csv", b"\n\n  \n", "empty"),
    ],
    ids=["garbage", "not-a-csv", "truncated-zip", "foreign-json", "blank"],
)
def test_an_unreadable_upload_is_refused_before_anything_is_written(
    app: Flask, user: User, filename: str, data: bytes, message: str
) -> None:
    import_now(user, "Connections.csv", read("Connections.csv"))
    before = table_counts()

    with pytest.raises(ValidationFailed, match=message):
        start_import(user, filename, data)

    assert table_counts() == before


def test_one_unreadable_file_in_the_zip_refuses_the_whole_zip(app: Flask, user: User) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("messages.csv", read("messages.csv"))
        archive.writestr("Connections.csv", random.Random(2).randbytes(2000))
    before = table_counts()

    with pytest.raises(ValidationFailed, match=r"Connections\.csv: this is not a text"):
        start_import(user, "export.zip", buffer.getvalue())

    assert table_counts() == before


def test_files_over_the_size_limit_are_refused(app: Flask, user: User) -> None:
    app.config["IMPORT_MAX_BYTES"] = 500

    with pytest.raises(ValidationFailed, match="imports are limited to"):
        start_import(user, "Connections.csv", read("Connections.csv"))
    assert ImportRun.query.count() == 0


def test_several_files_of_one_export_are_imported_together(app: Flask, user: User) -> None:
    files = [(n, read(n)) for n in ("Connections.csv", "messages.csv", "Invitations.csv")]

    run = start_upload(user, files)

    assert run.status is ImportStatus.DONE
    assert run.filename == "Connections.csv, messages.csv, Invitations.csv"
    assert run.created_count == 6 + 7
    assert {r["file"] for r in run.rejected} == {
        "Connections.csv",
        "messages.csv",
        "Invitations.csv",
    }


def test_a_spreadsheet_cannot_join_a_linkedin_upload(app: Flask, user: User) -> None:
    with pytest.raises(ValidationFailed, match="only when they all come from the LinkedIn export"):
        start_upload(user, [("Connections.csv", read("Connections.csv")),
                            ("people.csv", b"Name,Email\nAda,ada@example.com\n")])  # fmt: skip


GENERIC = (
    b"Full name;E-mail;Organisation;Job title;Tags;Role;Notes;Met on\r\n"
    b"Ada Lovelace;ada@example.com;Analytical Engines;Analyst;math, engines;Mentor;Knows Babbage;"
    b"2021-03-12\r\n"
    b"Hopper, Grace;grace@example.com;US Navy;Admiral;;Decision maker;;12 Mar 2021\r\n"
    b";nobody@example.com;Nowhere;;;;;\r\n"
    b"Alan Turing;not-an-email;Bletchley;;;;;\r\n"
    b"Joan Clarke;joan@example.com;Bletchley;;;wizard;;\r\n"
)


def test_a_spreadsheet_waits_for_its_mapping_then_imports(app: Flask, user: User) -> None:
    run = start_import(user, "people.csv", GENERIC)

    assert run.status is ImportStatus.MAPPING and run.kind == "csv"
    mapping = ["name", "email", "company", "title", "tags", "role", "notes", "connected_on"]
    assert run.column_map["suggested"] == mapping
    assert Contact.query.count() == 0

    done = set_mapping(user, run.id, mapping)

    assert done.status is ImportStatus.DONE
    assert (done.created_count, done.updated_count, done.skipped_count) == (2, 0, 0)
    assert [(r["line"], r["reason"].split(":")[0]) for r in done.rejected] == [
        (4, "no name"), (5, "email"), (6, "Role 'wizard' is not one of"),
    ]  # fmt: skip
    people = {c.name: c for c in Contact.query}
    ada = people["Ada Lovelace"]
    assert [t.name for t in ada.tags] == ["engines", "math"]
    assert ada.role is ContactRole.MENTOR and ada.connected_on == date(2021, 3, 12)
    assert people["Grace Hopper"].role is ContactRole.DECISION_MAKER

    again = import_now(user, "people.csv", GENERIC, mapping=mapping)
    assert (again.created_count, again.updated_count, again.skipped_count) == (0, 0, 2)
    assert Tag.query.count() == 2


def test_a_mapping_without_a_name_is_refused(app: Flask, user: User) -> None:
    run = start_import(user, "people.csv", GENERIC)

    with pytest.raises(ValidationFailed, match="first name or the full name"):
        set_mapping(user, run.id, ["", "email", "", "", "", "", "", ""])
    assert get_run_by_id(run.id).status is ImportStatus.MAPPING


def test_a_large_import_runs_as_a_job_with_visible_progress(
    app: Flask, user: User, run_worker: Callable[[], int], statements: list[tuple[str, Any]]
) -> None:
    run = start_import(user, "Connections.csv", connections_csv(1_234))
    assert run.status is ImportStatus.QUEUED and len(get_queue()) == 1
    db.session.commit()

    assert run_worker() == 1

    assert len(get_queue()) == 0
    db.session.expire_all()
    done = get_run_by_id(run.id)
    assert (done.status, done.created_count, done.progress_percent) == (
        ImportStatus.DONE,
        1_234,
        100,
    )
    progress = [p["processed_rows"] for s, p in statements
                if s.startswith("UPDATE import_runs") and "processed_rows" in p]  # fmt: skip
    assert sorted(set(progress)) == [0, 500, 1_000, 1_234]  # committed after every batch
    contact_selects = [s for s, _ in statements if s.startswith("SELECT") and "FROM contacts" in s]
    assert len(contact_selects) <= 3 * 2  # by slug and by name per batch, not one per row


def test_a_crashed_run_converges_when_run_again(app: Flask, user: User) -> None:
    run = start_import(user, "Connections.csv", connections_csv(1_200))
    first_batch_done = False

    def crash_on_second_batch(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        nonlocal first_batch_done
        compiled = getattr(context, "compiled_parameters", None) or [{}]
        if statement.startswith("UPDATE import_runs") and compiled[0].get("processed_rows") == 500:
            first_batch_done = True
        elif statement.startswith("INSERT INTO contacts") and first_batch_done:
            raise RuntimeError("worker lost")

    sa.event.listen(db.engine, "before_cursor_execute", crash_on_second_batch)
    try:
        with pytest.raises(RuntimeError, match="worker lost"):
            run_import(run.id)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", crash_on_second_batch)
    failed = get_run_by_id(run.id)
    assert failed.status is ImportStatus.FAILED and "worker lost" in (failed.error or "")
    assert Contact.query.count() == 500  # the first batch was committed

    again = run_import(run.id)

    assert again.status is ImportStatus.DONE and again.error is None
    assert (again.created_count, again.skipped_count) == (700, 500)
    assert Contact.query.count() == 1_200


def test_redis_down_keeps_the_run_queued_for_a_retry(
    app_factory: Callable[..., Flask], tmp_path: Path
) -> None:
    down = app_factory(REDIS_URL=f"unix://{tmp_path / 'nothing.sock'}")
    with down.app_context():
        from service.auth.services import create_user

        user = create_user("down@example.com", "a long enough password")
        with pytest.raises(QueueUnavailable):
            start_import(user, "Connections.csv", connections_csv(100))
        run = ImportRun.query.one()
        assert run.status is ImportStatus.QUEUED and run.total_rows == 100
        run_id, user_id = run.id, user.id
    up = app_factory()
    with up.app_context():
        user = db.session.get(User, user_id)
        assert retry_import(user, run_id).status is ImportStatus.QUEUED
        assert len(get_queue()) == 1


def test_a_next_round_export_is_restored_through_an_import_run(
    app: Flask, make_user: Callable[..., User]
) -> None:
    from service.imports.backup import export_user_data

    ada, bob = make_user(), make_user()
    import_now(ada, EXPORT_ZIP, read(EXPORT_ZIP))
    export = __import__("json").dumps(export_user_data(ada)).encode()

    run = start_import(bob, "nextround-export.json", export)

    assert run.kind == "nextround" and run.status is ImportStatus.DONE
    assert len(contacts(bob)) == 6 and touch_count(bob) == 7


def test_the_upload_waits_on_disk_and_goes_once_applied(
    app: Flask, user: User, upload_folder: Path
) -> None:
    run = start_import(user, "Connections.csv", connections_csv(1_234))
    assert run.status is ImportStatus.QUEUED
    assert [p.name for p in upload_folder.iterdir()] == [run.upload]
    assert uploads.path_of(run.upload or "").read_bytes() == connections_csv(1_234)

    assert run_import(run.id).status is ImportStatus.DONE
    assert get_run_by_id(run.id).upload is None and list(upload_folder.iterdir()) == []


@contextmanager
def crash_on_second_batch() -> Iterator[None]:
    """The worker dies while writing the second batch of contacts."""
    first_batch_done = False

    def crash(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        nonlocal first_batch_done
        compiled = getattr(context, "compiled_parameters", None) or [{}]
        if statement.startswith("UPDATE import_runs") and compiled[0].get("processed_rows") == 500:
            first_batch_done = True
        elif statement.startswith("INSERT INTO contacts") and first_batch_done:
            raise RuntimeError("worker lost")

    sa.event.listen(db.engine, "before_cursor_execute", crash)
    try:
        with pytest.raises(RuntimeError, match="worker lost"):
            yield
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", crash)


def test_due_dates_of_committed_batches_are_set_when_a_run_fails(app: Flask, user: User) -> None:
    close = next(t for t in user.tiers if t.name == "Close")
    run = start_import(user, "Connections.csv", connections_csv(1_200), tier_id=close.id)

    with crash_on_second_batch():
        run_import(run.id)

    assert get_run_by_id(run.id).status is ImportStatus.FAILED
    due = [c.next_due_on for c in Contact.query.filter_by(user_id=user.id)]
    # connected 4 Apr 2021, "Close" every 21 days
    assert len(due) == 500 and set(due) == {date(2021, 4, 25)}


def test_a_failed_run_keeps_its_upload_until_it_is_done(app: Flask, user: User) -> None:
    run = start_import(user, "Connections.csv", connections_csv(1_200))
    with crash_on_second_batch():
        run_import(run.id)

    def stored() -> bytes | None:
        name = get_run_by_id(run.id).upload
        return uploads.path_of(name).read_bytes() if name else None

    assert get_run_by_id(run.id).status is ImportStatus.FAILED
    assert stored() == connections_csv(1_200)  # "Start it again" reads it again

    assert run_import(run.id).status is ImportStatus.DONE
    assert stored() is None


def test_a_run_is_applied_by_one_job_at_a_time(
    app: Flask, user: User, run_worker: Callable[[], int]
) -> None:
    run = start_import(user, "Connections.csv", connections_csv(1_234))
    db.session.execute(
        sa.update(ImportRun).where(ImportRun.id == run.id).values(status=ImportStatus.RUNNING)
    )
    db.session.commit()

    again = run_import(run.id)  # a second delivery while the first job is still at work

    assert again.status is ImportStatus.RUNNING and again.processed_rows == 0
    assert Contact.query.count() == 0
    with pytest.raises(ValidationFailed, match="this one is running"):
        retry_import(user, run.id)
    assert run_worker() == 1  # the queued job finds the run taken and leaves it alone
    assert Contact.query.count() == 0


def test_starting_a_queued_run_again_does_not_queue_it_twice(
    app: Flask, user: User, run_worker: Callable[[], int]
) -> None:
    run = start_import(user, "Connections.csv", connections_csv(1_234))

    retry_import(user, run.id)
    retry_import(user, run.id)

    assert get_queue().job_ids == [f"import-{run.id}"]
    assert run_worker() == 1
    assert get_run_by_id(run.id).created_count == 1_234


def test_a_failed_run_is_queued_again_although_its_last_job_is_remembered(
    app: Flask, user: User, run_worker: Callable[[], int]
) -> None:
    upload = connections_csv(1_234)
    run = start_import(user, "Connections.csv", upload)
    path = uploads.path_of(run.upload or "")
    path.write_bytes(b"\x00")
    assert run_worker() == 1  # the job ends normally, with the run FAILED on an unreadable file
    assert get_run_by_id(run.id).status is ImportStatus.FAILED
    assert Job.fetch(f"import-{run.id}", connection=redis_connection()).is_finished
    path.write_bytes(upload)

    assert retry_import(user, run.id).status is ImportStatus.QUEUED

    assert run_worker() == 1
    db.session.expire_all()
    assert get_run_by_id(run.id).status is ImportStatus.DONE


def test_uploads_are_read_with_no_transaction_open(
    auth_client: FlaskClient, user: User, parsing: list[tuple[str, bool]]
) -> None:
    response = auth_client.post(
        "/imports/new",
        data={"files": [(io.BytesIO(read(EXPORT_ZIP)), EXPORT_ZIP)], "tier_id": ""},
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    assert get_run_by_id(ImportRun.query.one().id).status is ImportStatus.DONE
    names = {name for name, _ in parsing}
    assert names == {"csv_entries", "decode"}
    assert [name for name, in_transaction in parsing if in_transaction] == []


def test_a_run_parses_its_upload_before_its_first_transaction(
    app: Flask, make_user: Callable[..., User], parsing: list[tuple[str, bool]]
) -> None:
    from service.imports.backup import export_user_data

    ada, bob = make_user(), make_user()
    import_now(ada, EXPORT_ZIP, read(EXPORT_ZIP))
    export = json.dumps(export_user_data(ada)).encode()
    db.session.commit()
    parsing.clear()

    run = start_import(bob, "nextround-export.json", export)
    mapped = start_import(bob, "people.csv", GENERIC)
    set_mapping(bob, mapped.id, mapped.column_map["suggested"])

    assert run.status is ImportStatus.DONE
    assert get_run_by_id(mapped.id).status is ImportStatus.DONE
    assert [name for name, _ in parsing].count("load_export") == 2  # on upload, then in the run
    assert [name for name, in_transaction in parsing if in_transaction] == []


def test_runs_are_listed_a_page_at_a_time_without_their_big_columns(
    app: Flask, user: User, statements: list[tuple[str, Any]]
) -> None:
    runs = [start_import(user, f"people-{n}.csv", GENERIC) for n in range(3)]
    done = import_now(user, "Connections.csv", read("Connections.csv"))
    statements.clear()

    page = list_runs(user, offset=1, limit=2)

    (select,) = [s for s, _ in statements if "FROM import_runs" in s]
    assert "rejected" not in select
    assert [r.id for r in page] == [runs[2].id, runs[1].id]  # newest first
    assert count_runs(user) == 4
    assert rejected_counts(list_runs(user)) == {
        done.id: len(done.rejected),
        **{r.id: 0 for r in runs},
    }
