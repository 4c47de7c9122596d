"""`nextround profiles add/list`, `matches list`, `alerts list`: tables, JSON, errors on stderr."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service.contacts.services import create_contact
from service.matching import feed, profiles
from service.models import MatchState, TargetProfile, User, Watch
from service.queue import get_queue
from tests.matching.helpers import matches
from tests.watch.boards import GreenhouseBoard, job

pytestmark = pytest.mark.usefixtures("connect_guard")

Poll = Callable[[Watch], None]


def run_json(runner: Any, *args: str) -> Any:
    result = runner.invoke(args=[*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_profiles_add_saves_every_list_and_queues_a_re_score(runner: Any, user: User) -> None:
    get_queue().empty()
    args = ["profiles", "add", "--user", user.email, "--name", "Data"]
    args += ["--title", "data engineer", "--title", "Sr. Data Eng.", "--keyword", "kafka"]
    args += ["--exclude", "intern", "--location", "Berlin", "--location", "Hamburg", "--remote"]

    [row] = run_json(runner, *args)

    assert row["name"] == "Data" and row["titles"] == ["data engineer", "Sr. Data Eng."]
    assert row["keywords"] == ["kafka"] and row["excluded"] == ["intern"]
    assert row["locations"] == ["Berlin", "Hamburg"] and row["remote"] is True
    assert profiles.rescore_job_id(user.id) in get_queue().job_ids
    [saved] = profiles.list_profiles(user)
    assert saved.id == row["id"] and saved.remote

    table = runner.invoke(args=["profiles", "list", "--user", user.email])
    assert table.exit_code == 0
    assert (
        "data engineer, Sr. Data Eng." in table.output
        and "Berlin, Hamburg + remote" in table.output
    )
    assert "1 profile(s)" in table.output
    assert [p["name"] for p in run_json(runner, "profiles", "list", "--user", user.email)] == [
        "Data"
    ]


def test_profiles_add_refusals_go_to_stderr(
    runner: Any, user: User, profile: TargetProfile
) -> None:
    taken = ["profiles", "add", "--user", user.email, "--name", "data", "--title", "x"]
    result = runner.invoke(args=taken)
    assert result.exit_code == 1 and result.stdout == ""
    assert "already have a profile called" in result.stderr

    blank = ["profiles", "add", "--user", user.email, "--name", "Other", "--title", "   "]
    result = runner.invoke(args=blank)
    assert result.exit_code == 1 and "titles.0" in result.stderr

    no_title = runner.invoke(args=["profiles", "add", "--user", user.email, "--name", "X"])
    assert no_title.exit_code == 2 and "--title" in no_title.stderr

    nobody = runner.invoke(args=["profiles", "list", "--user", "nobody@example.com"])
    assert nobody.exit_code == 1 and "No account" in nobody.stderr
    assert len(profiles.list_profiles(user)) == 1


def test_profiles_add_with_redis_down_says_the_re_score_was_not_queued(
    app_factory: Callable[..., Flask], tmp_path: Path
) -> None:
    app = app_factory(REDIS_URL=f"unix://{tmp_path / 'down.sock'}")
    with app.app_context():
        from service.auth.services import create_user

        create_user("offline@example.com", "a long enough password")
        args = ["profiles", "add", "--user", "offline@example.com", "--name", "D", "--title", "x"]
        result = app.test_cli_runner().invoke(args=[*args, "--json"])
        assert result.exit_code == 0
        assert json.loads(result.stdout)[0]["name"] == "D"
        assert "Re-score not queued" in result.stderr


@pytest.fixture
def alerted(
    user: User, profile: TargetProfile, watch: Watch, board: GreenhouseBoard, poll_and_match: Poll
) -> None:
    """A baseline match, then a new matching posting alerted, with two people known at Acme."""
    create_contact(user, {"first_name": "Zoe", "last_name": "Adams", "company": "Acme"})
    create_contact(
        user,
        {
            "first_name": "Daniel",
            "last_name": "Okafor",
            "company": "Acme",
            "role": "decision_maker",
        },
    )
    poll_and_match(watch)
    board.jobs.append(job(3, "Data Engineer", "Berlin"))
    poll_and_match(watch)


@pytest.mark.usefixtures("alerted")
def test_matches_list_by_status_with_reasons_and_people(runner: Any, user: User) -> None:
    rows = run_json(runner, "matches", "list", "--user", user.email)

    assert [r["vacancy"]["title"] for r in rows] == ["Data Engineer", "Senior Data Engineer"]
    first = rows[0]
    assert first["state"] == "new" and first["company"] == "Acme" and first["profile"] == "Data"
    assert first["reasons"] == [
        "title matches 'data engineer'",
        "in Berlin",
        "you know Daniel Okafor there",
    ]
    assert [p["name"] for p in first["people"]] == ["Daniel Okafor", "Zoe Adams"]
    assert rows[1]["baseline"] is True and first["baseline"] is False

    feed.set_state(user, matches(user)["1"].id, MatchState.DISMISSED)
    dismissed = run_json(runner, "matches", "list", "--user", user.email, "--status", "dismissed")
    assert [r["vacancy"]["title"] for r in dismissed] == ["Senior Data Engineer"]

    table = runner.invoke(args=["matches", "list", "--user", user.email])
    assert table.exit_code == 0 and "1 new match(es)" in table.output
    assert table.output.splitlines()[0].split() == ["id", "score", "title", "company"]
    assert (
        "why: title matches 'data engineer'; in Berlin; you know Daniel Okafor there"
        in table.output
    )
    assert "you know: Daniel Okafor (Decision maker), Zoe Adams (Other)" in table.output
    bad = runner.invoke(args=["matches", "list", "--user", user.email, "--status", "gone"])
    assert bad.exit_code == 2 and "gone" in bad.stderr


@pytest.mark.usefixtures("alerted")
def test_alerts_list_names_the_vacancy_score_reasons_and_people(runner: Any, user: User) -> None:
    [alert] = run_json(runner, "alerts", "list", "--user", user.email)

    assert alert["vacancy"]["title"] == "Data Engineer"
    assert alert["vacancy"]["companies"] == ["Acme"]
    assert alert["channel"]["kind"] == "in_app" and alert["read_at"] is None
    assert alert["score"] == matches(user)["3"].score
    assert alert["reasons"] == [
        "title matches 'data engineer'",
        "in Berlin",
        "you know Daniel Okafor there",
    ]
    assert [(p["name"], p["decision_maker"]) for p in alert["people"]] == [
        ("Daniel Okafor", True),
        ("Zoe Adams", False),
    ]
    assert alert["vacancy"]["link"].startswith("http") and alert["event_id"]
    assert "Draft a note to Daniel Okafor" in [s["label"] for s in alert["next_steps"]]

    table = runner.invoke(args=["alerts", "list", "--user", user.email])
    assert table.exit_code == 0 and "Data Engineer" in table.output
    assert "you know: Daniel Okafor (Decision maker), Zoe Adams (Other)" in table.output
    assert "1 alert(s)" in table.output
    assert run_json(runner, "alerts", "list", "--user", user.email, "--unread") != []


def test_alerts_list_of_an_unknown_account_fails(runner: Any) -> None:
    result = runner.invoke(args=["alerts", "list", "--user", "nobody@example.com", "--json"])
    assert result.exit_code == 1 and "No account" in result.stderr and result.stdout == ""
