"""`nextround draft`: the draft, a blank line, `---`, its checks; JSON; errors on stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service.contacts.services import create_contact, record_touch
from service.drafting.services import DraftRequest, create_draft, update_about
from service.errors import NotFound, ValidationFailed
from service.extensions import db
from service.models import Contact, Draft, User


@pytest.fixture
def contact(user: User) -> Contact:
    update_about(
        user,
        {
            "sign_name": "Ada Lovelace",
            "headline": "Data engineer",
            "skills": "dbt, Airflow",
            "topics": ["data quality"],
        },
    )
    person = create_contact(
        user,
        {
            "first_name": "Zoë",
            "last_name": "O'Brien",
            "company": "Acme Analytics",
            "title": "Head of Data",
            "role": "interviewer",
        },
    )
    record_touch(
        user,
        person.id,
        {"kind": "interview", "occurred_at": "2026-11-02", "summary": "Talked about dbt tests"},
    )
    return person


def test_draft_prints_the_draft_a_rule_and_its_checks(
    runner: Any, user: User, contact: Contact
) -> None:
    result = runner.invoke(
        args=["draft", "thank-you", "--user", user.email, "--contact", str(contact.id)]
    )
    assert result.exit_code == 0, result.output
    draft_text, checks = result.output.split("\n\n---\n")
    assert "Zoë" in draft_text and "dbt tests" in draft_text and "Ada Lovelace" in draft_text
    assert draft_text.startswith("Subject: Thank you")
    assert "characters: " in checks and "/ 8,000 (message)" in checks
    assert "fold desktop:" in checks and "readability (Flesch):" in checks
    assert "placeholders: none" in checks
    saved = db.session.query(Draft).one()
    assert saved.contact_id == contact.id and saved.company_id == contact.company_id
    assert len(saved.versions) == 1 and saved.versions[0].body == saved.body


def test_draft_json_and_facts(runner: Any, user: User, contact: Contact) -> None:
    result = runner.invoke(
        args=[
            "draft",
            "keep-in-touch",
            "--user",
            user.email,
            "--contact",
            str(contact.id),
            "--tone",
            "concise",
            "--fact",
            "news=I finished the dbt Fundamentals course",
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "keep-in-touch" and data["tone"] == "concise"
    assert "dbt Fundamentals course" in data["body"]
    assert data["facts"]["shared"] == "dbt tests"  # prefilled from the last touch
    assert data["checks"]["ok"] is True and data["checks"]["limit"] == 8000
    assert data["writer"] == "template" and data["fallback_reason"] is None


def test_a_comment_reads_the_post_from_a_file(runner: Any, user: User, tmp_path: Path) -> None:
    post = tmp_path / "post.txt"
    post.write_text(
        "Hiring managers skim. Put the result before the method in every bullet.",
        encoding="utf-8",
    )
    result = runner.invoke(
        args=["draft", "comment", "--user", user.email, "--source-file", str(post)]
    )
    assert result.exit_code == 0, result.output
    body = result.output.split("\n\n---\n")[0]
    assert "result before the method" in body
    assert "/ 1,250 (comment)" in result.output


def test_expected_errors_go_to_stderr_with_status_1(
    runner: Any, app: Flask, user: User, make_user: Any
) -> None:
    other = make_user("bob@example.com")
    theirs = create_contact(other, {"first_name": "Eve"})
    result = runner.invoke(
        args=["draft", "thank-you", "--user", user.email, "--contact", str(theirs.id)]
    )
    assert result.exit_code == 1 and "No such contact." in result.output
    result = runner.invoke(args=["draft", "comment", "--user", user.email])
    assert result.exit_code == 1 and "needs the text of the post" in result.output
    result = runner.invoke(args=["draft", "post-open", "--user", "nobody@example.com"])
    assert result.exit_code == 1
    result = runner.invoke(args=["draft", "letter", "--user", user.email])
    assert result.exit_code == 2


def test_another_users_vacancy_or_contact_is_not_found(user: User, make_user: Any) -> None:
    other = make_user("carol@example.com")
    theirs = create_contact(other, {"first_name": "Eve"})
    with pytest.raises(NotFound):
        create_draft(user, DraftRequest("congratulations", contact_id=theirs.id))
    with pytest.raises(NotFound):
        create_draft(user, DraftRequest("hiring", vacancy_id=1))
    with pytest.raises(ValidationFailed):
        create_draft(user, DraftRequest("post-open", tone="shouty"))


def test_no_about_you_and_no_contact_still_gives_a_clean_draft(user: User) -> None:
    for kind in ("post-open", "post-lessons", "article", "connection-note", "mentor"):
        draft = create_draft(user, DraftRequest(kind))
        assert draft.body and "{{" not in draft.body and "[" not in draft.body


def test_draft_with_llm_uses_the_configured_server_and_says_when_it_fell_back(
    app_factory: Any, server: Any, connect_guard: Any
) -> None:
    from tests.drafting.test_llm import answer, completion

    app = app_factory(LLM_BASE_URL=server.url("/v1").rstrip("/"), LLM_MODEL="m")
    with app.app_context():
        from service.auth.services import create_user

        user = create_user("llm@example.com", "correct horse battery")
        runner = app.test_cli_runner()
        server.routes["/v1/chat/completions"] = answer(
            200, completion("Lessons from a year of data quality work.\n\nFirst: owners.")
        )
        result = runner.invoke(args=["draft", "post-lessons", "--user", user.email, "--llm"])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Lessons from a year of data quality work.")
        server.routes["/v1/chat/completions"] = answer(500, b'{"error":{"message":"boom"}}')
        result = runner.invoke(args=["draft", "post-lessons", "--user", user.email, "--llm"])
        assert result.exit_code == 0
        assert "note: The LLM answered HTTP 500: boom" in result.output


def test_draft_with_llm_unconfigured_is_an_error(runner: Any, user: User) -> None:
    result = runner.invoke(args=["draft", "post-open", "--user", user.email, "--llm"])
    assert result.exit_code == 1 and "No LLM is configured" in result.output


def test_about_you_from_the_cli(runner: Any, user: User) -> None:
    result = runner.invoke(
        args=["about", "--user", user.email, "--sign-name", "Søren Ødegård",
              "--skills", "Kotlin, Postgres", "--sample", "Short and plain. No emoji."]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "sign name: Søren Ødegård" in result.output and "skills: Kotlin | Postgres" in result.output
    )
    shown = json.loads(runner.invoke(args=["about", "--user", user.email, "--json"]).output)
    assert shown["samples"] == ["Short and plain. No emoji."] and shown["topics"] == []
    draft = create_draft(user, DraftRequest("post-open"))
    assert "Kotlin" in draft.body


def test_a_users_own_template_is_used_and_a_broken_one_falls_back(
    runner: Any, user: User, contact: Contact, tmp_path: Path
) -> None:
    shown = runner.invoke(args=["draft-template", "connection-note"])
    assert shown.exit_code == 0 and "{% set title" in shown.output
    mine = tmp_path / "note.j2"
    mine.write_text("Hi {{ them.greet }}, good to talk about {{ facts.reason }}.", encoding="utf-8")
    kept = runner.invoke(
        args=["draft-template", "connection-note", "--user", user.email, "--file", str(mine)]
    )
    assert kept.exit_code == 0, kept.output
    args = ["draft", "connection-note", "--user", user.email, "--contact", str(contact.id),
            "--fact", "dbt tests", "--json"]  # fmt: skip
    data = json.loads(runner.invoke(args=args).output)
    assert (
        data["writer"] == "user-template"
        and data["body"] == "Hi Zoë, good to talk about dbt tests."
    )

    mine.write_text("{{ them.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    runner.invoke(
        args=["draft-template", "connection-note", "--user", user.email, "--file", str(mine)]
    )
    result = runner.invoke(args=args[:-1])
    assert result.exit_code == 0
    assert "note: Your template reached for something drafts may not use" in result.output
    assert result.output.startswith("Hi Zoë,") or result.output.startswith("Dear Zoë")
    saved = db.session.query(Draft).order_by(Draft.id.desc()).first()
    assert (
        saved is not None
        and saved.writer == "template"
        and "may not use" in (saved.fallback_reason or "")
    )
    removed = runner.invoke(
        args=["draft-template", "connection-note", "--user", user.email, "--remove"]
    )
    assert removed.exit_code == 0 and "back to the default" in removed.output
    assert json.loads(runner.invoke(args=args).output)["writer"] == "template"


def test_removing_a_template_never_kept_is_fine(runner: Any, user: User) -> None:
    removed = runner.invoke(args=["draft-template", "mentor", "--user", user.email, "--remove"])
    assert removed.exit_code == 0, removed.output
