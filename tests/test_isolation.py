"""Every route that takes an id answers 404 for another user's object, pages and API alike."""

from __future__ import annotations

import re

from flask import Flask

from service.alerts.outbox import write_alerts
from service.alerts.services import create_channel
from service.applications.playbook import create_upskill, record_feedback
from service.applications.services import create_application, mark_rejected
from service.auth.tokens import create_token
from service.companies.services import CompanyIn, create_company
from service.contacts.services import create_contact, record_touch
from service.drafting.services import DraftRequest, create_draft
from service.extensions import db
from service.matching.profiles import create_profile
from service.models import (
    Alert,
    ApiToken,
    Channel,
    Company,
    Contact,
    ImportRun,
    ImportStatus,
    Match,
    Source,
    TargetProfile,
    Tier,
    Touch,
    User,
    Vacancy,
    Watch,
)
from service.week.plans import build_week
from tests.helpers import login

PARAM = re.compile(r"<(?:int|id):(\w+)>")


def _victim_objects(victim: User) -> dict[str, int]:
    company = create_company(victim, CompanyIn(name="Victim Corp"))
    contact = create_contact(victim, {"first_name": "Secret", "company": "Victim Corp"})
    touch = record_touch(victim, contact.id, {"kind": "call", "occurred_at": "2026-11-01"})
    token, _ = create_token(victim, "victim token")
    run = ImportRun(
        user_id=victim.id, kind="csv", filename="x.csv", status=ImportStatus.DONE, rejected=[]
    )
    db.session.add(run)
    source = Source(
        identity=f"greenhouse:victim{victim.id}",
        ats="greenhouse",
        token=f"victim{victim.id}",
        url="https://boards.greenhouse.io/victim",
        request={"url": "https://boards-api.greenhouse.io/v1/boards/victim/jobs"},
        config={},
        interval_seconds=3600,
    )
    db.session.add(source)
    db.session.flush()
    watch = Watch(user_id=victim.id, company_id=company.id, source_id=source.id)
    vacancy = Vacancy(source_id=source.id, external_id="1", title="Secret role", url="https://x")
    db.session.add_all([watch, vacancy])
    db.session.flush()
    match = Match(user_id=victim.id, vacancy_id=vacancy.id, score=90, matched=True, reasons=[])
    db.session.add(match)
    db.session.commit()
    (alert_id, *_) = write_alerts([match.id])
    channel = create_channel(victim, {"kind": "email", "email": "victim@example.com"})
    profile = create_profile(victim, {"name": "Secret", "titles": ["secret role"]}, rescore=False)
    application = create_application(
        victim, {"company": "Victim Corp", "role": "Secret role"}, contact_ids=[contact.id]
    )
    mark_rejected(victim, application.id, contact_ids=[contact.id])
    upskill = create_upskill(victim, {"kind": "course", "title": "Secret course"})
    draft = create_draft(victim, DraftRequest("keep-in-touch", contact_id=contact.id))
    feedback = record_feedback(
        victim,
        application,
        {"text": "Secret", "categories": ["other"], "received_on": "2026-11-02"},
    )
    return {
        "feedback_id": feedback.id,
        "application_id": application.id,
        "stage_id": application.stages[0].id,
        "todo_id": application.playbook[0].id,
        "upskill_id": upskill.id,
        "watch_id": watch.id,
        "vacancy_id": vacancy.id,
        "contact_id": contact.id,
        "company_id": company.id,
        "touch_id": touch.id,
        "tier_id": victim.tiers[0].id,
        "token_id": token.id,
        "run_id": run.id,
        "alert_id": alert_id,
        "item_id": build_week(victim).items[0].id,
        "channel_id": channel.id,
        "match_id": match.id,
        "profile_id": profile.id,
        "draft_id": draft.id,
    }


def _snapshot() -> tuple[int, ...]:
    return tuple(
        m.query.count()
        for m in (
            Contact,
            Company,
            Touch,
            Tier,
            ApiToken,
            ImportRun,
            Watch,
            Source,
            TargetProfile,
            Channel,
            Alert,
        )
    ) + tuple(sorted((m.id, m.state.value) for m in Match.query))


def test_every_id_route_hides_other_users_objects(app: Flask, make_user) -> None:
    victim, attacker = make_user("victim@example.com"), make_user("attacker@example.com")
    ids = _victim_objects(victim)
    # the attacker owns objects too, so "not found" is not just an empty database
    _victim_objects(attacker)
    _, attacker_token = create_token(attacker, "attacker token")
    before = _snapshot()
    victim_token_row = db.session.get(ApiToken, ids["token_id"])
    pages = login(app.test_client(), attacker)
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {attacker_token}"
    checked = 0
    for rule in app.url_map.iter_rules():
        params = PARAM.findall(rule.rule)
        if not params:
            continue
        path = rule.rule
        for name in params:
            assert name in ids, f"no victim object for {name} in {rule.rule}"
            path = PARAM.sub(lambda m: str(ids[m.group(1)]), path)
        client = api if path.startswith("/api/") else pages
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            body = {"json": {}} if path.startswith("/api/") and method in {"POST", "PATCH"} else {}
            response = client.open(path, method=method, **body)
            assert response.status_code == 404, f"{method} {path} -> {response.status_code}"
            checked += 1
    assert checked >= 25
    assert _snapshot() == before
    assert victim_token_row.revoked_at is None
    assert db.session.get(Contact, ids["contact_id"]).first_name == "Secret"


def test_lists_never_include_other_users_rows(app: Flask, make_user) -> None:
    victim, attacker = make_user("victim@example.com"), make_user("attacker@example.com")
    _victim_objects(victim)
    _, token = create_token(attacker, "t")
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    for path in (
        "/api/v1/contacts",
        "/api/v1/companies",
        "/api/v1/imports",
        "/api/v1/watches",
        "/api/v1/vacancies",
        "/api/v1/profiles",
        "/api/v1/matches",
        "/api/v1/alerts",
        "/api/v1/channels",
        "/api/v1/applications",
        "/api/v1/todos?status=all",
        "/api/v1/upskill-items",
    ):
        assert client.get(path, headers=headers).get_json()["items"] == [], path
    # the weekly plan (the victim's is built, with its new match at Victim Corp)
    week = client.get("/api/v1/week", headers=headers).get_data(as_text=True)
    assert "Secret" not in week and "Victim Corp" not in week
    assert any("Victim Corp" in i.title for i in build_week(victim).items)
    assert all(
        t["name"] == "t" for t in client.get("/api/v1/tokens", headers=headers).get_json()["items"]
    )
    tiers = client.get("/api/v1/tiers", headers=headers).get_json()["items"]
    assert {t["id"] for t in tiers} == {t.id for t in attacker.tiers}
    page = login(app.test_client(), attacker)
    for path in (
        "/contacts/",
        "/companies/",
        "/",
        "/imports/",
        "/matches/",
        "/matches/profiles/",
        "/applications/",
        "/applications/upskill",
    ):
        html = page.get(path).get_data(as_text=True)
        assert "Secret" not in html and "Victim Corp" not in html, path
    assert "Nobody matches" in page.get("/contacts/?q=Secret").get_data(as_text=True)


def test_ids_inside_request_bodies_are_checked_too(app: Flask, make_user) -> None:
    victim, attacker = make_user("victim@example.com"), make_user("attacker@example.com")
    ids = _victim_objects(victim)
    mine = create_contact(attacker, {"first_name": "Mine"})
    _, token = create_token(attacker, "t")
    api = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    merged = api.post(
        f"/api/v1/contacts/{mine.id}/merge", headers=headers, json={"other_id": ids["contact_id"]}
    )
    assert merged.status_code == 409  # as for a contact never made: nothing tells them apart
    assert merged.get_json()["error"]["details"] == {"other_id": "unknown"}
    page = login(app.test_client(), attacker)
    assert (
        page.post(f"/contacts/{mine.id}/merge", data={"other_id": ids["contact_id"]}).status_code
        == 404
    )
    foreign_tier = api.post(
        "/api/v1/contacts", headers=headers, json={"first_name": "X", "tier_id": ids["tier_id"]}
    )
    # a well-formed body naming a tier the user does not have: 409, as for a tier never made
    assert foreign_tier.status_code == 409
    assert foreign_tier.get_json()["error"]["details"] == {"tier_id": "unknown"}
    patched = api.patch(
        f"/api/v1/contacts/{mine.id}", headers=headers, json={"tier_id": ids["tier_id"]}
    )
    assert patched.status_code == 409
    assert db.session.get(Contact, ids["contact_id"]).first_name == "Secret"
    assert Contact.query.filter_by(user_id=victim.id).count() == 1
    mine_app = api.post(
        "/api/v1/applications", headers=headers, json={"company": "Mine", "role": "R"}
    ).get_json()["id"]
    for path, body in (
        ("/api/v1/applications", {"company": "A", "role": "B", "contact_ids": [ids["contact_id"]]}),
        (
            f"/api/v1/applications/{mine_app}/stages",
            {"kind": "screening", "occurred_on": "2026-11-03", "contact_ids": [ids["contact_id"]]},
        ),
        (
            "/api/v1/upskill-items",
            {"kind": "course", "title": "Mine", "feedback_id": ids["feedback_id"]},
        ),
    ):
        answer = api.post(path, headers=headers, json=body)
        assert answer.status_code == 409, path
        assert set(answer.get_json()["error"]["details"].values()) == {"unknown"}, path
    assert api.get("/api/v1/upskill-items", headers=headers).get_json()["total"] == 0
