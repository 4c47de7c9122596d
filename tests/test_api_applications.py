"""/api/v1 applications, stages, the rejection playbook's to-dos, feedback and the upskill plan:
happy paths, validation (422), isolation (404 for a path, 409 for a body) and a playbook that
starts once however the rejection is logged."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.auth.tokens import create_token
from service.contacts.services import create_contact
from service.extensions import db
from service.models import Company, CompanyRelation, Contact, PlaybookItem, Touch, User


def api(app: Flask, user: User) -> FlaskClient:
    """A test client sending ``user``'s bearer token on every request."""
    _, token = create_token(user, "tests")
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def client(app: Flask, user: User) -> FlaskClient:
    return api(app, user)


def _created(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def _todos(body: dict[str, Any]) -> list[tuple[str, int | None]]:
    return sorted((t["kind"], t["contact_id"]) for t in body["todos"])


def test_an_application_from_applied_to_rejected_and_its_playbook(
    client: FlaskClient, user: User
) -> None:
    recruiter = create_contact(user, {"first_name": "Rita", "role": "recruiter"})
    app_body = _created(
        client.post(
            "/api/v1/applications",
            json={
                "company": "Initech",
                "role": "Site reliability engineer",
                "source": "headhunter",
                "headhunter_id": recruiter.id,
                "applied_on": "2026-01-05",
                "next_step": "Wait for the screening call",
            },
        )
    )
    app_id = app_body["id"]
    assert app_body["stage"] == "applied" and app_body["company"] == "Initech"
    assert [s["kind"] for s in app_body["stages"]] == ["applied"]
    assert app_body["stages"][0]["occurred_on"] == "2026-01-05"
    assert app_body["todos"] == [] and app_body["feedback"] == []

    # an interview with a person met for the first time: a contact, and a touch with them
    stage = _created(
        client.post(
            f"/api/v1/applications/{app_id}/stages",
            json={
                "kind": "interview",
                "occurred_on": "2026-01-12",
                "new_people": [
                    {"first_name": "Bill", "last_name": "Lumbergh", "role": "interviewer"}
                ],
            },
        )
    )
    assert stage["round"] == 1 and stage["label"].startswith("Interview")
    (bill_id,) = stage["contact_ids"]
    bill = db.session.get(Contact, bill_id)
    assert bill is not None and bill.company is not None and bill.company.name == "Initech"
    assert db.session.query(Touch).filter_by(contact_id=bill_id).count() == 1

    detail = client.get(f"/api/v1/applications/{app_id}").get_json()
    assert detail["stage"] == "interview"
    assert [p["id"] for p in detail["people"]] == [bill_id]

    # rejected: a thank-you and a feedback request to the interviewer and to the headhunter
    rejected = client.post(f"/api/v1/applications/{app_id}/reject", json={})
    assert rejected.status_code == 200
    owed = sorted(
        [
            ("feedback-request", bill_id),
            ("feedback-request", recruiter.id),
            ("thank-you", bill_id),
            ("thank-you", recruiter.id),
        ]
    )
    assert _todos(rejected.get_json()) == owed
    assert rejected.get_json()["stage"] == "rejected"
    company = db.session.get(Company, app_body["company_id"])
    assert company is not None and company.relation is CompanyRelation.REJECTED_ME

    # once: marking it again, or logging a "rejected" stage, owes nothing new
    again = client.post(f"/api/v1/applications/{app_id}/reject", json={"contact_ids": [bill_id]})
    assert _todos(again.get_json()) == owed
    assert [s["kind"] for s in again.get_json()["stages"]].count("rejected") == 1
    _created(
        client.post(
            f"/api/v1/applications/{app_id}/stages",
            json={"kind": "rejected", "occurred_on": "2026-01-20", "contact_ids": [bill_id]},
        )
    )
    assert PlaybookItem.query.filter_by(application_id=app_id).count() == 4

    # the to-dos: listed, ticked (a touch with the person, once)
    listed = client.get(f"/api/v1/todos?application_id={app_id}").get_json()
    assert listed["total"] == 4
    thanks = next(
        t for t in listed["items"] if t["kind"] == "thank-you" and t["contact_id"] == bill_id
    )
    assert thanks["draft_url"].startswith("/drafts/new?kind=thank-you")
    touches = db.session.query(Touch).filter_by(contact_id=bill_id).count()
    for _ in range(2):
        ticked = client.patch(f"/api/v1/todos/{thanks['id']}", json={"done": True})
        assert ticked.status_code == 200 and ticked.get_json()["done"] is True
    assert db.session.query(Touch).filter_by(contact_id=bill_id).count() == touches + 1
    assert client.get(f"/api/v1/todos/{thanks['id']}").get_json()["done_at"]
    assert client.get("/api/v1/todos?status=done").get_json()["total"] == 1
    assert client.get("/api/v1/todos").get_json()["total"] == 3
    assert client.get("/api/v1/todos?status=all").get_json()["total"] == 4

    # feedback from Bill: his feedback request is then done
    feedback = _created(
        client.post(
            f"/api/v1/applications/{app_id}/feedback",
            json={
                "text": "Not enough Kubernetes in production",
                "categories": ["experience", "experience", "qualification"],
                "contact_id": bill_id,
                "received_on": "2026-01-22",
            },
        )
    )
    assert feedback["categories"] == ["experience", "qualification"]
    assert client.get(f"/api/v1/applications/{app_id}/feedback").get_json()["total"] == 1
    asked = next(
        t
        for t in client.get(f"/api/v1/applications/{app_id}").get_json()["todos"]
        if t["kind"] == "feedback-request" and t["contact_id"] == bill_id
    )
    assert asked["done"] is True

    # the gap becomes an upskill item; finishing it owes a post and a note to Bill, once
    item = _created(
        client.post(
            "/api/v1/upskill-items",
            json={
                "kind": "course",
                "title": "Kubernetes course",
                "target_on": "2026-03-01",
                "feedback_id": feedback["id"],
            },
        )
    )
    assert item["contact_id"] == bill_id and item["progress"] == 0 and item["done"] is False
    half = client.patch(f"/api/v1/upskill-items/{item['id']}", json={"progress": 50})
    assert half.get_json()["progress"] == 50 and half.get_json()["done"] is False
    for _ in range(2):
        done = client.patch(
            f"/api/v1/upskill-items/{item['id']}", json={"progress": 100, "title": "CKA"}
        )
        assert done.status_code == 200
    assert done.get_json()["done"] is True and done.get_json()["title"] == "CKA"
    follow_ups = PlaybookItem.query.filter_by(upskill_id=item["id"]).all()
    assert sorted((t.kind.value, t.contact_id) for t in follow_ups) == [
        ("keep-in-touch", bill_id),
        ("post-milestone", None),
    ]
    detail = client.get(f"/api/v1/applications/{app_id}").get_json()
    assert [u["id"] for u in detail["upskill"]] == [item["id"]]
    assert len(detail["todos"]) == 6
    assert client.get("/api/v1/upskill-items").get_json()["items"][0]["title"] == "CKA"

    assert client.delete(f"/api/v1/upskill-items/{item['id']}").status_code == 204
    assert client.get(f"/api/v1/upskill-items/{item['id']}").status_code == 404
    assert PlaybookItem.query.filter_by(upskill_id=item["id"]).count() == 0


def test_list_filters_paging_patch_and_deletes(client: FlaskClient, user: User) -> None:
    ids = [
        _created(
            client.post(
                "/api/v1/applications", json={"company": c, "role": r, "applied_on": "2026-01-01"}
            )
        )["id"]
        for c, r in [("Initech", "SRE"), ("Initech", "DBA"), ("Hooli", "SRE")]
    ]
    client.post(
        f"/api/v1/applications/{ids[2]}/stages",
        json={"kind": "screening", "occurred_on": "2026-02-01"},
    )
    page = client.get("/api/v1/applications?per_page=2").get_json()
    assert (page["total"], page["pages"], len(page["items"])) == (3, 2, 2)
    second = client.get("/api/v1/applications?per_page=2&page=2").get_json()["items"]
    assert {a["id"] for a in page["items"] + second} == set(ids)
    initech = client.get("/api/v1/applications?company=initech").get_json()["items"]
    assert sorted(a["id"] for a in initech) == ids[:2]
    company_id = initech[0]["company_id"]
    by_id = client.get(f"/api/v1/applications?company_id={company_id}").get_json()
    assert by_id["total"] == 2
    assert client.get("/api/v1/applications?company=Nobody").get_json()["total"] == 0
    screening = client.get("/api/v1/applications?stage=screening").get_json()["items"]
    assert [a["id"] for a in screening] == [ids[2]]

    patched = client.patch(
        f"/api/v1/applications/{ids[0]}", json={"role": "Staff SRE", "next_step_on": "2026-03-01"}
    )
    assert patched.status_code == 200
    body = patched.get_json()
    assert (body["role"], body["company"], body["next_step_on"]) == (
        "Staff SRE",
        "Initech",
        "2026-03-01",
    )
    moved = client.patch(f"/api/v1/applications/{ids[0]}", json={"company": "Globex"})
    assert moved.get_json()["company"] == "Globex" and moved.get_json()["role"] == "Staff SRE"

    stages = client.get(f"/api/v1/applications/{ids[2]}").get_json()["stages"]
    assert client.delete(f"/api/v1/stages/{stages[-1]['id']}").status_code == 204
    assert client.get(f"/api/v1/applications/{ids[2]}").get_json()["stage"] == "applied"

    assert client.delete(f"/api/v1/applications/{ids[1]}").status_code == 204
    assert client.get(f"/api/v1/applications/{ids[1]}").status_code == 404
    assert client.delete(f"/api/v1/applications/{ids[1]}").status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/applications", {"company": "Initech"}),
        ("POST", "/api/v1/applications", {"company": " ", "role": "SRE"}),
        ("POST", "/api/v1/applications", {"company": "A", "role": "B", "source": "friend"}),
        ("POST", "/api/v1/applications", {"company": "A", "role": "B", "colour": "red"}),
        ("POST", "/api/v1/applications", {"company": "A", "role": "B", "contact_ids": ["1"]}),
        ("POST", "/api/v1/applications", {"company": "A", "role": "B", "applied_on": "soon"}),
        ("PATCH", "/api/v1/applications/{app}", {"role": None}),
        ("PATCH", "/api/v1/applications/{app}", {"next_step_on": "2026-02-30"}),
        (
            "POST",
            "/api/v1/applications/{app}/stages",
            {"kind": "lunch", "occurred_on": "2026-01-01"},
        ),
        ("POST", "/api/v1/applications/{app}/stages", {"kind": "interview"}),
        (
            "POST",
            "/api/v1/applications/{app}/stages",
            {"kind": "interview", "occurred_on": "2026-01-01", "round": 0},
        ),
        (
            "POST",
            "/api/v1/applications/{app}/stages",
            {"kind": "final", "occurred_on": "2026-01-01", "new_people": [{"last_name": "X"}]},
        ),
        ("POST", "/api/v1/applications/{app}/reject", {"occurred_on": 5}),
        (
            "POST",
            "/api/v1/applications/{app}/feedback",
            {"text": "x", "categories": [], "received_on": "2026-01-01"},
        ),
        (
            "POST",
            "/api/v1/applications/{app}/feedback",
            {"text": "x", "categories": ["vibes"], "received_on": "2026-01-01"},
        ),
        ("POST", "/api/v1/upskill-items", {"kind": "nap", "title": "Sleep more"}),
        ("POST", "/api/v1/upskill-items", {"kind": "course", "title": "x", "progress": 101}),
        ("PATCH", "/api/v1/upskill-items/{item}", {"progress": -1}),
        ("PATCH", "/api/v1/upskill-items/{item}", {"progress": "50"}),
        ("PATCH", "/api/v1/upskill-items/{item}", {"title": ""}),
        ("PATCH", "/api/v1/todos/{todo}", {"done": False}),
        ("PATCH", "/api/v1/todos/{todo}", {}),
        ("POST", "/api/v1/applications", None),
    ],
)
def test_invalid_bodies_are_422s_naming_the_field(
    client: FlaskClient, user: User, method: str, path: str, body: Any
) -> None:
    person = create_contact(user, {"first_name": "Pat"})
    app_id = _created(
        client.post(
            "/api/v1/applications",
            json={"company": "Initech", "role": "SRE", "contact_ids": [person.id]},
        )
    )["id"]
    rejected = client.post(
        f"/api/v1/applications/{app_id}/reject", json={"contact_ids": [person.id]}
    )
    todo = rejected.get_json()["todos"][0]
    item = _created(client.post("/api/v1/upskill-items", json={"kind": "course", "title": "K8s"}))
    before = client.get(f"/api/v1/applications/{app_id}").get_json()
    url = path.format(app=app_id, item=item["id"], todo=todo["id"])
    sent = {"json": body} if body is not None else {"data": "role=SRE"}
    response = client.open(url, method=method, **sent)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] and error["message"]
    if body:
        assert error["details"]
    after = client.get(f"/api/v1/applications/{app_id}").get_json()
    assert after == before
    assert client.get(f"/api/v1/upskill-items/{item['id']}").get_json() == item


@pytest.mark.parametrize(
    "query",
    ["stage=lunch", "stage=", "company=", "company_id=x", "per_page=0", "page=-1"],
)
def test_bad_list_filters_are_422s(client: FlaskClient, query: str) -> None:
    assert client.get(f"/api/v1/applications?{query}").status_code == 422


def test_todo_filters_are_checked(client: FlaskClient) -> None:
    assert client.get("/api/v1/todos?status=later").status_code == 422
    assert client.get("/api/v1/todos?application_id=0").status_code == 422


def test_another_users_ids_are_404_in_a_path_and_409_in_a_body(app: Flask, make_user: Any) -> None:
    victim, attacker = make_user("victim@example.com"), make_user("attacker@example.com")
    theirs = create_contact(victim, {"first_name": "Secret"})
    victims = api(app, victim)
    their_app = _created(
        victims.post(
            "/api/v1/applications",
            json={"company": "Victim Corp", "role": "Secret", "contact_ids": [theirs.id]},
        )
    )
    rejected = victims.post(
        f"/api/v1/applications/{their_app['id']}/reject", json={"contact_ids": [theirs.id]}
    ).get_json()
    their_feedback = _created(
        victims.post(
            f"/api/v1/applications/{their_app['id']}/feedback",
            json={"text": "No", "categories": ["other"], "received_on": "2026-01-02"},
        )
    )
    client = api(app, attacker)
    mine = _created(client.post("/api/v1/applications", json={"company": "Mine", "role": "R"}))
    foreign = {
        ("POST", "/api/v1/applications"): [
            {"company": "A", "role": "B", "contact_ids": [theirs.id]},
            {"company": "A", "role": "B", "headhunter_id": theirs.id},
        ],
        ("PATCH", f"/api/v1/applications/{mine['id']}"): [{"headhunter_id": theirs.id}],
        ("POST", f"/api/v1/applications/{mine['id']}/stages"): [
            {"kind": "interview", "occurred_on": "2026-01-03", "contact_ids": [theirs.id]}
        ],
        ("POST", f"/api/v1/applications/{mine['id']}/reject"): [{"contact_ids": [theirs.id]}],
        ("POST", f"/api/v1/applications/{mine['id']}/feedback"): [
            {
                "text": "x",
                "categories": ["other"],
                "received_on": "2026-01-04",
                "contact_id": theirs.id,
            }
        ],
        ("POST", "/api/v1/upskill-items"): [
            {"kind": "course", "title": "x", "feedback_id": their_feedback["id"]}
        ],
    }
    for (method, path), bodies in foreign.items():
        for body in bodies:
            response = client.open(path, method=method, json=body)
            assert response.status_code == 409, (method, path, response.get_json())
            assert set(response.get_json()["error"]["details"].values()) == {"unknown"}
    assert client.get(f"/api/v1/applications/{mine['id']}").get_json()["stage"] == "applied"
    assert client.get("/api/v1/applications").get_json()["total"] == 1
    assert client.get("/api/v1/upskill-items").get_json()["total"] == 0
    assert client.get("/api/v1/todos?status=all").get_json()["total"] == 0
    their_todo = rejected["todos"][0]["id"]
    for method, path in [
        ("GET", f"/api/v1/applications/{their_app['id']}"),
        ("POST", f"/api/v1/applications/{their_app['id']}/reject"),
        ("GET", f"/api/v1/todos/{their_todo}"),
        ("PATCH", f"/api/v1/todos/{their_todo}"),
        ("GET", f"/api/v1/applications?company_id={their_app['company_id']}"),
    ]:
        response = client.open(path, method=method, json={"done": True})
        if method == "GET" and "?" in path:
            assert response.get_json()["total"] == 0
        else:
            assert response.status_code == 404, path
    assert victims.get(f"/api/v1/todos/{their_todo}").get_json()["done"] is False
    assert Contact.query.filter_by(user_id=attacker.id).count() == 0


def test_the_document_describes_every_new_operation(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    paths = spec["paths"]
    expected = {
        "/api/v1/applications": {"get", "post"},
        "/api/v1/applications/{application_id}": {"get", "patch", "delete"},
        "/api/v1/applications/{application_id}/stages": {"post"},
        "/api/v1/applications/{application_id}/reject": {"post"},
        "/api/v1/applications/{application_id}/feedback": {"get", "post"},
        "/api/v1/stages/{stage_id}": {"delete"},
        "/api/v1/todos": {"get"},
        "/api/v1/todos/{todo_id}": {"get", "patch"},
        "/api/v1/upskill-items": {"get", "post"},
        "/api/v1/upskill-items/{upskill_id}": {"get", "patch", "delete"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) - {"parameters"} == methods, path
    schemas = spec["components"]["schemas"]
    assert "required" not in schemas["ApplicationInPatch"]
    assert schemas["ApplicationIn"]["required"] == ["company", "role"]
    assert schemas["UpskillItemIn"]["properties"]["progress"]["maximum"] == 100
    assert "409" in paths["/api/v1/applications"]["post"]["responses"]


def test_a_rejected_stage_starts_the_playbook_and_marking_rejected_adds_nothing(
    client: FlaskClient, user: User
) -> None:
    judge = create_contact(user, {"first_name": "Jo", "role": "decision_maker", "company": "Hooli"})
    app_id = _created(
        client.post(
            "/api/v1/applications",
            json={"company": "Hooli", "role": "Analyst", "applied_on": "2026-01-02"},
        )
    )["id"]
    # a scheduled final round is no touch yet; the rejection that follows is one
    _created(
        client.post(
            f"/api/v1/applications/{app_id}/stages",
            json={"kind": "final", "occurred_on": "2099-01-05", "contact_ids": [judge.id]},
        )
    )
    assert db.session.query(Touch).filter_by(contact_id=judge.id).count() == 0
    assert client.get(f"/api/v1/applications/{app_id}").get_json()["todos"] == []
    _created(
        client.post(
            f"/api/v1/applications/{app_id}/stages",
            json={"kind": "rejected", "occurred_on": "2099-01-06", "contact_ids": [judge.id]},
        )
    )
    first = client.get(f"/api/v1/applications/{app_id}").get_json()
    assert first["stage"] == "rejected"
    assert _todos(first) == [("feedback-request", judge.id), ("thank-you", judge.id)]
    marked = client.post(f"/api/v1/applications/{app_id}/reject", json={}).get_json()
    assert [t["id"] for t in marked["todos"]] == [t["id"] for t in first["todos"]]
    assert [s["kind"] for s in marked["stages"]] == ["applied", "final", "rejected"]
    door = db.session.get(Contact, judge.id)
    assert door is not None and door.tier is not None
    assert door.tier.name == "Keep the door open"
