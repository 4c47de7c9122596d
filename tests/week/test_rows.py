"""The planner fed from the database: what a user's week holds after a rejection."""

from __future__ import annotations

from datetime import UTC, date, datetime

from service.applications import playbook, services
from service.contacts.services import create_contact
from service.extensions import db
from service.models import User
from service.week.rows import plan_for
from tests.helpers import tier_id

START = date(2026, 10, 5)
NOW = datetime(2026, 10, 28, 9, 0, tzinfo=UTC)  # Wednesday of 2026-W44 (26 Oct to 1 Nov)


def test_the_week_after_a_rejection(user: User, make_user) -> None:
    close = create_contact(
        user, {"first_name": "Grace", "tier_id": tier_id(user, "Close")}, today=START
    )
    create_contact(
        user,
        {"first_name": "Later", "tier_id": tier_id(user, "Decision makers")},
        today=START,
    )
    bill = create_contact(user, {"first_name": "Bill", "company": "Initech"}, today=START)
    create_contact(
        user, {"first_name": "Boss", "company": "Initech", "role": "decision_maker"}, today=START
    )
    rejected = services.create_application(
        user, {"company": "Initech", "role": "SRE"}, applied_on=START, today=START
    )
    services.mark_rejected(
        user, rejected.id, on=date(2026, 10, 27), contact_ids=[bill.id], today=date(2026, 10, 27)
    )
    upskill = playbook.create_upskill(
        user, {"kind": "course", "title": "CKA", "target_on": "2026-10-30"}
    )
    playbook.create_upskill(user, {"kind": "project", "title": "Later", "target_on": "2026-12-30"})
    open_one = services.create_application(
        user, {"company": "Globex", "role": "Platform lead"}, applied_on=START, today=START
    )
    soon = services.log_stage(
        user, open_one.id, {"kind": "interview", "occurred_on": "2026-10-30"}, today=START
    )
    services.log_stage(
        user, open_one.id, {"kind": "final", "occurred_on": "2026-11-20"}, today=START
    )
    closed = services.create_application(
        user, {"company": "Hooli", "role": "SRE"}, applied_on=START, today=START
    )
    services.log_stage(
        user, closed.id, {"kind": "interview", "occurred_on": "2026-10-29"}, today=START
    )
    services.log_stage(
        user, closed.id, {"kind": "withdrawn", "occurred_on": "2026-10-29"}, today=START
    )
    # someone else's rows never reach this plan
    other = make_user("eve@example.com")
    create_contact(other, {"first_name": "Eve", "tier_id": tier_id(other, "Close")}, today=START)

    week, items = plan_for(user, NOW)

    todos = {i.kind.value: i.id for i in rejected.playbook}
    assert week.label == "2026-W44"
    assert [i.key for i in items] == [
        f"contact:{close.id}",
        f"todo:{todos['thank-you']}",
        f"todo:{todos['feedback-request']}",
        f"prep:{soon.id}",
        f"upskill:{upskill.id}",
    ]
    thanks = next(i for i in items if i.key == f"todo:{todos['thank-you']}")
    assert thanks.title == "Thank-you note to Bill"
    assert "rejection at Initech" in thanks.why
    assert items[0].overdue and "Close (every 21 days)" in items[0].why
    # ticked to-dos leave the plan; the user's own clock picks the week
    playbook.complete_item(user, todos["thank-you"], today=date(2026, 10, 28))
    user.timezone = "Pacific/Auckland"
    db.session.commit()
    week, items = plan_for(user, datetime(2026, 11, 1, 12, 0, tzinfo=UTC))
    assert week.label == "2026-W45"
    assert f"todo:{todos['thank-you']}" not in [i.key for i in items]
    assert f"todo:{todos['feedback-request']}" in [i.key for i in items]
