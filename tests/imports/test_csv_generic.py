"""Generic CSV contact lists: delimiter, header row, suggested mapping, rows and rejects."""

from __future__ import annotations

from datetime import date

import pytest

from service.imports.csv_generic import (
    ContactRow,
    check_mapping,
    read_contacts,
    read_table,
    sniff_delimiter,
    split_name,
    suggest_mapping,
)
from service.imports.csvfiles import Rejected, UnreadableFile
from service.models import ContactRole

GOOGLE = (
    "Name,Given Name,Family Name,E-mail 1 - Value,Organization 1 - Name,Organization 1 - Title,"
    "Group Membership,Notes\n"
    "Ada Lovelace,Ada,Lovelace,ada@example.com,Analytical Engines,Analyst,* myContacts,"
    '"Met at the Royal Society,\nwants an intro"\n'
    "Grace Hopper,Grace,Hopper,GRACE@Example.com,US Navy,Admiral,* myContacts,\n"
)


def _read(
    filename: str, data: bytes, mapping: list[str]
) -> tuple[list[ContactRow], list[Rejected]]:
    items = list(read_contacts(filename, data, mapping))
    contacts = [i for i in items if isinstance(i, ContactRow)]
    return contacts, [i for i in items if isinstance(i, Rejected)]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["First Name", "Last Name", "Email", "Company", "Title"],
         ["first_name", "last_name", "email", "company", "title"]),
        (["Full name", "E-mail address", "Organisation", "Job Title", "LinkedIn URL", "Tags"],
         ["name", "email", "company", "title", "linkedin", "tags"]),
        (["Name", "Given Name", "Family Name", "E-mail 1 - Value", "Organization 1 - Name"],
         ["", "first_name", "last_name", "email", "company"]),
        (["\ufeffnom", "prénom", "Work email", "Where we met", "Colour"],
         ["last_name", "first_name", "email", "", ""]),
        (["Email", "email", "Position", "Headline"], ["email", "", "title", ""]),
    ],
)  # fmt: skip
def test_suggested_mappings(headers: list[str], expected: list[str]) -> None:
    assert suggest_mapping(headers) == expected


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [("a,b,c\n1,2,3\n", ","), ("a;b;c\n1;2;3\n", ";"), ("a\tb\tc\n1\t2\t3\n", "\t"),
     ("a|b|c\n1|2|3\n", "|"), ("name\nAda\n", ",")],
)  # fmt: skip
def test_delimiters_are_detected(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


def test_the_header_row_is_found_below_a_title() -> None:
    data = (
        b"My recruiters (exported 2026-03-01)\n"
        b"\n"
        b"First name,Last name,Email,Company\n"
        b"Ada,Lovelace,ada@example.com,Engines\n"
    )

    table = read_table("recruiters.csv", data)

    assert (table.header_line, table.headers, table.total_rows) == (
        3, ["First name", "Last name", "Email", "Company"], 1,
    )  # fmt: skip
    contacts, rejected = _read("recruiters.csv", data, suggest_mapping(table.headers))
    assert [(c.line, c.contact.first_name) for c in contacts] == [(4, "Ada")]
    assert rejected == []


def test_a_google_contacts_export_reads_with_multiline_notes() -> None:
    data = GOOGLE.encode()
    table = read_table("contacts.csv", data)
    mapping = suggest_mapping(table.headers)
    assert mapping == ["", "first_name", "last_name", "email", "company", "title", "tags", "notes"]

    contacts, rejected = _read("contacts.csv", data, mapping)

    assert rejected == []
    assert [(c.line, c.contact.email) for c in contacts] == [
        (2, "ada@example.com"), (4, "grace@example.com"),
    ]  # fmt: skip
    assert contacts[0].contact.notes == "Met at the Royal Society,\nwants an intro"
    assert contacts[0].contact.tags == ["* mycontacts"]


def test_rows_are_validated_one_by_one_with_their_line() -> None:
    data = (
        b"Name,Email,LinkedIn,Role,Connected on,Tags\n"
        b"Ada Lovelace,ada@example.com,https://www.linkedin.com/in/ada/,Mentor,"
        b"2021-03-12T10:00:00,a; b\n"
        b"Lovelace Jr.,,,,,\n"
        b",,,,,\n"
        b"Bob,bob@,,,,\n"
        b"Carol,,https://example.com/carol,,,\n"
        b"Dan,,,Boss,,\n"
        b"Eve,,,,3/12/2021,\n"
        b"Frank,,,hiring manager,12 Mar 2021,,,\n"
        b"Gina,,,,,,extra\n"
    )
    mapping = ["name", "email", "linkedin", "role", "connected_on", "tags"]

    contacts, rejected = _read("people.csv", data, mapping)

    first = contacts[0].contact
    assert (first.first_name, first.last_name, first.linkedin) == ("Ada", "Lovelace", "ada")
    assert first.connected_on == date(2021, 3, 12) and first.tags == ["a", "b"]
    assert first.role is ContactRole.MENTOR
    assert [(c.line, c.contact.first_name, c.contact.last_name) for c in contacts] == [
        (2, "Ada", "Lovelace"), (3, "Lovelace", "Jr."), (9, "Frank", ""),
    ]  # fmt: skip
    assert contacts[2].contact.role is ContactRole.HIRING_MANAGER
    reasons = {r.line: r.reason for r in rejected}
    assert sorted(reasons) == [5, 6, 7, 8, 10]  # line 4 is blank and simply skipped
    assert reasons[5] == "email: There must be something after the @-sign."
    assert "not a LinkedIn profile URL" in reasons[6]
    assert reasons[7].startswith("Role 'Boss' is not one of: Decision maker, Hiring manager")
    assert reasons[8] == "Connected On '3/12/2021' is not a date like 12 Mar 2021"
    assert reasons[10] == "7 values but the header has 6 columns"
    assert {r.file for r in rejected} == {"people.csv"}


def test_a_semicolon_file_from_excel_in_windows_1252() -> None:
    data = "Vorname;Nachname;Firma\r\nJürgen;Groß;Müller AG\r\n".encode("cp1252")

    table = read_table("kontakte.csv", data)
    contacts, _ = _read("kontakte.csv", data, suggest_mapping(table.headers))

    assert table.delimiter == ";"
    assert [(c.contact.first_name, c.contact.last_name, c.contact.company) for c in contacts] == [
        ("Jürgen", "Groß", "Müller AG")
    ]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [(["first_name"], "a field for each of the 2 columns"),
     (["name", "name"], "Full name .* more than one column"),
     (["email", ""], "first name or the full name"),
     (["first_name", "salary"], "unknown field 'salary'")],
)  # fmt: skip
def test_bad_mappings_are_explained(mapping: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_mapping(["A", "B"], mapping)


def test_unreadable_and_empty_files() -> None:
    with pytest.raises(UnreadableFile, match="header row but no rows"):
        read_table("people.csv", b"Name,Email\n")
    with pytest.raises(UnreadableFile, match="empty"):
        read_table("people.csv", b"")
    with pytest.raises(UnreadableFile, match="not a text"):
        read_table("people.csv", bytes(range(256)) * 8)


@pytest.mark.parametrize(
    ("full", "expected"),
    [("Ada Lovelace", ("Ada", "Lovelace")), ("Lovelace, Ada", ("Ada", "Lovelace")),
     ("Cher", ("Cher", "")), ("  Jean  Luc   Picard ", ("Jean", "Luc Picard"))],
)  # fmt: skip
def test_full_names_are_split(full: str, expected: tuple[str, str]) -> None:
    assert split_name(full) == expected
