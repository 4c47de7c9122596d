"""Drafts about an application: its stages, feedback and upskill steps prefill the studio; each
playbook to-do's link opens a working studio page; sending the draft ticks the to-do."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient

from service.applications import playbook, services
from service.applications.links import draft_link
from service.contacts.services import create_contact
from service.drafting.services import DraftRequest, create_draft, questions_for
from service.errors import NotFound
from service.extensions import db
from service.models import Application, Contact, Draft, DraftKind, PlaybookItem, PlaybookKind, User
from tests.drafting.test_api import bearer

DAY = date(2026, 11, 2)


def _rejected(user: User) -> tuple[Application, Contact]:
    """Senior Data Engineer at Bluefin: a final round with Hannah, a no, her feedback, and a
    finished Kafka course closing the gap she named."""
    hannah = create_contact(
        user,
        {"first_name": "Hannah", "last_name": "Becker", "company": "Bluefin Payments",
         "role": "hiring_manager", "title": "Director of Data"},
        today=DAY,
    )  # fmt: skip
    application = services.create_application(
        user, {"company": "Bluefin Payments", "role": "Senior Data Engineer"}, applied_on=DAY,
        today=DAY,
    )  # fmt: skip
    services.log_stage(
        user,
        application.id,
        {"kind": "final", "occurred_on": "2026-11-10", "contact_ids": [hannah.id],
         "notes": "System design of a payments ledger pipeline."},
        today=date(2026, 11, 12),
    )  # fmt: skip
    services.mark_rejected(user, application.id, on=date(2026, 11, 14), today=date(2026, 11, 14))
    feedback = playbook.record_feedback(
        user,
        application,
        {"text": "Strong design; we needed more hands-on Kafka.", "categories": ["experience"],
         "contact_id": hannah.id, "received_on": "2026-11-16"},
    )  # fmt: skip
    course = playbook.create_upskill(
        user, {"kind": "course", "title": "Kafka for data engineers", "feedback_id": feedback.id}
    )
    playbook.set_progress(user, course.id, {"progress": 100}, today=date(2026, 11, 30))
    project = playbook.create_upskill(
        user, {"kind": "project", "title": "A streaming side project"}
    )
    playbook.set_progress(user, project.id, {"progress": 40}, today=date(2026, 11, 30))
    return application, hannah


def _facts(user: User, kind: str, contact: Contact | None, application: Application) -> dict:
    return {
        key: value
        for key, _label, value in questions_for(
            user, kind, contact_id=contact.id if contact else None, application_id=application.id
        )
    }


def test_the_context_carries_the_application_and_prefills_each_kind(user: User) -> None:
    application, hannah = _rejected(user)
    # Hannah's feedback request was answered by her feedback; the thank-you is still owed
    assert _facts(user, "thank-you", hannah, application) == {
        "topic": "System design of a payments ledger pipeline",
        "stage": "final round",
    }
    assert _facts(user, "feedback-request", hannah, application)["stage"] == "final round"
    assert _facts(user, "keep-in-touch", hannah, application)["news"] == (
        "I finished Kafka for data engineers"
    )
    assert _facts(user, "post-milestone", None, application)["milestone"] == (
        "Kafka for data engineers"
    )

    draft = create_draft(
        user, DraftRequest("thank-you", contact_id=hannah.id, application_id=application.id)
    )
    assert "final round" in draft.body and "Senior Data Engineer" in draft.body
    assert "Bluefin Payments" in draft.body and draft.company_id == application.company_id

    from service.drafting.context import build_context

    ctx = build_context(user, DraftKind.FEEDBACK_REQUEST, contact=hannah, application=application)
    app = ctx.variables()["application"]
    assert (app["role"], app["company"], app["stage"]) == (
        "Senior Data Engineer",
        "Bluefin Payments",
        "rejected",
    )
    assert (app["applied_on"], app["rejected_on"]) == ("2026-11-02", "2026-11-14")
    assert app["people"] == ["Hannah Becker"]
    assert app["feedback"] == [
        {
            "text": "Strong design; we needed more hands-on Kafka.",
            "categories": ["Experience"],
            "from": "Hannah Becker",
        }
    ]
    assert app["feedback_from"] == ["Hannah Becker"]
    # a keep-in-touch note to the person whose feedback named the gap says it was acted on
    note = create_draft(
        user, DraftRequest("keep-in-touch", contact_id=hannah.id, application_id=application.id)
    )
    assert "Your feedback after the final round stayed with me" in note.body
    assert "I finished Kafka for data engineers" in note.body
    assert [(u["title"], u["done"]) for u in app["upskill"]] == [
        ("Kafka for data engineers", True),
        ("A streaming side project", False),
    ]


def test_the_playbook_kinds_are_the_studios_kinds() -> None:
    assert {k.value for k in PlaybookKind} <= {k.value for k in DraftKind}


def test_every_playbook_link_opens_a_prefilled_page_and_writes_a_draft(
    auth_client: FlaskClient, user: User
) -> None:
    application, _hannah = _rejected(user)
    items = list(db.session.query(PlaybookItem).filter_by(user_id=user.id))
    assert {i.kind for i in items} == set(PlaybookKind)
    expected = {
        PlaybookKind.THANK_YOU: "final round",
        PlaybookKind.FEEDBACK_REQUEST: "final round",
        PlaybookKind.KEEP_IN_TOUCH: "I finished Kafka for data engineers",
        PlaybookKind.POST_MILESTONE: "Kafka for data engineers",
    }
    for item in items:
        link = draft_link(item.kind, item.contact_id, item.application_id)
        page = auth_client.get(link)
        assert page.status_code == 200, link
        html = page.get_data(as_text=True)
        assert expected[item.kind] in html, link
        assert "Senior Data Engineer at Bluefin Payments" in html
        fields = {
            f"fact_{key}": value
            for key, _l, value in questions_for(
                user, item.kind.value, contact_id=item.contact_id, application_id=application.id
            )
        }
        response = auth_client.post(link, data={"kind": item.kind.value, "tone": "warm", **fields})
        assert response.status_code == 302, link
        draft = db.session.query(Draft).order_by(Draft.id.desc()).first()
        assert draft is not None and draft.kind.value == item.kind.value
        assert draft.contact_id == item.contact_id
        assert expected[item.kind].lower() in draft.body.lower()


def test_sending_the_draft_ticks_its_playbook_to_do(auth_client: FlaskClient, user: User) -> None:
    application, hannah = _rejected(user)
    other_app = services.create_application(
        user, {"company": "Kestrel Logistics", "role": "Data Engineer"}, applied_on=DAY, today=DAY
    )
    db.session.add(
        PlaybookItem(
            user_id=user.id,
            application_id=other_app.id,
            kind=PlaybookKind.THANK_YOU,
            contact_id=hannah.id,
            due_on=date(2026, 11, 1),
        )
    )  # fmt: skip  (due sooner, but for another company)
    db.session.commit()

    def open_kinds() -> set[tuple[str, int | None]]:
        rows = db.session.query(PlaybookItem).filter_by(application_id=application.id)
        return {(i.kind.value, i.contact_id) for i in rows if i.done_at is None}

    assert ("thank-you", hannah.id) in open_kinds()
    draft = create_draft(
        user, DraftRequest("thank-you", contact_id=hannah.id, application_id=application.id)
    )
    assert auth_client.post(f"/drafts/{draft.id}/status", data={"status": "ready"}).status_code
    assert ("thank-you", hannah.id) in open_kinds()
    sent = auth_client.post(
        f"/drafts/{draft.id}/status", data={"status": "sent"}, follow_redirects=True
    )
    assert "to-do for it is ticked" in sent.get_data(as_text=True)
    assert ("thank-you", hannah.id) not in open_kinds()
    assert (
        db.session.query(PlaybookItem).filter_by(application_id=other_app.id).one().done_at is None
    )

    post = create_draft(user, DraftRequest("post-milestone", application_id=application.id))
    auth_client.post(f"/drafts/{post.id}/status", data={"status": "sent"})
    assert ("post-milestone", None) not in open_kinds()
    # a kind the playbook does not owe ticks nothing
    note = create_draft(user, DraftRequest("congratulations", contact_id=hannah.id))
    auth_client.post(f"/drafts/{note.id}/status", data={"status": "sent"})
    assert open_kinds() == {("keep-in-touch", hannah.id)}


def test_another_users_application_is_not_found(
    auth_client: FlaskClient, client: FlaskClient, runner: Any, user: User, make_user: Any
) -> None:
    other = make_user("mallory@example.com")
    theirs = services.create_application(
        other, {"company": "Initech", "role": "Spy"}, applied_on=DAY, today=DAY
    )
    assert auth_client.get(f"/drafts/new?kind=thank-you&application={theirs.id}").status_code == 404
    response = auth_client.post(
        f"/drafts/new?kind=post-milestone&application_id={theirs.id}",
        data={"kind": "post-milestone", "tone": "warm"},
    )
    assert response.status_code == 404 and db.session.query(Draft).count() == 0
    with pytest.raises(NotFound):
        create_draft(user, DraftRequest("post-milestone", application_id=theirs.id))
    api = client.post(
        "/api/v1/drafts",
        json={"kind": "post-milestone", "application_id": theirs.id},
        headers=bearer(client, user),
    )
    assert api.status_code == 404
    result = runner.invoke(
        args=["draft", "post-milestone", "--user", user.email, "--application", str(theirs.id)]
    )
    assert result.exit_code == 1 and "No such application." in result.stderr
    assert db.session.query(Draft).count() == 0


def test_the_api_and_cli_take_the_application(client: FlaskClient, runner: Any, user: User) -> None:
    application, hannah = _rejected(user)
    api = client.post(
        "/api/v1/drafts",
        json={
            "kind": "feedback-request",
            "contact_id": hannah.id,
            "application_id": application.id,
        },
        headers=bearer(client, user),
    )
    assert api.status_code == 201, api.json
    assert api.json["facts"]["stage"] == "final round"
    assert "Senior Data Engineer" in api.json["body"]
    result = runner.invoke(
        args=["draft", "keep-in-touch", "--user", user.email, "--contact", str(hannah.id),
              "--application", str(application.id)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "kafka for data engineers" in result.stdout.lower()


def test_a_meeting_still_to_come_prefills_no_stage(user: User) -> None:
    bill = create_contact(user, {"first_name": "Bill", "company": "Initech"}, today=DAY)
    application = services.create_application(
        user, {"company": "Initech", "role": "Data Engineer"}, applied_on=DAY, today=DAY
    )
    services.log_stage(
        user, application.id,
        {"kind": "screening", "occurred_on": "2099-01-05", "contact_ids": [bill.id]}, today=DAY,
    )  # fmt: skip
    facts = _facts(user, "thank-you", bill, application)
    assert facts["stage"] == ""
    draft = create_draft(
        user, DraftRequest("thank-you", contact_id=bill.id, application_id=application.id)
    )
    assert "Data Engineer" in draft.body and "Initech" in draft.body


def test_a_milestone_post_is_about_the_step_finished_last(user: User) -> None:
    titles = ["Course one", "Course two", "Course three", "Course four", "Course five"]
    items = [playbook.create_upskill(user, {"kind": "course", "title": t}) for t in titles]
    for item in items[:4]:
        playbook.set_progress(user, item.id, {"progress": 50}, today=DAY)
    playbook.set_progress(user, items[1].id, {"progress": 100}, today=DAY)
    playbook.set_progress(user, items[4].id, {"progress": 100}, today=DAY)
    (key, _label, milestone), _thanks = questions_for(user, "post-milestone")
    assert (key, milestone) == ("milestone", "Course five")
    link = next(
        draft_link(i.kind, i.contact_id, i.application_id)
        for i in db.session.query(PlaybookItem).filter_by(upskill_id=items[4].id)
    )
    assert link == "/drafts/new?kind=post-milestone"
