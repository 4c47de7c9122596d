"""`nextround applications add|stage|list`: tables, JSON, the playbook, errors on stderr."""

from __future__ import annotations

import json
from typing import Any

from service.clock import today
from service.contacts.services import create_contact
from service.models import Application, CompanyRelation, Touch, User


def test_add_stage_and_list(runner: Any, user: User) -> None:
    bill = create_contact(user, {"first_name": "Bill", "company": "Initech", "role": "recruiter"})
    added = runner.invoke(
        args=[
            "applications", "add", "--user", user.email, "--company", "Initech",
            "--role", "SRE", "--contact", str(bill.id), "--json",
        ]
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    [row] = json.loads(added.stdout)
    assert (row["company"], row["role"], row["stage"]) == ("Initech", "SRE", "applied")
    assert row["stages"][0]["contact_ids"] == [bill.id]
    assert Touch.query.filter_by(contact_id=bill.id).count() == 1

    staged = runner.invoke(
        args=["applications", "stage", str(row["id"]), "interview", "--date", today().isoformat()]
    )
    assert staged.exit_code == 0, staged.output
    assert "interview" in staged.stdout
    rejected = runner.invoke(
        args=[
            "applications", "stage", str(row["id"]), "rejected",
            "--contact", str(bill.id), "--json",
        ]
    )  # fmt: skip
    assert rejected.exit_code == 0, rejected.output
    [after] = json.loads(rejected.stdout)
    assert after["stage"] == "rejected"
    assert sorted(i["kind"] for i in after["playbook"]) == ["feedback-request", "thank-you"]
    assert all(i["contact_id"] == bill.id for i in after["playbook"])
    assert after["playbook"][0]["draft"].startswith("/drafts/new?kind=")
    assert Application.query.one().company.relation is CompanyRelation.REJECTED_ME

    table = runner.invoke(args=["applications", "list", "--user", user.email])
    assert table.exit_code == 0
    assert "Initech" in table.stdout and "rejected" in table.stdout
    assert "1 application(s)" in table.stdout
    only = runner.invoke(
        args=["applications", "list", "--user", user.email, "--stage", "offer", "--json"]
    )
    assert json.loads(only.stdout) == []


def test_errors_go_to_stderr_with_status_1(runner: Any, user: User, make_user: Any) -> None:
    unknown_user = runner.invoke(
        args=["applications", "list", "--user", "nobody@example.com", "--json"]
    )
    assert unknown_user.exit_code == 1 and unknown_user.stdout == ""
    assert unknown_user.stderr.strip()
    missing = runner.invoke(args=["applications", "stage", "999", "offer"])
    assert missing.exit_code == 1 and "No such application." in missing.stderr
    other = make_user("eve@example.com")
    theirs = create_contact(other, {"first_name": "Eve"})
    foreign = runner.invoke(
        args=[
            "applications", "add", "--user", user.email, "--company", "Initech",
            "--role", "SRE", "--contact", str(theirs.id),
        ]
    )  # fmt: skip
    assert foreign.exit_code == 1 and "Unknown contact" in foreign.stderr
    blank = runner.invoke(
        args=["applications", "add", "--user", user.email, "--company", " ", "--role", "SRE"]
    )
    assert blank.exit_code == 1 and "company" in blank.stderr
    bad_date = runner.invoke(args=["applications", "stage", "1", "offer", "--date", "soon"])
    assert bad_date.exit_code == 2
    assert Application.query.count() == 0
