"""`nextround watches add/list`, `vacancies list`, `poll --now`, `tick`: tables, JSON, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from service.models import User, Watch
from service.watch.poll import poll_source
from tests.watch.boards import GreenhouseBoard

pytestmark = pytest.mark.usefixtures("connect_guard")


def test_watches_add_detects_the_board_and_prints_the_watch(
    runner: Any, user: User, board: GreenhouseBoard
) -> None:
    args = ["watches", "add", board.url, "--user", user.email, "--company", "Acme"]
    result = runner.invoke(args=[*args, "--ats", "greenhouse", "--json"])

    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert row["company"] == "Acme" and row["ats"] == "greenhouse" and row["state"] == "new"

    table = runner.invoke(args=["watches", "list", "--user", user.email])
    assert table.exit_code == 0 and "Acme" in table.output and "1 watch(es)" in table.output


def test_watches_add_with_a_bad_url_fails_on_stderr(runner: Any, user: User) -> None:
    args = ["watches", "add", "nota url", "--user", user.email, "--company", "Acme"]
    result = runner.invoke(args=args)

    assert result.exit_code == 1
    assert "not a URL" in result.stderr and result.stdout == ""


def test_an_unknown_account_is_an_error(runner: Any) -> None:
    result = runner.invoke(args=["watches", "list", "--user", "nobody@example.com"])
    assert result.exit_code == 1 and "No account" in result.stderr


def test_vacancies_list_filters_by_status_and_company(
    runner: Any, user: User, watch: Watch, board: GreenhouseBoard
) -> None:
    poll_source(watch.source_id)
    board.jobs.pop()
    poll_source(watch.source_id)
    poll_source(watch.source_id)

    def listed(*extra: str) -> list[dict[str, Any]]:
        args = ["vacancies", "list", "--user", user.email, "--json", *extra]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    assert {v["title"] for v in listed()} == {"Backend Engineer", "Data Analyst"}
    assert [v["title"] for v in listed("--status", "open")] == ["Backend Engineer"]
    assert [v["title"] for v in listed("--status", "closed")] == ["Data Analyst"]
    assert [v["title"] for v in listed("--status", "new")] == ["Backend Engineer"]
    assert len(listed("--company", "acme")) == 2
    missing = runner.invoke(args=["vacancies", "list", "--user", user.email, "--company", "Nope"])
    assert missing.exit_code == 1 and "No company" in missing.stderr
    table = runner.invoke(args=["vacancies", "list", "--user", user.email])
    assert "Backend Engineer" in table.output and "2 vacancy(ies)" in table.output


def test_poll_now_queues_once_and_tick_queues_nothing_more(
    runner: Any, watch: Watch, run_worker: Callable[[], int]
) -> None:
    source = str(watch.source_id)
    first = runner.invoke(args=["poll", "--source", source, "--now"])
    again = runner.invoke(args=["poll", "--source", source, "--now"])

    assert first.exit_code == 0 and "queued" in first.output
    assert "already queued" in again.output
    assert runner.invoke(args=["tick"]).output.splitlines()[0] == "0 poll(s) queued."
    assert run_worker() == 1
    unknown = runner.invoke(args=["poll", "--source", "999", "--now"])
    assert unknown.exit_code == 1 and "No source" in unknown.stderr
