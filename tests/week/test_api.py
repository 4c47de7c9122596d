"""/api/v1/week: the kept plan of a week built on demand, its new kinds fed from the database
(new matches with whom to tell, posts and comments against the goals), and ticking items."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.auth.tokens import create_token
from service.clock import utcnow
from service.companies.services import CompanyIn, create_company
from service.contacts.services import create_contact
from service.extensions import db
from service.models import (
    Draft,
    DraftKind,
    DraftStatus,
    Match,
    MatchState,
    Source,
    Touch,
    User,
    Vacancy,
    Watch,
)
from service.week import plans
from service.week.digest import set_goals
from tests.week.test_views import _due_contact


@pytest.fixture
def api(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    _, token = create_token(user, "tests")
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def _match(user: User, company: str, score: int, title: str = "SRE") -> Match:
    firm = create_company(user, CompanyIn(name=company))
    slug = company.lower().replace(" ", "")
    source = Source(
        identity=f"greenhouse:{slug}{user.id}",
        ats="greenhouse",
        token=f"{slug}{user.id}",
        url=f"https://boards.greenhouse.io/{slug}",
        request={"url": f"https://boards-api.greenhouse.io/v1/boards/{slug}/jobs"},
        config={},
        interval_seconds=3600,
    )
    db.session.add(source)
    db.session.flush()
    vacancy = Vacancy(source_id=source.id, external_id="1", title=title, url="https://x")
    db.session.add_all([Watch(user_id=user.id, company_id=firm.id, source_id=source.id), vacancy])
    db.session.flush()
    match = Match(user_id=user.id, vacancy_id=vacancy.id, score=score, matched=True, reasons=[])
    db.session.add(match)
    db.session.commit()
    return match


def _sent(user: User, kind: DraftKind, days_ago: int = 0) -> None:
    when = utcnow() - timedelta(days=days_ago)
    db.session.add(Draft(user_id=user.id, kind=kind, status=DraftStatus.SENT, sent_at=when))
    db.session.commit()


def _by_key(body: dict) -> dict[str, dict]:
    return {i["key"]: i for i in body["items"]}


def test_the_week_and_ticking_a_contact_item_logs_a_touch(api: FlaskClient, user: User) -> None:
    grace = _due_contact(user)
    label = plans.current_label(user)
    response = api.get("/api/v1/week")
    assert response.status_code == 200
    body = response.get_json()
    assert body["week"] == label
    item = _by_key(body)[f"contact:{grace}"]
    assert item["kind"] == "contact" and item["title"].startswith("Get in touch with Grace")
    assert item["draft_link"] == f"/drafts/new?kind=keep-in-touch&contact={grace}"
    assert (item["state"], item["ticked"], item["link"]) == ("planned", False, f"/contacts/{grace}")
    # the same kept plan when asked for by name
    assert api.get(f"/api/v1/week?week={label}").get_json()["items"] == body["items"]

    ticked = api.patch(f"/api/v1/week/items/{item['id']}", json={"ticked": True})
    assert ticked.status_code == 200 and ticked.get_json()["ticked"] is True
    assert db.session.query(Touch).filter_by(contact_id=grace).count() == 1
    again = api.patch(f"/api/v1/week/items/{item['id']}", json={"ticked": True})
    assert again.status_code == 200  # ticking twice logs one touch
    assert db.session.query(Touch).filter_by(contact_id=grace).count() == 1
    assert _by_key(api.get("/api/v1/week").get_json())[item["key"]]["ticked"] is True

    unticked = api.patch(f"/api/v1/week/items/{item['id']}", json={"ticked": False})
    assert unticked.get_json()["ticked"] is False
    assert db.session.query(Touch).filter_by(contact_id=grace).count() == 0


def test_bad_weeks_bodies_and_other_users_items(api: FlaskClient, user: User, make_user) -> None:
    _due_contact(user)
    item_id = api.get("/api/v1/week").get_json()["items"][0]["id"]
    assert api.get("/api/v1/week?week=2026-W60").status_code == 422
    assert api.get("/api/v1/week?week=soon").status_code == 422
    assert api.patch(f"/api/v1/week/items/{item_id}", json={}).status_code == 422
    assert api.patch(f"/api/v1/week/items/{item_id}", json={"ticked": "yes"}).status_code == 422
    other = make_user("eve@example.com")
    _due_contact(other)
    theirs = plans.build_week(other).items[0].id
    response = api.patch(f"/api/v1/week/items/{theirs}", json={"ticked": True})
    assert response.status_code == 404
    assert plans.get_item(other, theirs).ticked_at is None
    assert api.get("/api/v1/week").status_code == 200
    assert all(i["id"] != theirs for i in api.get("/api/v1/week").get_json()["items"])


def test_new_matches_name_whom_to_tell_decision_makers_first(api: FlaskClient, user: User) -> None:
    acme = _match(user, "Acme", 91, "Platform lead")
    create_contact(user, {"first_name": "Peer", "last_name": "Aa", "company": "Acme"})
    boss = create_contact(
        user,
        {"first_name": "Dana", "last_name": "Zed", "company": "Acme", "role": "decision_maker"},
    )
    nobody = _match(user, "Globex", 70)
    dismissed = _match(user, "Initech", 99)
    dismissed.state = MatchState.DISMISSED
    db.session.commit()

    items = _by_key(api.get("/api/v1/week").get_json())
    told = items[f"match:{acme.id}"]
    assert told["kind"] == "match" and "Dana Zed" in told["title"] and "Acme" in told["title"]
    assert "score 91" in told["why"] and "decision maker" in told["why"]
    assert told["draft_link"] == (
        f"/drafts/new?kind=hiring&contact={boss.id}&vacancy={acme.vacancy_id}"
    )
    assert items[f"match:{nobody.id}"]["draft_link"] is None
    assert f"match:{dismissed.id}" not in items


def test_posts_and_comments_against_the_goals(api: FlaskClient, user: User) -> None:
    set_goals(user, posts=1, comments=2)
    items = _by_key(api.get("/api/v1/week").get_json())
    assert items["goal:post"]["title"] == "Write 1 more post"
    assert items["goal:post"]["draft_link"] == "/drafts/new?kind=post-opinion"
    assert items["goal:comment"]["title"] == "Write 2 more comments"
    assert items["goal:comment"]["draft_link"] == "/drafts/new?kind=comment"

    # an article counts as a post, a comment as a comment; an unsent draft not at all
    _sent(user, DraftKind.ARTICLE)
    _sent(user, DraftKind.COMMENT)
    db.session.add(Draft(user_id=user.id, kind=DraftKind.COMMENT, status=DraftStatus.READY))
    db.session.commit()
    plans.build_week(user)  # re-plan the week, as "Re-plan now" and the scheduler do
    items = _by_key(api.get("/api/v1/week").get_json())
    assert (
        items["goal:post"]["ticked"] is True and items["goal:post"]["why"] == "Goal met this week."
    )
    assert items["goal:comment"]["title"] == "Write 1 more comment"
    assert items["goal:comment"]["ticked"] is False
