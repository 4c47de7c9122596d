"""`nextround import linkedin|csv|json` and `nextround export`."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

from service.models import Contact, Touch, User

DATA = Path(__file__).resolve().parents[1] / "data" / "linkedin"
EXPORT_ZIP = "Basic_LinkedInDataExport_03-14-2026.zip"


def test_importing_the_export_zip_prints_the_report(app: Flask, runner: Any, user: User) -> None:
    result = runner.invoke(
        args=["import", "linkedin", str(DATA / EXPORT_ZIP), "--user", user.email]
    )

    assert result.exit_code == 0, result.output
    assert f"{EXPORT_ZIP}: 14 created, 2 updated, 1 unchanged, 6 rejected." in result.output
    assert "  Connections.csv line 9: hidden or closed profile" in result.output
    assert "  Positions.csv line 7: 'Summer' is not a month like Jan 2024" in result.output
    assert Contact.query.filter_by(user_id=user.id).count() == 6

    again = runner.invoke(args=["import", "linkedin", str(DATA / EXPORT_ZIP), "--user", user.email])
    assert "0 created, 0 updated, 17 unchanged" in again.output


def test_a_folder_of_the_unpacked_export(
    app: Flask, runner: Any, user: User, tmp_path: Path
) -> None:
    folder = tmp_path / "Basic_LinkedInDataExport_03-14-2026"
    folder.mkdir()
    for name in ("Connections.csv", "messages.csv", "Invitations.csv", "Profile.csv"):
        shutil.copy(DATA / name, folder / name)
    (folder / "Skills.csv").write_text("Name\nPython\n")
    elsewhere = folder / "old" / "Connections.csv"  # sub-folders are not searched
    elsewhere.parent.mkdir()
    elsewhere.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                         "Not,Me,https://www.linkedin.com/in/not-me,,X,Y,1 Jan 2020\n")  # fmt: skip

    result = runner.invoke(args=["import", "linkedin", str(folder), "--user", user.email])

    assert result.exit_code == 0, result.output
    assert "13 created" in result.output
    assert "Basic_LinkedInDataExport_03-14-2026 (folder)" in result.output
    assert Contact.query.filter_by(linkedin_slug="not-me").count() == 0
    assert Touch.query.filter_by(user_id=user.id).count() == 7


def test_one_csv_file(app: Flask, runner: Any, user: User) -> None:
    path = DATA / "Connections-excel.csv"

    result = runner.invoke(args=["import", "linkedin", str(path), "--user", user.email])

    assert result.exit_code == 0, result.output
    assert "Connections-excel.csv: 3 created, 0 updated, 0 unchanged, 1 rejected." in result.output


def test_unreadable_input_exits_non_zero_and_imports_nothing(
    app: Flask, runner: Any, user: User, tmp_path: Path
) -> None:
    garbage = tmp_path / "Connections.csv"
    garbage.write_bytes(random.Random(3).randbytes(5000))

    result = runner.invoke(args=["import", "linkedin", str(garbage), "--user", user.email])

    assert result.exit_code == 1
    assert "Connections.csv: this is not a text (CSV) file" in result.output
    assert Contact.query.count() == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(args=["import", "linkedin", str(empty), "--user", user.email])
    assert result.exit_code == 1 and "holds no CSV files" in result.output


def test_an_unknown_account_is_an_error(app: Flask, runner: Any) -> None:
    result = runner.invoke(
        args=["import", "linkedin", str(DATA / EXPORT_ZIP), "--user", "nobody@example.com"]
    )

    assert result.exit_code == 1
    assert "No account with the e-mail 'nobody@example.com'" in result.output


def test_a_generic_csv_uses_the_suggested_mapping(
    app: Flask, runner: Any, user: User, tmp_path: Path
) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text("First name,Last name,Email\nAda,Lovelace,ada@example.com\n,,bad\n")

    result = runner.invoke(args=["import", "csv", str(sheet), "--user", user.email])

    assert result.exit_code == 0, result.output
    assert "people.csv: 1 created, 0 updated, 0 unchanged, 1 rejected." in result.output
    assert "  people.csv line 3: no name" in result.output


def test_export_then_import_json_into_another_account(
    app: Flask, runner: Any, make_user: Callable[..., User], tmp_path: Path
) -> None:
    ada, bob = make_user("ada@example.com"), make_user("bob@example.com")
    runner.invoke(args=["import", "linkedin", str(DATA / EXPORT_ZIP), "--user", ada.email])

    printed = runner.invoke(args=["export", "--user", ada.email])
    assert printed.exit_code == 0, printed.output
    doc = json.loads(printed.output)
    assert doc["format"] == "nextround-export" and len(doc["contacts"]) == 6
    target = tmp_path / "ada.json"
    written = runner.invoke(args=["export", "--user", ada.email, "--output", str(target)])
    assert written.exit_code == 0
    assert json.loads(target.read_text())["contacts"] == doc["contacts"]

    restored = runner.invoke(args=["import", "json", str(target), "--user", bob.email])

    assert restored.exit_code == 0, restored.output
    assert "ada.json: " in restored.output and "0 rejected" in restored.output
    assert Contact.query.filter_by(user_id=bob.id).count() == 6
    assert Touch.query.filter_by(user_id=bob.id).count() == 7
    again = runner.invoke(args=["import", "json", str(target), "--user", bob.email])
    assert ": 0 created, 0 updated," in again.output


def test_importing_something_that_is_not_an_export_as_json(
    app: Flask, runner: Any, user: User, tmp_path: Path
) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}')

    result = runner.invoke(args=["import", "json", str(path), "--user", user.email])

    assert result.exit_code == 1
    assert "not a Next Round export" in result.output


def test_export_to_an_unwritable_path_is_a_clear_error(app: Flask, runner: Any, user: User) -> None:
    result = runner.invoke(
        args=["export", "--user", user.email, "--output", "/nonexistent-dir/x.json"]
    )
    assert result.exit_code != 0
    assert "Could not write /nonexistent-dir/x.json" in result.output
    assert "Traceback" not in result.output
