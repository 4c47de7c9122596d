"""Export all of a user's data, restore it elsewhere, and get the same data back."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service.auth.tokens import create_token
from service.companies.services import CompanyIn, create_company
from service.contacts.services import create_contact, record_touch
from service.extensions import db
from service.imports.backup import FORMAT, export_user_data, load_export
from service.imports.csvfiles import UnreadableFile
from service.imports.restore import restore_user_data
from service.imports.services import import_now, start_import
from service.models import ApiToken, Contact, ImportStatus, Tier, User

DATA = Path(__file__).resolve().parents[1] / "data" / "linkedin"
VOLATILE = {"ref", "created_at", "exported_at", "account", "api_tokens"}


def comparable(value: Any) -> Any:
    """An export without ids, creation times and account details."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


@pytest.fixture
def rich_user(make_user: Callable[..., User]) -> User:
    """An account with a bit of everything."""
    ada = make_user("ada@example.com")
    zip_name = "Basic_LinkedInDataExport_03-14-2026.zip"
    import_now(ada, zip_name, (DATA / zip_name).read_bytes())
    db.session.add(Tier(user_id=ada.id, name="Twice a year", interval_days=182))
    db.session.commit()
    create_company(ada, CompanyIn(name="Hooli", website="https://hooli.example/careers",
                                  relation="rejected_me", notes="Final round, March"))  # fmt: skip
    hostile = '<script>alert("x")</script> & "quotes" ' + "é" * 300
    gavin = create_contact(ada, {
        "first_name": "Gavin", "last_name": "Belson", "company": "Hooli", "title": "CEO",
        "role": "decision_maker", "tags": ["hooli", "board"], "notes": hostile,
        "how_met": "Panel interview", "tier_id": ada.tiers[0].id,
    })  # fmt: skip
    record_touch(ada, gavin.id, {"kind": "interview", "occurred_at": "2026-03-01T15:00:00",
                                 "direction": "mutual", "summary": "Final round"})  # fmt: skip
    record_touch(ada, gavin.id, {"kind": "email", "occurred_at": "2026-03-05",
                                 "summary": "Thank-you note"})  # fmt: skip
    create_contact(ada, {"first_name": "Nameless", "company": "Hooli"})  # no slug, no e-mail
    create_token(ada, "laptop")
    return ada


def test_the_export_holds_everything_by_name(app: Flask, rich_user: User) -> None:
    doc = export_user_data(rich_user)

    assert doc["format"] == FORMAT and doc["version"] == 1
    assert [t["name"] for t in doc["tiers"]] == ["Close", "Decision makers", "Twice a year",
                                                  "Wider network"]  # fmt: skip
    assert doc["tags"] == ["board", "hooli"]
    assert len(doc["contacts"]) == 8
    gavin = next(c for c in doc["contacts"] if c["first_name"] == "Gavin")
    assert (gavin["company"], gavin["tier"], gavin["tags"]) == (
        "Hooli",
        "Close",
        ["board", "hooli"],
    )
    assert [t["summary"] for t in gavin["touches"]] == ["Final round", "Thank-you note"]
    assert gavin["last_touch_on"] == "2026-03-05"
    hooli = next(c for c in doc["companies"] if c["name"] == "Hooli")
    assert (hooli["relation"], hooli["website"]) == ("rejected_me", "https://hooli.example/careers")


def test_api_tokens_are_listed_without_their_hashes(app: Flask, rich_user: User) -> None:
    doc = export_user_data(rich_user)
    token = ApiToken.query.filter_by(user_id=rich_user.id).one()

    assert [(t["name"], t["prefix"]) for t in doc["api_tokens"]] == [("laptop", token.prefix)]
    assert token.token_hash not in json.dumps(doc)
    assert "hash" not in json.dumps(doc["api_tokens"])


def test_export_then_restore_into_a_fresh_account_gives_the_same_data(
    app: Flask, rich_user: User, make_user: Callable[..., User]
) -> None:
    original = export_user_data(rich_user)
    bob = make_user("bob@example.com")

    report = restore_user_data(bob, load_export(json.dumps(original).encode()))

    assert report.rejected == []
    restored = export_user_data(bob)
    assert comparable(restored) == comparable(original)
    gavin = next(c for c in restored["contacts"] if c["first_name"] == "Gavin")
    assert gavin["notes"].startswith('<script>alert("x")</script> & "quotes" éé')  # stored intact


def test_restoring_the_same_export_twice_changes_nothing(
    app: Flask, rich_user: User, make_user: Callable[..., User]
) -> None:
    data = json.dumps(export_user_data(rich_user)).encode()
    bob = make_user("bob@example.com")
    first = restore_user_data(bob, load_export(data))
    snapshot = comparable(export_user_data(bob))

    again = restore_user_data(bob, load_export(data))

    assert (again.created, again.updated) == (0, 0)
    assert again.skipped == first.total
    assert comparable(export_user_data(bob)) == snapshot
    same_account = restore_user_data(rich_user, load_export(data))
    assert (same_account.created, same_account.updated) == (0, 0)


def test_restoring_fills_gaps_but_keeps_what_is_there(
    app: Flask, rich_user: User, make_user: Callable[..., User]
) -> None:
    doc = export_user_data(rich_user)
    bob = make_user("bob@example.com")
    mine = create_contact(bob, {"first_name": "Gavin", "last_name": "Belson", "email": None,
                                "notes": "My own note", "linkedin": "gavin-belson"})  # fmt: skip
    gavin = next(c for c in doc["contacts"] if c["first_name"] == "Gavin")
    gavin["linkedin_slug"] = "gavin-belson"

    restore_user_data(bob, doc)

    db.session.refresh(mine)
    assert mine.notes == "My own note"
    assert mine.title == "CEO" and mine.company.name == "Hooli"
    assert [t.name for t in mine.tags] == ["board", "hooli"]
    assert len(mine.touches) == 2


def test_malformed_items_are_reported_and_the_rest_restored(
    app: Flask, make_user: Callable[..., User]
) -> None:
    bob = make_user("bob@example.com")
    doc = {
        "format": FORMAT,
        "version": 1,
        "tiers": [{"name": "Weekly"}],
        "tags": ["ok"],
        "companies": ["not an object"],
        "contacts": [
            {
                "first_name": "Ok",
                "touches": [{"kind": "call", "occurred_at": "2026-01-02T10:00:00"}],
            },
            {"first_name": "", "last_name": "Nobody"},
            {"first_name": "Bad", "role": "overlord"},
            {
                "first_name": "Worse",
                "touches": [{"kind": "telepathy", "occurred_at": "2026-01-02"}],
            },
        ],
    }

    report = restore_user_data(bob, doc)

    assert (report.created, len(report.rejected)) == (2, 5)
    assert [r.reason.split(":")[0] for r in report.rejected] == [
        "tiers[0]", "companies[0]", "contacts[1]", "contacts[2]", "contacts[3]",
    ]  # fmt: skip
    assert report.rejected[2].reason == (
        "contacts[1]: first_name: String should have at least 1 character"
    )
    restored = export_user_data(bob)
    assert [c["first_name"] for c in restored["contacts"]] == ["Ok"]
    assert restored["contacts"][0]["last_touch_on"] == "2026-01-02"


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"not json", "not a JSON file"), (b"[1, 2]", "not a Next Round export"),
     (b'{"format": "nextround-export", "version": 99}', "version 99 is not supported"),
     (b'{"format": "nextround-export", "version": 1, "contacts": {}}',
      "'contacts' should be a list")],
)  # fmt: skip
def test_files_that_are_not_exports_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableFile, match=message):
        load_export(data)


def test_restored_fields_are_checked_like_the_forms(
    app: Flask, make_user: Callable[..., User]
) -> None:
    bob = make_user("bob@example.com")
    long_key = {"kind": "call", "occurred_at": "2026-01-02", "external_key": "k" * 500}
    doc = {
        "format": FORMAT,
        "version": 1,
        "companies": [
            {"name": "Evil", "website": "javascript:alert(1)"},
            {"name": "Worse", "website": "javascript://%0Aalert(1)"},
            {"name": "Hooli", "website": "hooli.example", "relation": "rejected_me"},
        ],
        "contacts": [
            {"first_name": "Five", "email": 5},
            {"first_name": "Long", "email": "a" * 250 + "@example.com"},
            {"first_name": "Link", "linkedin_slug": "https://evil.example/in/x"},
            {"first_name": "Slug", "linkedin_slug": "x" * 300},
            {"first_name": "Touchy", "touches": [long_key]},
            {
                "first_name": "Fine",
                "email": "Fine@Example.com",
                "company": "Hooli",
                "linkedin_slug": "https://www.linkedin.com/in/Fine-One/",
            },
        ],
    }

    report = restore_user_data(bob, doc)

    reasons = {r.reason.split(": ")[0]: r.reason for r in report.rejected}
    assert reasons["companies[1]"].startswith("companies[1]: website: a website is an http(s)")
    assert reasons["contacts[0]"] == "contacts[0]: email: Input should be a valid string"
    assert reasons["contacts[1]"].startswith("contacts[1]: email: ")
    assert reasons["contacts[2]"].startswith("contacts[2]: linkedin_slug: That is not a LinkedIn")
    assert reasons["contacts[3]"].startswith("contacts[3]: linkedin_slug: ")
    assert reasons["contacts[4]"].startswith("contacts[4]: touches[0]: external_key: ")
    assert set(reasons) - {"companies[0]"} == {"companies[1]"} | {
        f"contacts[{i}]" for i in range(5)
    }
    restored = export_user_data(bob)
    websites = [c["website"] or "" for c in restored["companies"]]
    assert "https://hooli.example" in websites
    assert not [w for w in websites if not w.startswith("https://")]  # never a javascript: link
    (fine,) = restored["contacts"]
    assert (fine["email"], fine["linkedin_slug"]) == ("fine@example.com", "fine-one")


def test_a_touch_key_held_by_another_contact_is_not_restored_twice(
    app: Flask, make_user: Callable[..., User]
) -> None:
    bob = make_user("bob@example.com")
    touch = {"kind": "message", "occurred_at": "2026-01-02T10:00:00", "external_key": "li:1"}
    doc = {
        "format": FORMAT,
        "version": 1,
        "contacts": [
            {"first_name": "Ann", "linkedin_slug": "ann", "touches": [touch, touch]},
            {"first_name": "Ben", "linkedin_slug": "ben", "touches": [touch]},
        ],
    }

    report = restore_user_data(bob, doc)

    assert report.rejected == []
    assert (report.created, report.skipped) == (3, 2)  # 2 contacts + 1 touch; 2 duplicates
    assert [len(c["touches"]) for c in export_user_data(bob)["contacts"]] == [1, 0]


def test_a_large_restore_commits_each_batch_with_its_progress(
    app: Flask, make_user: Callable[..., User], statements: list[tuple[str, Any]]
) -> None:
    bob = make_user("bob@example.com")
    contacts = [
        {
            "first_name": f"P{i}",
            "linkedin_slug": f"p-{i}",
            "tier": "Close",
            "tracking_since": "2021-04-04",
        }
        for i in range(1_100)
    ]
    doc = {"format": FORMAT, "version": 1, "contacts": contacts}
    app.config["IMPORT_INLINE_MAX_ROWS"] = 10_000

    run = start_import(bob, "export.json", json.dumps(doc).encode())

    assert run.status is ImportStatus.DONE and run.created_count == 1_100
    saved = [
        "COMMIT" if s == "COMMIT" else p["processed_rows"]
        for s, p in statements
        if s == "COMMIT" or (s.startswith("UPDATE import_runs") and "processed_rows" in p)
    ]
    # each batch of 500 contacts is committed with its progress, not one transaction for all
    for done in (500, 1_000, 1_100):
        assert saved[saved.index(done) + 1] == "COMMIT"
    # the due dates were set batch by batch: "Close" is 21 days after 4 Apr 2021
    assert {c.next_due_on for c in Contact.query.filter_by(user_id=bob.id)} == {date(2021, 4, 25)}


def test_restoring_does_not_bring_back_a_duplicate_merged_away(app: Flask, user: User) -> None:
    from service.contacts.services import merge_contacts

    ada = create_contact(user, {"first_name": "Ada", "email": "ada@example.com"})
    twin = create_contact(user, {"first_name": "Ada L.", "email": "ada.l@example.com"})
    touch = {"kind": "call", "summary": "Engines", "occurred_at": "2026-03-01T10:00:00"}
    record_touch(user, twin.id, touch)
    data = json.dumps(export_user_data(user)).encode()
    db.session.expire_all()  # as a new request would (the twin's touches are not in memory)
    merge_contacts(user, ada.id, twin.id)

    report = restore_user_data(user, load_export(data))

    assert report.created == 0
    people = Contact.query.filter_by(user_id=user.id).all()
    assert [p.first_name for p in people] == ["Ada"]  # as re-importing a CSV already did
    assert len(people[0].touches) == 1


def test_control_characters_in_an_export_are_not_restored(app: Flask, user: User) -> None:
    doc = {
        "format": FORMAT,
        "version": 1,
        "contacts": [
            {"first_name": "Gra\x00ce\x1b", "last_name": "Hop\x85per", "notes": "a\tb\nc"}
        ],
    }

    restore_user_data(user, load_export(json.dumps(doc).encode()))

    grace = Contact.query.filter_by(user_id=user.id).one()
    assert (grace.first_name, grace.last_name, grace.notes) == ("Grace", "Hopper", "a\tb\nc")
