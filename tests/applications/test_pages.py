"""Application pages: the pipeline, add and validate, log a stage with a new person, reject, the
playbook to-dos with their draft links, feedback, upskill and its to-dos; CSRF on every form."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from service.applications import services
from service.auth.services import create_user
from service.companies.services import ensure_company
from service.contacts.services import create_contact
from service.extensions import db
from service.models import (
    Application,
    Contact,
    Feedback,
    PlaybookItem,
    Source,
    StageKind,
    Touch,
    UpskillItem,
    User,
    Vacancy,
    Watch,
)
from tests.helpers import PASSWORD, login


def test_add_application_and_see_it_in_the_pipeline(auth_client: FlaskClient, user: User) -> None:
    response = auth_client.post(
        "/applications/new",
        data={"company": "Initech", "role": "Platform engineer", "source": "direct"},
    )
    application = Application.query.one()
    assert response.headers["Location"] == f"/applications/{application.id}"
    assert application.stage is StageKind.APPLIED and len(application.stages) == 1
    page = auth_client.get("/applications/").get_data(as_text=True)
    assert 'id="stage-applied"' in page and "Platform engineer" in page
    assert 'id="stage-interview"' not in page  # empty stages are not drawn
    form = auth_client.get(f"/applications/{application.id}/edit").get_data(as_text=True)
    assert 'value="Platform engineer"' in form
    edited = auth_client.post(
        f"/applications/{application.id}/edit",
        data={
            "company": "Initech",
            "role": "Staff engineer",
            "source": "referral",
            "next_step": "Call back",
            "next_step_on": "2026-12-01",
        },
    )
    assert edited.status_code == 302 and application.role == "Staff engineer"
    detail = auth_client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Call back (01 Dec 2026)" in detail and "Referral" in detail


def test_invalid_application_forms_say_what_to_fix(auth_client: FlaskClient) -> None:
    empty = auth_client.post("/applications/new", data={"company": "", "role": "x"})
    assert empty.status_code == 200 and b"This field is required" in empty.data
    bad_date = auth_client.post(
        "/applications/new",
        data={"company": "Initech", "role": "x", "source": "direct", "next_step_on": "soon"},
    )
    assert bad_date.status_code == 200 and b"Not a valid date value" in bad_date.data
    bad_source = auth_client.post(
        "/applications/new", data={"company": "Initech", "role": "x", "source": "pigeon"}
    )
    assert bad_source.status_code == 200 and b"Not a valid choice" in bad_source.data
    assert Application.query.count() == 0


def test_stage_with_a_new_person_then_rejection_and_its_playbook(
    auth_client: FlaskClient, user: User
) -> None:
    application = services.create_application(user, {"company": "Initech", "role": "SRE"})
    response = auth_client.post(
        f"/applications/{application.id}/stages",
        data={
            "kind": "interview",
            "occurred_on": application.stages[0].occurred_on.isoformat(),
            "new_first_name": "Bill",
            "new_last_name": "Lumbergh",
            "new_role": "hiring_manager",
        },
    )
    assert response.status_code == 302
    bill = Contact.query.filter_by(first_name="Bill").one()
    assert bill.company is not None and bill.company.name == "Initech"
    assert Touch.query.filter_by(contact_id=bill.id).count() == 1
    person = auth_client.get(f"/contacts/{bill.id}").get_data(as_text=True)
    assert "Interview, round 1 · " in person and "SRE at Initech" in person
    company = auth_client.get(f"/companies/{bill.company.id}").get_data(as_text=True)
    assert "Applications here" in company and f"/applications/{application.id}" in company
    # an invalid stage is shown again with what is wrong, nothing is logged
    bad = auth_client.post(
        f"/applications/{application.id}/stages", data={"kind": "interview", "occurred_on": ""}
    )
    assert bad.status_code == 422 and b"This field is required" in bad.data
    assert len(application.stages) == 2
    auth_client.post(f"/applications/{application.id}/reject")
    auth_client.post(f"/applications/{application.id}/reject")
    page = auth_client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert PlaybookItem.query.count() == 2
    link = f"/drafts/new?kind=thank-you&amp;contact={bill.id}&amp;application={application.id}"
    assert link in page
    assert "kind=feedback-request" in page and "Mark rejected" not in page
    thanks = PlaybookItem.query.filter_by(kind="thank-you").one()
    assert auth_client.post(f"/applications/todos/{thanks.id}/done").status_code == 302
    assert thanks.done_at is not None
    assert Touch.query.filter_by(contact_id=bill.id).count() == 2
    # feedback, then a gap from it becomes an upskill item, finished: the to-dos it offers
    feedback = auth_client.post(
        f"/applications/{application.id}/feedback",
        data={
            "text": "More Kubernetes",
            "categories": ["experience"],
            "contact_id": str(bill.id),
            "received_on": "2026-11-02",
        },
    )
    assert feedback.status_code == 302
    note = Feedback.query.one()
    auth_client.post(
        "/applications/upskill",
        data={"kind": "course", "title": "CKA", "feedback_id": str(note.id)},
    )
    item = UpskillItem.query.one()
    assert item.contact_id == bill.id
    auth_client.post(f"/applications/upskill/{item.id}/progress", data={"progress": "100"})
    plan = auth_client.get("/applications/upskill").get_data(as_text=True)
    assert "kind=post-milestone" in plan and f"kind=keep-in-touch&amp;contact={bill.id}" in plan


def test_feedback_needs_a_category_and_text(auth_client: FlaskClient, user: User) -> None:
    application = services.create_application(user, {"company": "Initech", "role": "SRE"})
    response = auth_client.post(
        f"/applications/{application.id}/feedback",
        data={"text": " ", "received_on": "2026-11-02"},
    )
    assert response.status_code == 200
    assert b"Pick at least one." in response.data and Feedback.query.count() == 0


def test_forms_refuse_posts_without_the_csrf_token(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(csrf=True)
    with app.app_context():
        user = create_user("csrf-apps@example.com", PASSWORD)
        contact = create_contact(user, {"first_name": "Bill"})
        application = services.create_application(user, {"company": "Initech", "role": "SRE"})
        client = login(app.test_client(), user)
        for path in (
            "/applications/new",
            f"/applications/{application.id}/stages",
            f"/applications/{application.id}/reject",
            f"/applications/{application.id}/feedback",
            f"/applications/{application.id}/delete",
            "/applications/upskill",
        ):
            response = client.post(path, data={"company": "X", "role": "Y", "kind": "offer"})
            assert response.status_code == 400, path
        assert Application.query.count() == 1 and application.stage is StageKind.APPLIED
        page = client.get(f"/applications/{application.id}").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token is not None
        ok = client.post(
            f"/applications/{application.id}/stages",
            data={
                "csrf_token": token.group(1),
                "kind": "offer",
                "occurred_on": application.stages[0].occurred_on.isoformat(),
                "contact_ids": [str(contact.id)],
            },
        )
        assert ok.status_code == 302, ok.get_data(as_text=True)
        db.session.expire_all()
        assert application.stage is StageKind.OFFER


def _watched_vacancy(user: User, company: str, title: str) -> Vacancy:
    """A vacancy on a board that ``user`` watches for ``company``."""
    owner = ensure_company(user, company)
    source = Source(
        identity=f"greenhouse:{company.lower()}{user.id}",
        ats="greenhouse",
        token=company.lower(),
        url=f"https://boards.greenhouse.io/{company.lower()}",
        request={"url": f"https://boards-api.greenhouse.io/v1/boards/{company.lower()}/jobs"},
        config={},
        interval_seconds=3600,
    )
    db.session.add(source)
    db.session.flush()
    vacancy = Vacancy(source_id=source.id, external_id="1", title=title, url="https://x.example")
    db.session.add_all([Watch(user_id=user.id, company_id=owner.id, source_id=source.id), vacancy])
    db.session.commit()
    return vacancy


def test_an_application_from_a_watched_vacancy(
    auth_client: FlaskClient, user: User, make_user: Callable[..., User]
) -> None:
    vacancy = _watched_vacancy(user, "Globex", "Platform Engineer")
    theirs = _watched_vacancy(make_user("eve@example.com"), "Hooli", "Secret role")
    page = auth_client.get(f"/vacancies/{vacancy.id}").get_data(as_text=True)
    assert f'href="/applications/new?vacancy={vacancy.id}"' in page
    form = auth_client.get(f"/applications/new?vacancy={vacancy.id}").get_data(as_text=True)
    assert 'value="Globex"' in form and 'value="Platform Engineer"' in form
    assert auth_client.get(f"/applications/new?vacancy={theirs.id}").status_code == 404
    data = {"company": "Globex", "role": "Platform Engineer", "source": "direct"}
    foreign = auth_client.post(
        "/applications/new", data={**data, "vacancy_id": str(theirs.id)}, follow_redirects=True
    )
    assert b"Unknown vacancy." in foreign.data and Application.query.count() == 0
    auth_client.post("/applications/new", data={**data, "vacancy_id": str(vacancy.id)})
    application = Application.query.one()
    assert application.vacancy_id == vacancy.id
    detail = auth_client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Vacancy" in detail and 'href="https://x.example"' in detail
