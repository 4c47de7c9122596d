"""The studio's pages: About you, a new draft from a contact, edit (a new version), mark sent
(a touch on the contact's timeline), and another user's draft answering 404."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from service.contacts.services import create_contact
from service.drafting.services import DraftRequest, create_draft
from service.extensions import db
from service.models import Draft, Touch, User
from tests.helpers import login


def test_about_you_is_saved_and_used_by_new_drafts(auth_client: FlaskClient, user: User) -> None:
    response = auth_client.post(
        "/drafts/about",
        data={
            "sign_name": "Ada Lovelace",
            "headline": "Data engineer",
            "skills": "dbt, Airflow",
            "goals": "Leading a data team",
            "topics": "data quality, analytics engineering",
            "samples": "Short note one.\r\n\r\nShort note two.",
        },
    )
    assert response.status_code == 302
    page = auth_client.get("/drafts/about").get_data(as_text=True)
    assert 'value="dbt, Airflow"' in page and "Short note two." in page
    draft = create_draft(user, DraftRequest("post-opinion"))
    assert "#DataQuality" in draft.body


def test_draft_from_a_contact_edit_and_mark_sent_logs_a_touch(
    auth_client: FlaskClient, user: User
) -> None:
    contact = create_contact(
        user, {"first_name": "Zoë", "last_name": "O'Brien", "company": "Acme Analytics"}
    )
    detail = auth_client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert f"/drafts/new?kind=keep-in-touch&amp;contact_id={contact.id}" in detail
    form = auth_client.get(f"/drafts/new?kind=keep-in-touch&contact_id={contact.id}")
    assert form.status_code == 200 and "What did you last talk about?" in form.get_data(True)
    response = auth_client.post(
        f"/drafts/new?kind=keep-in-touch&contact_id={contact.id}",
        data={
            "kind": "keep-in-touch",
            "tone": "warm",
            "fact_news": "I finished the dbt Fundamentals course",
            "fact_shared": "",
        },
    )
    assert response.status_code == 302
    draft = db.session.query(Draft).one()
    page = auth_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Zoë" in page and "dbt Fundamentals course" in page
    assert 'id="fold-desktop"' in page and 'data-limit="8000"' in page

    edited = auth_client.post(
        f"/drafts/{draft.id}/edit", data={"title": "", "body": "Hi Zoë,\n\nHow was the move?"}
    )
    assert edited.status_code == 302
    db.session.refresh(draft)
    assert [v.number for v in draft.versions] == [1, 2] and draft.versions[1].writer == "you"

    sent = auth_client.post(f"/drafts/{draft.id}/status", data={"status": "sent"})
    assert sent.status_code == 302
    db.session.refresh(draft)
    assert draft.status.value == "sent" and draft.sent_at is not None
    touch = db.session.query(Touch).one()
    assert touch.contact_id == contact.id and touch.kind.value == "message"
    assert "How was the move?" in touch.summary
    timeline = auth_client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "Keep in touch sent" in timeline


def test_another_users_draft_is_not_found(client: FlaskClient, user: User, make_user: Any) -> None:
    theirs = create_draft(user, DraftRequest("post-open"))
    login(client, make_user("mallory@example.com"))
    assert client.get(f"/drafts/{theirs.id}").status_code == 404
    assert client.post(f"/drafts/{theirs.id}/status", data={"status": "sent"}).status_code == 404
    assert client.post(f"/drafts/{theirs.id}/edit", data={"body": "x"}).status_code == 404
    assert "No drafts yet" in client.get("/drafts/").get_data(as_text=True)


def test_vacancy_and_alert_pages_offer_a_draft_to_the_people_you_know(
    auth_client: FlaskClient, user: User
) -> None:
    from service.models import Source, Vacancy, Watch

    contact = create_contact(user, {"first_name": "João", "company": "Globex"})
    source = Source(
        identity="greenhouse:globex", ats="greenhouse", token="globex",
        url="https://boards.greenhouse.io/globex", request={"url": "https://x"}, config={},
        interval_seconds=3600,
    )  # fmt: skip
    db.session.add(source)
    db.session.flush()
    vacancy = Vacancy(
        source_id=source.id, external_id="7", title="Analytics Engineer", url="https://x"
    )
    db.session.add_all(
        [vacancy, Watch(user_id=user.id, company_id=contact.company_id, source_id=source.id)]
    )
    db.session.commit()
    page = auth_client.get(f"/vacancies/{vacancy.id}").get_data(as_text=True)
    link = f"/drafts/new?kind=hiring&amp;contact_id={contact.id}&amp;vacancy_id={vacancy.id}"
    assert link in page
    form = auth_client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "Analytics Engineer" in form  # the role question, prefilled from the vacancy
    # the weekly plan's new-match items link with the short names (contact=, vacancy=)
    short = auth_client.get(f"/drafts/new?kind=hiring&contact={contact.id}&vacancy={vacancy.id}")
    assert "Analytics Engineer" in short.get_data(as_text=True)


def test_the_llm_writes_in_a_background_job_and_its_failure_falls_back(
    app_factory: Any, make_user: Any, server: Any, connect_guard: Any, run_worker: Any
) -> None:
    from tests.drafting.test_llm import answer, completion

    app = app_factory(LLM_BASE_URL=server.url("/v1").rstrip("/"), LLM_MODEL="m")
    with app.app_context():
        from service.auth.services import create_user

        writer = create_user("writer@example.com", "correct horse battery")
        client = login(app.test_client(), writer)
        page = client.get("/drafts/new?kind=post-milestone").get_data(as_text=True)
        assert "Ask the LLM" in page
        text = "Finished the dbt course this week.\n\nThank you, Siobhán."
        server.routes["/v1/chat/completions"] = answer(200, completion(text))
        made = client.post(
            "/drafts/new?kind=post-milestone",
            data={"kind": "post-milestone", "tone": "warm", "use_llm": "y",
                  "fact_milestone": "the dbt course", "fact_thanks": "Siobhán"},
        )  # fmt: skip
        location = made.headers["Location"]
        waiting = client.get(location).get_data(as_text=True)
        assert 'id="llm-writing"' in waiting and 'http-equiv="refresh"' in waiting
        assert run_worker() == 1
        done = client.get(location).get_data(as_text=True)
        assert "llm-writing" not in done and "Finished the dbt course this week." in done
        draft = db.session.query(Draft).one()
        assert draft.writer == "llm" and [v.writer for v in draft.versions] == ["template", "llm"]

        server.routes["/v1/chat/completions"] = answer(503, b'{"error":{"message":"Loading"}}')
        client.post(
            "/drafts/new?kind=post-milestone",
            data={"kind": "post-milestone", "tone": "concise", "use_llm": "y",
                  "fact_milestone": "a second course"},
        )  # fmt: skip
        assert run_worker() == 1
        second = db.session.query(Draft).order_by(Draft.id.desc()).first()
        assert second is not None and second.writer == "template"
        assert "HTTP 503" in (second.fallback_reason or "") and len(second.versions) == 1
        assert "HTTP 503" in client.get(f"/drafts/{second.id}").get_data(as_text=True)


def test_the_new_draft_page_offers_the_other_message_kinds(
    auth_client: FlaskClient, user: User
) -> None:
    contact = create_contact(user, {"first_name": "Zoë"})
    page = auth_client.get(f"/drafts/new?kind=keep-in-touch&contact_id={contact.id}")
    text = page.get_data(as_text=True)
    assert f"/drafts/new?kind=thank-you&amp;contact_id={contact.id}" in text
    assert "kind=post-open" not in text
