"""Applications and the rejection playbook, through the service functions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from service.applications import playbook, services
from service.applications.links import draft_link
from service.contacts import services as contacts
from service.errors import NotFound, UnknownReference, ValidationFailed
from service.extensions import db
from service.models import (
    Application,
    CompanyRelation,
    Contact,
    PlaybookItem,
    PlaybookKind,
    Source,
    StageKind,
    Touch,
    User,
    Watch,
)

DAY = date(2026, 11, 2)


def _person(user: User, first: str, role: str = "interviewer", company: str = "Initech") -> Contact:
    return contacts.create_contact(
        user, {"first_name": first, "company": company, "role": role}, today=DAY
    )


def _application(user: User, **extra: object) -> Application:
    data = {"company": "Initech", "role": "Platform engineer", **extra}
    return services.create_application(user, data, applied_on=DAY, today=DAY)


def _items(application: Application) -> list[tuple[str, str | None]]:
    return sorted(
        (i.kind.value, i.contact.first_name if i.contact else None)
        for i in PlaybookItem.query.filter_by(application_id=application.id)
    )


def test_an_application_starts_applied_and_follows_its_latest_stage(user: User) -> None:
    application = _application(user)
    assert application.stage is StageKind.APPLIED
    assert application.company.relation is CompanyRelation.INTERVIEWING
    first = services.log_stage(
        user, application.id, {"kind": "interview", "occurred_on": "2026-11-05"}, today=DAY
    )
    second = services.log_stage(
        user, application.id, {"kind": "interview", "occurred_on": "2026-11-09"}, today=DAY
    )
    assert (first.round, second.round, first.label) == (1, 2, "Interview, round 1")
    assert application.stage is StageKind.INTERVIEW
    # a stage logged late, dated before the latest, does not move the current stage back
    services.log_stage(
        user, application.id, {"kind": "screening", "occurred_on": "2026-11-03"}, today=DAY
    )
    assert application.stage is StageKind.INTERVIEW
    services.log_stage(user, application.id, {"kind": "offer", "occurred_on": "2026-11-20"})
    assert application.stage is StageKind.OFFER
    offer = application.stages[-1]
    assert services.delete_stage(user, offer.id).stage is StageKind.INTERVIEW
    assert [kind for kind, apps in services.pipeline(user) if apps] == [StageKind.INTERVIEW]


def test_a_stage_with_a_person_logs_a_touch_but_a_scheduled_one_does_not(user: User) -> None:
    bill = _person(user, "Bill")
    application = _application(user)
    services.log_stage(
        user,
        application.id,
        {
            "kind": "interview",
            "occurred_on": DAY,
            "contact_ids": [bill.id],
            "new_people": [{"first_name": "Milton", "title": "Staff engineer"}],
        },
        today=DAY,
    )
    milton = Contact.query.filter_by(first_name="Milton").one()
    assert milton.company is not None and milton.company.name == "Initech"
    touches = Touch.query.order_by(Touch.contact_id).all()
    assert [(t.contact_id, t.kind.value) for t in touches] == [
        (bill.id, "interview"),
        (milton.id, "interview"),
    ]
    assert bill.last_touch_on == DAY
    later = DAY + timedelta(days=10)
    services.log_stage(
        user,
        application.id,
        {"kind": "final", "occurred_on": later, "contact_ids": [bill.id]},
        today=DAY,
    )
    assert Touch.query.count() == 2 and application.stages[-1].people == [bill]


def test_rejection_starts_the_playbook_once(user: User) -> None:
    bill = _person(user, "Bill")
    boss = _person(user, "Lumbergh", role="decision_maker")
    hunter = _person(user, "Hanna", role="recruiter", company="Hunters")
    application = _application(user, source="headhunter", headhunter_id=hunter.id)
    services.log_stage(
        user,
        application.id,
        {"kind": "interview", "occurred_on": "2026-11-03", "contact_ids": [bill.id]},
        today=DAY,
    )
    services.mark_rejected(user, application.id, on=date(2026, 11, 10), today=date(2026, 11, 10))
    expected = [
        ("feedback-request", "Bill"),
        ("feedback-request", "Hanna"),
        ("thank-you", "Bill"),
        ("thank-you", "Hanna"),
    ]
    assert _items(application) == expected
    assert {i.due_on for i in application.playbook} == {date(2026, 11, 12)}
    assert application.company.relation is CompanyRelation.REJECTED_ME
    assert boss.tier is not None and boss.tier.name == "Keep the door open"
    assert boss.next_due_on == date(2026, 11, 10) + timedelta(days=42)
    assert bill.tier is None  # an interviewer, not a decision maker
    # marked rejected again (the button, or a second rejection stage): nothing doubles
    services.mark_rejected(user, application.id, today=date(2026, 11, 11))
    services.log_stage(
        user,
        application.id,
        {"kind": "rejected", "occurred_on": "2026-11-11", "contact_ids": [bill.id]},
        today=date(2026, 11, 11),
    )
    assert _items(application) == expected
    # naming someone new at the rejection adds what they are owed, once
    services.log_stage(
        user,
        application.id,
        {"kind": "rejected", "occurred_on": "2026-11-11", "contact_ids": [boss.id]},
        today=date(2026, 11, 11),
    )
    assert _items(application) == sorted(
        [*expected, ("feedback-request", "Lumbergh"), ("thank-you", "Lumbergh")]
    )


def test_a_closer_tier_is_kept_when_the_door_is_kept_open(user: User) -> None:
    close = next(t for t in user.tiers if t.interval_days < 42)
    boss = _person(user, "Lumbergh", role="hiring_manager")
    contacts.update_contact(user, boss.id, {"tier_id": close.id})
    application = _application(user)
    services.mark_rejected(user, application.id, today=DAY)
    assert boss.tier_id == close.id
    assert _items(application) == []  # nobody was named: no one to thank yet


def test_feedback_upskill_and_the_milestone_to_dos(user: User) -> None:
    bill = _person(user, "Bill")
    application = _application(user)
    services.mark_rejected(user, application.id, contact_ids=[bill.id], today=DAY)
    feedback = playbook.record_feedback(
        user,
        application,
        {
            "text": "Strong, but no Kubernetes in production.",
            "categories": ["experience", "qualification", "experience"],
            "contact_id": bill.id,
            "received_on": "2026-11-06",
        },
    )
    assert feedback.categories == ["experience", "qualification"]
    asked = [i for i in application.playbook if i.kind is PlaybookKind.FEEDBACK_REQUEST]
    assert asked[0].done_at is not None  # the feedback came: no need to ask any more
    item = playbook.create_upskill(
        user,
        {"kind": "course", "title": "CKA", "gap": "Kubernetes", "feedback_id": feedback.id},
    )
    assert item.contact_id == bill.id
    playbook.set_progress(user, item.id, {"progress": 60}, today=DAY)
    assert item.done_at is None and PlaybookItem.query.filter_by(upskill_id=item.id).count() == 0
    playbook.set_progress(user, item.id, {"progress": 100}, today=DAY)
    playbook.set_progress(user, item.id, {"progress": 90}, today=DAY)
    playbook.set_progress(user, item.id, {"progress": 100}, today=DAY)
    offered = PlaybookItem.query.filter_by(upskill_id=item.id).all()
    assert sorted((o.kind.value, o.contact_id) for o in offered) == [
        ("keep-in-touch", bill.id),
        ("post-milestone", None),
    ]
    assert all(o.application_id == application.id for o in offered)
    assert item.done_at is not None
    with pytest.raises(ValidationFailed):
        playbook.set_progress(user, item.id, {"progress": 101})


def test_ticking_a_message_to_do_logs_one_touch(user: User) -> None:
    bill = _person(user, "Bill")
    application = _application(user)
    services.mark_rejected(user, application.id, contact_ids=[bill.id], today=DAY)
    before = Touch.query.count()
    thanks = next(i for i in application.playbook if i.kind is PlaybookKind.THANK_YOU)
    playbook.complete_item(user, thanks.id, today=DAY)
    playbook.complete_item(user, thanks.id, today=DAY)
    assert Touch.query.count() == before + 1
    assert thanks.done_at is not None and thanks not in playbook.open_items(user)


def test_draft_links_name_the_kind_the_contact_and_the_application() -> None:
    link = draft_link(PlaybookKind.FEEDBACK_REQUEST, 7, 3)
    assert link == "/drafts/new?kind=feedback-request&contact=7&application=3"
    assert draft_link(PlaybookKind.POST_MILESTONE) == "/drafts/new?kind=post-milestone"


def test_another_users_rows_are_not_found(user: User, make_user: Callable[..., User]) -> None:
    other = make_user("eve@example.com")
    bill = _person(user, "Bill")
    application = _application(user)
    services.mark_rejected(user, application.id, contact_ids=[bill.id], today=DAY)
    feedback = playbook.record_feedback(
        user, application, {"text": "x", "categories": ["other"], "received_on": DAY}
    )
    item = playbook.create_upskill(user, {"kind": "practice", "title": "Mock interviews"})
    with pytest.raises(NotFound):
        services.get_application(other, application.id)
    with pytest.raises(NotFound):
        services.log_stage(other, application.id, {"kind": "offer", "occurred_on": DAY})
    with pytest.raises(NotFound):
        playbook.complete_item(other, application.playbook[0].id)
    with pytest.raises(NotFound):
        playbook.set_progress(other, item.id, {"progress": 100})
    with pytest.raises(UnknownReference):
        playbook.create_upskill(other, {"kind": "course", "title": "x", "feedback_id": feedback.id})
    with pytest.raises(UnknownReference):
        services.create_application(other, {"company": "A", "role": "B"}, contact_ids=[bill.id])
    with pytest.raises(UnknownReference):
        services.create_application(other, {"company": "A", "role": "B", "headhunter_id": bill.id})
    assert services.list_applications(other) == []


@pytest.mark.parametrize(
    "data",
    [
        {"company": " ", "role": "Engineer"},
        {"company": "Acme", "role": ""},
        {"company": "Acme", "role": "Engineer", "source": "carrier pigeon"},
        {"company": "Acme", "role": "Engineer", "next_step_on": "2026-02-30"},
        {"company": "Acme", "role": "Engineer", "surprise": 1},
    ],
)
def test_invalid_applications_are_refused(user: User, data: dict[str, object]) -> None:
    with pytest.raises(ValidationFailed):
        services.create_application(user, data)
    assert Application.query.count() == 0


def test_the_rejecting_company_stays_watched(user: User) -> None:
    application = _application(user)
    source = Source(
        identity="greenhouse:initech",
        ats="greenhouse",
        token="initech",
        url="https://boards.greenhouse.io/initech",
        request={"url": "https://boards-api.greenhouse.io/v1/boards/initech/jobs"},
        config={},
        interval_seconds=3600,
    )
    db.session.add(source)
    db.session.flush()
    db.session.add(Watch(user_id=user.id, company_id=application.company_id, source_id=source.id))
    db.session.commit()
    services.mark_rejected(user, application.id, today=DAY)
    assert [w.company_id for w in Watch.query.all()] == [application.company_id]
    assert application.company.relation is CompanyRelation.REJECTED_ME


def test_progress_a_keep_in_touch_note_can_mention(user: User) -> None:
    bill = _person(user, "Bill")
    application = _application(user)
    feedback = playbook.record_feedback(
        user,
        application,
        {"text": "x", "categories": ["preparation"], "contact_id": bill.id, "received_on": DAY},
    )

    def item(title: str, progress: int, feedback_id: int | None = None) -> int:
        made = playbook.create_upskill(
            user, {"kind": "practice", "title": title, "feedback_id": feedback_id}
        )
        playbook.set_progress(user, made.id, {"progress": progress}, today=DAY)
        return made.id

    item("Not started", 0)
    item("Halfway", 50)
    item("Finished", 100)
    item("Bill's gap", 20, feedback.id)
    item("Barely", 5)
    titles = [u.title for u in playbook.progress_to_mention(user, bill.id)]
    assert titles == ["Bill's gap", "Finished", "Halfway"]
