"""The LinkedIn export parsers, on files built from the documented formats (tests/data/linkedin)."""

from __future__ import annotations

import csv
import io
import random
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.imports import dates
from service.imports.archive import Limits
from service.imports.csvfiles import UnreadableFile
from service.imports.linkedin import LinkedInData, parse_linkedin

DATA = Path(__file__).resolve().parents[1] / "data" / "linkedin"
EXPORT_ZIP = "Basic_LinkedInDataExport_03-14-2026.zip"


def parse(*names: str) -> LinkedInData:
    return parse_linkedin([(name, (DATA / name).read_bytes()) for name in names])


def rejects(result: LinkedInData) -> list[tuple[str, int | None, str]]:
    return [(r.file, r.line, r.reason) for r in result.rejected]


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_connections_with_preamble_url_and_no_trailing_newline() -> None:
    result = parse("Connections.csv")

    assert (DATA / "Connections.csv").read_bytes()[-1:] != b"\n"
    people = [(c.line, c.first_name, c.last_name, c.slug) for c in result.connections]
    assert people == [
        (5, "Priya", "Sharma", "priya-sharma-3b1a2c4d"),
        (6, "Priya", "Sharma", "priyasharma88"),
        (7, "Marcus", "O'Neil", "marcus-oneil"),
        (8, "José", "Müller-Ibáñez", "josé-müller"),
        (10, "Chen", "Wei", "chen-wei-5e6f"),
        (11, "Sam", "Taylor", "samtaylor"),
    ]
    first, second = result.connections[:2]
    assert (first.company, first.title) == ("Acme Robotics, Inc.", "Head of Talent, EMEA")
    assert first.connected_on == date(2021, 3, 12)
    assert second.email == "priya.sharma@example.org"
    assert result.connections[4].company == 'Umbrella "Labs"'
    assert rejects(result) == [
        (
            "Connections.csv",
            9,
            "hidden or closed profile: LinkedIn exported only the date (01 Jan 2023)",
        )
    ]


def test_connections_before_2021_have_no_preamble_and_no_url() -> None:
    result = parse("Connections-2021-no-preamble.csv")

    assert [(c.line, c.first_name, c.slug) for c in result.connections] == [
        (2, "Priya", None),
        (3, "Grace", None),
        (4, "Chen", None),
    ]
    assert result.connections[1].email == "grace.hopper@navy.example"
    assert [r.line for r in result.rejected] == [5]


def test_connections_from_2023_have_the_preamble_but_no_url() -> None:
    result = parse("Connections-2023-no-url.csv")

    assert [(c.line, c.first_name, c.title) for c in result.connections] == [
        (5, "Priya", "Head of Talent, EMEA"),
        (6, "Sam", ""),
    ]


def test_connections_resaved_in_excel_with_bom_crlf_and_short_dates() -> None:
    raw = (DATA / "Connections-excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfNotes:") and b"\r\n" in raw

    result = parse("Connections-excel.csv")

    assert [(c.line, c.first_name, c.connected_on) for c in result.connections] == [
        (5, "Priya", date(2021, 3, 12)),
        (6, "Marcus", date(2025, 2, 28)),
        (7, "Nadia", date(2021, 4, 4)),
    ]
    assert rejects(result) == [
        (
            "Connections-excel.csv",
            8,
            "hidden or closed profile: LinkedIn exported only the date (1-Jan-23)",
        )
    ]


def test_windows_1252_files_are_read() -> None:
    result = parse("Connections-cp1252.csv")

    assert [(c.first_name, c.last_name, c.company) for c in result.connections] == [
        ("Renée", "Côté", "Société Générale")
    ]


def test_excel_unicode_text_is_utf16_and_tab_separated() -> None:
    text = (DATA / "Connections.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    tsv = "\r\n".join("\t".join(row) for row in rows)

    result = parse_linkedin([("Connections.txt.csv", tsv.encode("utf-16"))])

    assert [c.slug for c in result.connections][:2] == ["priya-sharma-3b1a2c4d", "priyasharma88"]
    assert result.connections[0].company == "Acme Robotics, Inc."


def test_semicolon_separated_files_from_european_excel() -> None:
    data = (
        "First Name;Last Name;URL;Email Address;Company;Position;Connected On\r\n"
        "Jan;de Vries;https://www.linkedin.com/in/jan-de-vries;;Philips;CTO;4-Apr-21\r\n"
    ).encode("cp1252")

    result = parse_linkedin([("Connections.csv", data)])

    assert [(c.slug, c.connected_on) for c in result.connections] == [
        ("jan-de-vries", date(2021, 4, 4))
    ]


def test_broken_rows_are_reported_with_their_line_and_reason() -> None:
    result = parse("Connections-broken.csv")
    name = "Connections-broken.csv"

    assert rejects(result) == [
        (name, 3, "expected 7 columns, found 8 (a value with a comma that is not in quotes?)"),
        (name, 4, "expected 7 columns, found 4"),
        (name, 5, "Connected On '31 Feb 2022' is not a date like 12 Mar 2021"),
        (name, 6, "no name (First Name and Last Name are empty)"),
        (name, 7, "URL 'https://example.com/in/wrong-site' is not a LinkedIn profile address"),
        (name, 8, "Email Address 'not-an-address' is not valid"),
        (name, 9, "hidden or closed profile: LinkedIn exported only the date (03 Mar 2023)"),
    ]
    kept = [(c.line, c.first_name, c.last_name) for c in result.connections]
    assert kept == [
        (2, "Ok", "Person"),
        (10, "Cher", ""),
        (11, "Multi Line", "Name"),  # a quoted name over lines 11-12, whitespace collapsed
        (13, "After", "Multi"),  # the line after a multi-line record keeps its real number
    ]


def test_an_unclosed_quote_is_reported_where_it_starts() -> None:
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Ok,One,https://www.linkedin.com/in/ok-one,,Acme,Engineer,02 Feb 2022\n"
        b'Bad,"Quote,https://www.linkedin.com/in/bad,,Acme,Engineer,02 Feb 2022\n'
        b"Lost,Row,https://www.linkedin.com/in/lost,,Acme,Engineer,02 Feb 2022\n"
    )

    result = parse_linkedin([("Connections.csv", data)])

    assert [c.first_name for c in result.connections] == ["Ok"]
    [rejected] = result.rejected
    assert rejected.line == 3
    assert "runs over lines 3-4" in rejected.reason and "unclosed quote" in rejected.reason


def test_a_text_file_that_is_not_a_csv_is_refused_as_a_whole() -> None:
    with pytest.raises(UnreadableFile, match="no LinkedIn export files found"):
        parse("not-a-csv.csv")
    data = (DATA / "not-a-csv.csv").read_bytes()
    with pytest.raises(UnreadableFile, match=r"no header row .*Connected On.*Connections\.csv"):
        parse_linkedin([("Connections.csv", data)])


def test_binary_garbage_is_refused_with_a_clear_message() -> None:
    garbage = random.Random(7).randbytes(4096)

    with pytest.raises(UnreadableFile, match="not a text \\(CSV\\) file") as caught:
        parse_linkedin([("Connections.csv", garbage)])
    assert caught.value.filename == "Connections.csv"


def test_a_workbook_saved_as_csv_by_name_is_explained() -> None:
    workbook = zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})

    with pytest.raises(UnreadableFile, match=r"Excel workbook \(\.xlsx\)"):
        parse_linkedin([("Connections.csv", workbook)])
    with pytest.raises(UnreadableFile, match=r"Excel workbook \(\.xlsx\); save it as CSV"):
        parse_linkedin([("Connections.xlsx", workbook)])


def test_files_are_recognised_by_their_header_whatever_their_name() -> None:
    data = (DATA / "Connections.csv").read_bytes()

    result = parse_linkedin([("Connections (1).csv", data)])

    assert result.files == {"connections": "Connections (1).csv"}
    assert len(result.connections) == 6


def test_messages_from_2026_are_quoted_multiline_and_collapse_per_day() -> None:
    result = parse("Connections.csv", "messages.csv")
    touches = sorted(result.touches, key=lambda t: (t.occurred_at, t.direction))

    assert [(t.line, t.slug, t.direction, t.occurred_at) for t in touches] == [
        (9, "priya-sharma-3b1a2c4d", "outgoing", datetime(2025, 12, 1, 17, 30)),
        (16, "rita-recruiter", "incoming", datetime(2026, 1, 12, 8, 0)),
        (15, "marcus-oneil", "outgoing", datetime(2026, 1, 15, 16, 45, 10)),
        (15, "samtaylor", "outgoing", datetime(2026, 1, 15, 16, 45, 10)),
        (8, "marcus-oneil", "outgoing", datetime(2026, 2, 10, 7, 59)),
        (2, "marcus-oneil", "incoming", datetime(2026, 2, 10, 9, 15, 2)),
    ]
    assert touches[4].summary == "LinkedIn message sent (2 messages that day): (sent too early)"
    assert touches[5].summary == (
        'LinkedIn message received: Hi Ada, thanks for the chat yesterday, "really" helpful. '
        "Best, Marcus"
    )
    assert touches[0].summary == "LinkedIn message sent: Catching up"
    # drafts (line 11), sponsored InMail without a sender (12) and spam (13) are ignored
    assert rejects(result)[1:] == [
        ("messages.csv", 14, "DATE 'yesterday' is not a date like 2024-01-05 14:03:22 UTC")
    ]
    assert len({t.external_key for t in result.touches}) == len(result.touches)
    assert all(t.external_key.startswith("li-msg:") for t in result.touches)


def test_message_keys_are_stable_across_parses() -> None:
    first = {t.external_key for t in parse("messages.csv").touches}
    again = {
        t.external_key for t in parse("Connections.csv", "messages.csv", "Profile.csv").touches
    }

    assert first == again


def test_the_users_own_profile_comes_from_profile_csv_when_present() -> None:
    result = parse("Profile.csv", "messages-2022.csv")

    assert result.own_name == "Ada Lovelace"
    assert [(t.slug, t.name, t.direction) for t in result.touches] == [
        (None, "Priya Sharma", "outgoing"),  # 9 columns: no recipient URL, only the name
        ("priya-sharma-3b1a2c4d", "Priya Sharma", "incoming"),
        (None, "Marcus O'Neil", "outgoing"),
        ("marcus-oneil", "Marcus O'Neil", "incoming"),
    ]


def test_old_messages_without_profile_csv_find_the_user_by_conversations() -> None:
    result = parse("messages-2022.csv")

    assert [t.direction for t in result.touches] == ["outgoing", "incoming", "outgoing", "incoming"]


def test_invitations_with_profile_urls() -> None:
    result = parse("Invitations.csv")

    assert [(t.line, t.slug, t.direction, t.occurred_at) for t in result.touches] == [
        (2, "marcus-oneil", "outgoing", datetime(2025, 2, 27, 18, 12)),
        (3, "samtaylor", "incoming", datetime(2022, 11, 19, 9, 3)),
    ]
    assert result.touches[0].summary == (
        "Invitation sent: Hi Marcus, great meeting you at PyCon; let's stay in touch!"
    )
    assert result.touches[1].summary == "Invitation received"
    assert rejects(result) == [
        ("Invitations.csv", 4, "Sent At '13/45/22, 9:03 AM' is not a date like 1/5/24, 2:03 PM"),
        ("Invitations.csv", 5, "Direction 'SIDEWAYS' is neither INCOMING nor OUTGOING"),
    ]


def test_invitations_with_the_old_header_name_the_other_person() -> None:
    result = parse("Invitations-2022.csv")

    assert [(t.slug, t.name, t.direction) for t in result.touches] == [
        (None, "Chen Wei", "outgoing"),
        (None, "Priya Sharma", "incoming"),
    ]
    assert result.touches[0].occurred_at == datetime(2019, 9, 14, 22, 20)


def test_positions_with_a_multiline_description() -> None:
    result = parse("Positions.csv")

    assert [(p.line, p.company, p.title, p.current) for p in result.positions] == [
        (2, "Analytical Engines, Ltd.", "Staff Engineer", True),
        (4, "Initech", "Senior Engineer", False),
        (5, "Globex", "Engineer", False),
    ]
    assert rejects(result) == [
        ("Positions.csv", 6, "no Company Name"),
        ("Positions.csv", 7, "'Summer' is not a month like Jan 2024"),
    ]


def test_the_export_zip_reads_every_file_it_knows() -> None:
    result = parse(EXPORT_ZIP)

    assert result.files == {
        "connections": "Connections.csv", "messages": "messages.csv",
        "invitations": "Invitations.csv", "positions": "Positions.csv", "profile": "Profile.csv",
    }  # fmt: skip
    assert sorted(result.ignored_files) == ["Rich_Media.csv", "Skills.csv"]
    assert result.own_name == "Ada Lovelace"
    assert (len(result.connections), len(result.touches), len(result.positions)) == (6, 8, 3)
    assert result.total_rows == 17


def test_a_zip_with_the_files_in_a_folder() -> None:
    folder = "Basic_LinkedInDataExport_03-14-2026/"
    nested = zip_of({
        folder + "Connections.csv": (DATA / "Connections.csv").read_bytes(),
        folder + "Positions.csv": (DATA / "Positions.csv").read_bytes(),
        folder + "notes.txt": b"not a csv",
    })  # fmt: skip

    result = parse_linkedin([("export.zip", nested)])

    assert set(result.files) == {"connections", "positions"}
    assert result.rejected[0].file == "Basic_LinkedInDataExport_03-14-2026/Connections.csv"


def test_zip_entries_that_climb_out_of_the_archive_are_ignored() -> None:
    hostile = zip_of({"../../Connections.csv": (DATA / "Connections.csv").read_bytes()})

    with pytest.raises(UnreadableFile, match="no LinkedIn export files found"):
        parse_linkedin([("export.zip", hostile)])


def test_zip_bombs_stop_at_the_size_budget() -> None:
    bomb = zip_of({"Connections.csv": b"First Name," + b"0" * 5_000_000})
    assert len(bomb) < 50_000

    with pytest.raises(UnreadableFile, match="unpacks to more than 1 MB"):
        parse_linkedin([("export.zip", bomb)], Limits(max_total_bytes=1024 * 1024))


def test_the_other_files_of_the_export_are_left_packed() -> None:
    # a real export holds some 40 CSV files the import does not read: they cost nothing
    export = zip_of(
        {
            "Connections.csv": (DATA / "Connections.csv").read_bytes(),
            "Learning.csv": b"Content Title," + b"0" * 5_000_000,
            "Ad_Targeting.csv": random.Random(3).randbytes(200_000),
        }
    )

    result = parse_linkedin([("export.zip", export)], Limits(max_total_bytes=1024 * 1024))

    assert set(result.files) == {"connections"} and len(result.connections) == 6
    assert sorted(result.ignored_files) == ["Ad_Targeting.csv", "Learning.csv"]


def test_a_copy_suffix_on_a_zipped_file_name_is_still_read() -> None:
    export = zip_of({"Connections (1).csv": (DATA / "Connections.csv").read_bytes()})

    assert len(parse_linkedin([("export.zip", export)]).connections) == 6


def test_the_web_process_unpacks_at_most_100_mb() -> None:
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
    with archive, archive.open("messages.csv", "w", force_zip64=True) as entry:
        for _ in range(101):  # 101 MB of CSV, 0.5 MB zipped
            entry.write(b"0" * 1024 * 1024)

    with pytest.raises(UnreadableFile, match="unpacks to more than 100 MB"):
        parse_linkedin([("export.zip", buffer.getvalue())])


def test_zips_with_too_many_entries_are_refused() -> None:
    many = zip_of({f"f{i}.csv": b"a\n" for i in range(20)})

    with pytest.raises(UnreadableFile, match="holds 20 entries; at most 10"):
        parse_linkedin([("export.zip", many)], Limits(max_entries=10))


def test_a_damaged_zip_is_refused() -> None:
    data = (DATA / EXPORT_ZIP).read_bytes()

    with pytest.raises(UnreadableFile, match="damaged or incomplete"):
        parse_linkedin([("export.zip", data[: len(data) // 2])])


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12 Mar 2021", date(2021, 3, 12)), ("4-Apr-21", date(2021, 4, 4)),
     ("04-Apr-2021", date(2021, 4, 4)), ("1 Sept 2020", date(2020, 9, 1)),
     ("2021-03-12", date(2021, 3, 12)), ("15-Sep-99", date(1999, 9, 15))],
)  # fmt: skip
def test_connected_on_formats(text: str, expected: date) -> None:
    assert dates.connected_on(text) == expected


@pytest.mark.parametrize("text", ["3/12/2021", "Mar 12 2021", "12 Foo 2021", "31 Feb 2022", ""])
def test_connected_on_refuses_to_guess(text: str) -> None:
    with pytest.raises(ValueError, match="not a date like 12 Mar 2021"):
        dates.connected_on(text)


def test_other_date_formats() -> None:
    assert dates.message_date("2024-01-05 14:03:22 UTC") == datetime(2024, 1, 5, 14, 3, 22)
    assert dates.invitation_sent_at("1/5/24, 2:03 PM") == datetime(2024, 1, 5, 14, 3)
    assert dates.invitation_sent_at("12/31/23, 12:15 AM") == datetime(2023, 12, 31, 0, 15)
    assert dates.position_month("Jan 2024") == date(2024, 1, 1)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(
                st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12
            ).filter(lambda s: s.strip()),
            st.text(alphabet=st.sampled_from(list('ab ,"\n;é')), max_size=15),
        ),
        min_size=1,
        max_size=8,
    ),
    st.booleans(),
    st.booleans(),
)
def test_any_names_and_companies_keep_their_line_numbers(
    rows: list[tuple[str, str]], crlf: bool, preamble: bool
) -> None:
    """Whatever csv.writer quotes (commas, quotes, line breaks), the reported lines are exact."""
    out = io.StringIO()
    if preamble:
        out.write('Notes:\n"a note, spanning\ntwo lines"\n\n')
    writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                     "Connected On"])  # fmt: skip
    expected_lines = []
    for i, (first, company) in enumerate(rows):
        expected_lines.append(out.getvalue().count("\n") + 1)
        url = f"https://www.linkedin.com/in/person-{i}"
        writer.writerow([first, "X", url, "", company, "", "12 Mar 2021"])

    result = parse_linkedin([("Connections.csv", out.getvalue().encode())])

    assert [c.line for c in result.connections] == expected_lines
    assert [c.slug for c in result.connections] == [f"person-{i}" for i in range(len(rows))]
    assert [c.company for c in result.connections] == [" ".join(c.split()) for _, c in rows]
