"""`nextround demo` on the test database and Redis: the account, its people and profile, the
boards it serves itself, the alert naming the decision maker; run again; the demo marks."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from service.alerts.content import describe
from service.alerts.services import list_alerts
from service.clock import utcnow
from service.demo.boards import DemoBoard, DemoBoards
from service.demo.services import DEMO_EMAIL
from service.errors import Conflict
from service.extensions import db
from service.models import (
    Alert,
    Company,
    CompanyRelation,
    Contact,
    ContactRole,
    Match,
    Source,
    TargetProfile,
    Touch,
    User,
    Vacancy,
    Watch,
)
from service.queue import get_queue
from service.watch.schedule import claim_due_sources, tick
from service.watch.services import check_now

pytestmark = pytest.mark.usefixtures("connect_guard")

ARRIVAL = "Senior Data Engineer, Data Platform"


def run_demo(runner: Any, *args: str) -> str:
    """Run the command; its printed password."""
    result = runner.invoke(args=["demo", *args])
    assert result.exit_code == 0, result.output
    found = re.search(r"password: (\S+)", result.output)
    assert found is not None, result.output
    return found.group(1)


def demo_user() -> User:
    user = db.session.scalar(sa.select(User).where(User.email == DEMO_EMAIL))
    assert user is not None
    return user


def count(model: Any, *where: Any) -> int:
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)


def signs_in(client: FlaskClient, password: str) -> bool:
    response = client.post("/login", data={"email": DEMO_EMAIL, "password": password})
    return response.status_code == 302


def test_the_demo_makes_an_account_whose_alert_names_the_decision_maker(
    app: Flask, runner: Any, client: FlaskClient
) -> None:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo account created: demo@example.com" in result.output
    assert "http://127.0.0.1:5000/alerts/" in result.output
    assert f"In-app alert: {ARRIVAL} at Northwind Analytics" in result.output
    assert "you know: Priya Raman (Decision maker)" in result.output

    user = demo_user()
    assert user.demo
    # decision makers at two past employers, each with touches
    known = db.session.scalars(
        sa.select(Contact)
        .join(Company, Company.id == Contact.company_id)
        .where(
            Contact.user_id == user.id,
            Contact.role == ContactRole.DECISION_MAKER,
            Company.relation == CompanyRelation.PAST_EMPLOYER,
        )
    ).all()
    assert {c.company.name for c in known if c.company} == {"Northwind Analytics", "Aurora Health"}
    assert all(c.touches and c.last_touch_on and c.next_due_on for c in known)
    relations = set(
        db.session.scalars(sa.select(Company.relation).where(Company.user_id == user.id))
    )
    assert {CompanyRelation.REJECTED_ME, CompanyRelation.TARGET} <= relations
    profile = db.session.scalar(sa.select(TargetProfile).where(TargetProfile.user_id == user.id))
    assert profile is not None and "senior data engineer" in profile.titles

    # four watched boards, all demo; their postings read through the real poll code
    watches = db.session.scalars(sa.select(Watch).where(Watch.user_id == user.id)).all()
    assert len(watches) == 4 and all(w.source.demo for w in watches)
    assert count(Vacancy) == 17

    # the baseline: a match already on a board is shown but never alerted
    baseline = db.session.scalars(
        sa.select(Match).join(Vacancy).where(Match.user_id == user.id, Match.baseline.is_(True))
    ).all()
    assert [m.vacancy.title for m in baseline if m.matched] == ["Data Engineer, Clinical Data"]
    assert not any(m.alerted for m in baseline)

    # exactly one alert: the new posting, naming Priya Raman first, with the reasons
    alerts, total = list_alerts(user)
    assert total == 1
    (content,) = describe(alerts)
    assert content.title == ARRIVAL
    assert content.people[0].name == "Priya Raman" and content.people[0].decision_maker
    assert "you know Priya Raman there" in content.reasons
    assert "you used to work here" in content.reasons

    # no job was queued: the demo matched its own polls, and its boards are gone now
    assert get_queue().count == 0

    # the printed password signs in, and the alert is there to read
    password = re.search(r"password: (\S+)", result.output)
    assert password is not None and signs_in(client, password.group(1))
    page = client.get("/alerts/").get_data(as_text=True)
    assert ARRIVAL in page and "Priya Raman" in page


def test_running_the_demo_again_starts_the_demo_account_over(
    app: Flask, runner: Any, client: FlaskClient
) -> None:
    first = run_demo(runner)
    before = {
        model.__name__: count(model)
        for model in (User, Company, Contact, Touch, TargetProfile, Watch, Source, Vacancy, Alert)
    }
    second = run_demo(runner)
    after = {
        model.__name__: count(model)
        for model in (User, Company, Contact, Touch, TargetProfile, Watch, Source, Vacancy, Alert)
    }

    assert after == before
    assert after["Alert"] == 1 and after["Source"] == 4
    user = demo_user()
    assert all(s.demo for s in db.session.scalars(sa.select(Source)))
    assert set(db.session.scalars(sa.select(Watch.user_id))) == {user.id}
    assert first != second
    assert not signs_in(client, first)
    assert signs_in(client, second)


def test_the_demo_leaves_an_account_it_did_not_make_alone(
    app: Flask, runner: Any, make_user: Any
) -> None:
    real = make_user(DEMO_EMAIL)

    result = runner.invoke(args=["demo"])

    assert result.exit_code == 1
    assert "did not make" in result.output and "--email" in result.output
    assert count(Contact, Contact.user_id == real.id) == 0
    assert not demo_user().demo

    run_demo(runner, "--email", "demo2@example.com")
    other = db.session.scalar(sa.select(User).where(User.email == "demo2@example.com"))
    assert other is not None and other.demo
    assert count(Alert, Alert.user_id == other.id) == 1


def test_the_tick_never_claims_a_demo_board(app: Flask, runner: Any) -> None:
    run_demo(runner)
    past = utcnow() - timedelta(hours=1)
    db.session.execute(sa.update(Source).values(next_due_at=past))
    real = Source(
        identity="greenhouse:acme",
        ats="greenhouse",
        token="acme",
        url="https://boards.greenhouse.io/acme",
        request={"url": "https://boards-api.greenhouse.io/v1/boards/acme/jobs"},
        config={},
        interval_seconds=3600,
        next_due_at=past,
    )
    db.session.add(real)
    db.session.commit()

    assert tick() == 1  # the real board only
    assert get_queue().job_ids == [f"poll-{real.id}"]
    demo_sources = db.session.scalars(sa.select(Source).where(Source.demo.is_(True))).all()
    assert len(demo_sources) == 4
    assert all(s.lease_until is None for s in demo_sources)
    # a year on, when every lease has run out, still only the real board is claimed
    assert claim_due_sources(utcnow() + timedelta(days=365)) == [real.id]


def test_check_now_refuses_a_demo_board_with_a_clear_message(
    app: Flask, runner: Any, client: FlaskClient
) -> None:
    password = run_demo(runner)
    user = demo_user()
    watch = db.session.scalars(sa.select(Watch).where(Watch.user_id == user.id)).first()
    assert watch is not None

    with pytest.raises(Conflict, match="demo board"):
        check_now(user, watch.id)
    result = runner.invoke(args=["poll", "--source", str(watch.source_id), "--now"])
    assert result.exit_code == 1 and "demo board" in result.output
    listed = runner.invoke(args=["watches", "list", "--user", DEMO_EMAIL, "--json"])
    assert {(w["demo"], w["next_check_at"]) for w in json.loads(listed.output)} == {(True, None)}

    assert signs_in(client, password)
    page = client.get(f"/watches/{watch.id}").get_data(as_text=True)
    assert '<span class="badge"' in page and ">Demo</span>" in page
    assert "Never: a demo board is read only while" in page  # not a next check that never comes
    response = client.post(f"/watches/{watch.id}/check", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "This is a demo board" in text and "make demo" in text
    assert get_queue().count == 0


def test_the_demo_boards_answer_as_greenhouse_and_lever_do(app: Flask) -> None:
    northwind = DemoBoard.load("board-northwind.json")
    aurora = DemoBoard.load("board-aurora.json")
    with DemoBoards([northwind, aurora]) as served:

        def get(url: str) -> Any:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.loads(response.read())

        jobs = get(northwind.request(served.origin).url)
        assert jobs["meta"]["total"] == len(jobs["jobs"]) == 5
        assert len(get(aurora.request(served.origin).url)) == 4
        assert get(f"{served.origin}/v0/postings/aurorahealth?skip=4&limit=100") == []

        (arrived,) = served.publish("Northwind Analytics")
        assert arrived["title"] == ARRIVAL
        titles = [job["title"] for job in get(northwind.request(served.origin).url)["jobs"]]
        assert titles[-1] == ARRIVAL and len(titles) == 6
        with pytest.raises(urllib.error.HTTPError) as missing:
            get(f"{served.origin}/v1/boards/unknown/jobs")
        missing.value.close()
        assert missing.value.code == 404


@pytest.mark.sqlite_only  # the PostgreSQL pass shares one schema whose tables always exist
def test_the_demo_asks_for_the_migrations_on_a_database_without_them(
    app_factory: Any,
) -> None:
    bare = app_factory(create_tables=False)

    result = bare.test_cli_runner().invoke(args=["demo"])

    assert result.exit_code == 1
    assert "nextround db upgrade" in result.output
