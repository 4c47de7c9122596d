"""The import pages: upload, mapping, progress and report, past runs, and who may see them."""

from __future__ import annotations

import io
import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from service.extensions import db
from service.imports.services import start_import
from service.models import Contact, ImportRun, ImportStatus, User
from tests.helpers import login

DATA = Path(__file__).resolve().parents[1] / "data" / "linkedin"
EXPORT_ZIP = "Basic_LinkedInDataExport_03-14-2026.zip"
REFRESH = '<meta http-equiv="refresh" content="2">'


def upload(*names: str) -> list[tuple[io.BytesIO, str]]:
    return [(io.BytesIO((DATA / n).read_bytes()), n) for n in names]


def test_pages_need_a_signed_in_user(client: FlaskClient) -> None:
    for path in ("/imports/", "/imports/new", "/imports/1", "/imports/1/mapping"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_empty_state_says_where_the_export_comes_from(auth_client: FlaskClient) -> None:
    for path in ("/imports/", "/imports/new"):
        page = auth_client.get(path).get_data(as_text=True)
        assert "Settings &amp; Privacy → Data privacy → Download your data" in page
        assert "Connections.csv" in page and "messages.csv" in page and "Positions.csv" in page
    assert "Nothing imported yet" in auth_client.get("/imports/").get_data(as_text=True)


def test_uploading_the_export_shows_the_report(auth_client: FlaskClient, user: User) -> None:
    response = auth_client.post(
        "/imports/new", data={"files": upload(EXPORT_ZIP), "tier_id": ""},
        content_type="multipart/form-data",
    )  # fmt: skip

    assert response.status_code == 302
    run = ImportRun.query.one()
    assert response.headers["Location"].endswith(f"/imports/{run.id}")
    page = auth_client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{EXPORT_ZIP} imported." in page
    assert REFRESH not in page
    assert re.search(r"<dt>Created</dt><dd>14</dd>", page)
    assert "<progress" not in page  # a finished import shows its counts, not a bar
    assert "<td>Connections.csv</td><td>9</td><td>hidden or closed profile" in page
    assert "<td>Invitations.csv</td><td>5</td><td>Direction &#39;SIDEWAYS&#39; is neither" in page
    assert Contact.query.filter_by(user_id=user.id).count() == 6
    assert "Basic_LinkedInDataExport" in auth_client.get("/imports/").get_data(as_text=True)


def test_several_files_at_once_and_a_tier(auth_client: FlaskClient, user: User) -> None:
    tier = user.tiers[0]

    response = auth_client.post(
        "/imports/new",
        data={"files": upload("Connections.csv", "Invitations.csv"), "tier_id": str(tier.id)},
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    assert {c.tier_id for c in Contact.query.filter_by(user_id=user.id)} == {tier.id}
    assert ImportRun.query.one().filename == "Connections.csv, Invitations.csv"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("Connections.csv", b"\x00\x01\x02garbage" * 50, "not a text (CSV) file"),
     ("Connections.csv", (DATA / "not-a-csv.csv").read_bytes(), "no header row")],
)  # fmt: skip
def test_an_unreadable_upload_is_explained_and_nothing_is_kept(
    auth_client: FlaskClient, name: str, content: bytes, message: str
) -> None:
    response = auth_client.post(
        "/imports/new", data={"files": [(io.BytesIO(content), name)], "tier_id": ""},
        content_type="multipart/form-data",
    )  # fmt: skip

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert ImportRun.query.count() == 0 and Contact.query.count() == 0


def test_submitting_without_a_file_asks_for_one(auth_client: FlaskClient) -> None:
    response = auth_client.post("/imports/new", data={"tier_id": ""})

    assert response.status_code == 422
    assert "Choose the LinkedIn .zip" in response.get_data(as_text=True)


def test_a_spreadsheet_goes_through_the_mapping_page(auth_client: FlaskClient, user: User) -> None:
    sheet = (
        b"Name,Work email,Employer,Favourite colour\nAda Lovelace,ada@example.com,Engines,blue\n"
    )
    response = auth_client.post(
        "/imports/new", data={"files": [(io.BytesIO(sheet), "people.csv")], "tier_id": ""},
        content_type="multipart/form-data",
    )  # fmt: skip
    run = ImportRun.query.one()
    assert response.headers["Location"].endswith(f"/imports/{run.id}/mapping")

    page = auth_client.get(f"/imports/{run.id}/mapping").get_data(as_text=True)

    assert '<option selected value="name">' in page
    assert '<option selected value="email">' in page
    assert "Favourite colour" in page and "blue" in page
    no_name = {"col_0": "", "col_1": "email", "col_2": "", "col_3": ""}
    refused = auth_client.post(f"/imports/{run.id}/mapping", data=no_name)
    assert refused.status_code == 422
    assert "first name or the full name" in refused.get_data(as_text=True)

    mapping = {"col_0": "name", "col_1": "email", "col_2": "company", "col_3": ""}
    done = auth_client.post(f"/imports/{run.id}/mapping", data=mapping)

    assert done.headers["Location"].endswith(f"/imports/{run.id}")
    ada = Contact.query.one()
    assert (ada.first_name, ada.last_name, ada.email, ada.company.name) == (
        "Ada", "Lovelace", "ada@example.com", "Engines",
    )  # fmt: skip
    assert auth_client.get(f"/imports/{run.id}/mapping").status_code == 302  # mapped already


def test_a_queued_import_page_refreshes_itself(auth_client: FlaskClient, user: User) -> None:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"F{i},L{i},https://www.linkedin.com/in/f-{i},,Acme,CTO,4 Apr 2021" for i in range(60)
    ]
    run = start_import(user, "Connections.csv", "\n".join(lines).encode())
    assert run.status is ImportStatus.QUEUED

    page = auth_client.get(f"/imports/{run.id}").get_data(as_text=True)

    assert REFRESH in page and "Queued" in page
    assert "Start it again" in page


def test_someone_elses_import_is_not_found(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    ada, eve = make_user(), make_user()
    sheet = b"Name,Email\nAda,ada@example.com\n"
    run = start_import(ada, "people.csv", sheet)
    login(client, eve)

    for response in (client.get(f"/imports/{run.id}"), client.get(f"/imports/{run.id}/mapping"),
                     client.post(f"/imports/{run.id}/mapping", data={"col_0": "name", "col_1": ""}),
                     client.post(f"/imports/{run.id}/retry")):  # fmt: skip
        assert response.status_code == 404
    assert "people.csv" not in client.get("/imports/").get_data(as_text=True)
    db.session.refresh(run)
    assert run.status is ImportStatus.MAPPING


def test_uploads_without_the_csrf_token_are_refused(
    app_factory: Callable[..., Flask], make_user: Callable[..., User]
) -> None:
    protected = app_factory(csrf=True)
    with protected.app_context():
        from service.auth.services import create_user

        user = create_user("csrf@example.com", "a long enough password")
        client = login(protected.test_client(), user)
        response = client.post(
            "/imports/new", data={"files": upload("Connections.csv"), "tier_id": ""},
            content_type="multipart/form-data",
        )  # fmt: skip
        assert response.status_code == 400
        assert ImportRun.query.count() == 0


def test_a_failed_import_is_announced_as_a_failure(
    auth_client: FlaskClient, user: User, upload_folder: Path
) -> None:
    sheet = io.BytesIO(b"Name,Email\nAda Lovelace,ada@example.com\n")
    response = auth_client.post(
        "/imports/new", data={"files": [(sheet, "people.csv")], "tier_id": ""},
        content_type="multipart/form-data",
    )  # fmt: skip
    run = ImportRun.query.one()
    assert response.headers["Location"].endswith(f"/imports/{run.id}/mapping")
    for stored in upload_folder.iterdir():
        stored.unlink()  # the upload is gone before the run is applied (say, a cleaned disk)

    response = auth_client.post(
        f"/imports/{run.id}/mapping", data={"col_0": "name", "col_1": "email"},
        follow_redirects=True,
    )  # fmt: skip

    page = response.get_data(as_text=True)
    db.session.refresh(run)
    assert run.status is ImportStatus.FAILED
    assert '<p class="flash flash-error">people.csv could not be imported: people.csv: the ' in page
    assert "uploaded file is no longer there; please upload it again." in page
    assert "is being imported" not in page
    again = auth_client.post(f"/imports/{run.id}/retry", follow_redirects=True)
    assert "flash-error" in again.get_data(as_text=True)


def test_the_web_process_copies_an_upload_to_disk_without_reading_it_whole(
    auth_client: FlaskClient, user: User, upload_folder: Path
) -> None:
    rows = "".join(f"Person {i},p{i}@example.com,Company {i % 97}\n" for i in range(200_000))
    sheet = ("Name,Email,Company\n" + rows).encode()  # about 8 MB
    files = MultiDict({"files": FileStorage(io.BytesIO(sheet), "people.csv"), "tier_id": ""})
    boundary, body = encode_multipart(files)  # built here, not by the client (its temp file)
    kind = f"multipart/form-data; boundary={boundary}"

    tracemalloc.start()
    try:
        response = auth_client.post("/imports/new", data=body, content_type=kind)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 302
    run = ImportRun.query.one()
    assert (run.status, run.total_rows) == (ImportStatus.MAPPING, 200_000)
    assert (upload_folder / (run.upload or "")).read_bytes() == sheet
    assert peak < len(sheet) / 2  # before: the whole file, twice (read, then stored in the row)
