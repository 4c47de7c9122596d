"""`nextround week`: table, Markdown, JSON and iCalendar; errors on stderr with status 1."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from icalendar import Calendar

from service.clock import today
from service.contacts.services import create_contact
from service.models import User
from tests.helpers import tier_id


def test_week_prints_the_plan_in_each_format(runner: Any, user: User) -> None:
    create_contact(
        user,
        {"first_name": "Grace", "tier_id": tier_id(user, "Close")},
        today=today() - timedelta(days=21),
    )
    table = runner.invoke(args=["week", "--user", user.email])
    assert table.exit_code == 0, table.output
    assert "Get in touch with Grace" in table.output and "1 item(s) in" in table.output

    md = runner.invoke(args=["week", "--user", user.email, "--format", "md"])
    assert md.output.startswith("# Next Round plan for") and "- [ ] [Get in touch" in md.output

    data = json.loads(runner.invoke(args=["week", "--user", user.email, "--json"]).output)
    assert [i["kind"] for i in data["items"]] == ["contact"]
    assert data["items"][0]["ticked_at"] is None

    ics = runner.invoke(args=["week", "--user", user.email, "--format", "ics"])
    todos = Calendar.from_ical(ics.stdout_bytes).walk("VTODO")
    assert [str(t["SUMMARY"]) for t in todos] == ["Get in touch with Grace"]

    past = runner.invoke(args=["week", "--user", user.email, "--week", "2026-W01", "--json"])
    assert json.loads(past.output)["week"] == "2026-W01"


def test_week_errors_go_to_stderr(runner: Any, user: User) -> None:
    unknown = runner.invoke(args=["week", "--user", "nobody@example.com"])
    assert unknown.exit_code == 1 and "No account" in unknown.stderr
    bad = runner.invoke(args=["week", "--user", user.email, "--week", "2026-W60"])
    assert bad.exit_code == 1 and "has no week 60" in bad.stderr
