"""The contact book's rules and pages: due dates from touches, filters, merge."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from flask.testing import FlaskClient

from service.contacts import services
from service.contacts.linkedin import linkedin_slug
from service.errors import NotFound, ValidationFailed
from service.models import Company, Contact, Touch, User
from tests.helpers import tier_id

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("raw", "slug"),
    [
        ("https://www.linkedin.com/in/jane-doe-123/", "jane-doe-123"),
        ("http://linkedin.com/in/Jane-Doe?trk=abc", "jane-doe"),
        ("linkedin.com/in/jane-doe", "jane-doe"),
        ("https://de.linkedin.com/in/j%C3%BCrgen-m/", "jürgen-m"),
        ("jane-doe", "jane-doe"),
        ("", None),
    ],
)
def test_linkedin_urls_are_normalised_to_their_slug(raw: str, slug: str | None) -> None:
    assert linkedin_slug(raw) == slug


@pytest.mark.parametrize(
    "raw", ["https://evil.example/in/x", "https://www.linkedin.com/company/acme"]
)
def test_non_profile_urls_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed):
        linkedin_slug(raw)


def test_next_due_is_latest_touch_plus_tier_interval(app, user: User) -> None:
    tier = tier_id(user, "Decision makers")
    start = date(2026, 10, 1)
    contact = services.create_contact(
        user, {"first_name": "Grace", "last_name": "Hopper", "tier_id": tier}, today=start
    )
    assert contact.next_due_on == start + timedelta(days=42)
    services.record_touch(user, contact.id, {"kind": "call", "occurred_at": "2026-11-01"})
    assert contact.last_touch_on == date(2026, 11, 1)
    assert contact.next_due_on == date(2026, 11, 1) + timedelta(days=42)
    older = services.record_touch(user, contact.id, {"kind": "email", "occurred_at": "2026-10-05"})
    assert contact.next_due_on == date(2026, 11, 1) + timedelta(days=42)  # older: nothing moves
    newest = services.record_touch(
        user, contact.id, {"kind": "meeting", "occurred_at": "2026-11-05T09:30:00+01:00"}
    )
    assert newest.occurred_at == datetime(2026, 11, 5, 8, 30)
    assert contact.next_due_on == date(2026, 11, 5) + timedelta(days=42)
    services.delete_touch(user, newest.id)
    services.delete_touch(user, older.id)
    assert contact.last_touch_on == date(2026, 11, 1)
    assert contact.next_due_on == date(2026, 11, 1) + timedelta(days=42)


def test_no_tier_means_no_reminders(app, user: User) -> None:
    contact = services.create_contact(user, {"first_name": "Quiet"})
    assert contact.next_due_on is None
    assert services.due_contacts(user, today=TODAY + timedelta(days=999)) == []


def test_due_filter_and_sort_run_in_sql(app, user: User) -> None:
    close, wide = tier_id(user, "Close"), tier_id(user, "Wider network")
    overdue = services.create_contact(
        user, {"first_name": "Over", "tier_id": close}, today=TODAY - timedelta(days=30)
    )
    soon = services.create_contact(
        user, {"first_name": "Soon", "tier_id": close}, today=TODAY - timedelta(days=17)
    )
    services.create_contact(user, {"first_name": "Later", "tier_id": wide}, today=TODAY)
    services.create_contact(user, {"first_name": "Never"}, today=TODAY)
    week = services.list_contacts(user, services.ContactFilter(due="week"), today=TODAY)
    assert [c.first_name for c in week.items] == ["Over", "Soon"]
    late = services.list_contacts(user, services.ContactFilter(due="overdue"), today=TODAY)
    assert [c.id for c in late.items] == [overdue.id]
    by_due = services.list_contacts(user, services.ContactFilter(sort="due"), today=TODAY)
    assert [c.first_name for c in by_due.items] == ["Over", "Soon", "Later", "Never"]
    assert [c.id for c in services.due_contacts(user, today=TODAY)] == [overdue.id, soon.id]


def test_search_and_filters(app, user: User) -> None:
    services.create_contact(
        user,
        {
            "first_name": "Ana",
            "last_name": "Lopez",
            "company": "Acme",
            "role": "hiring_manager",
            "tags": ["Fintech", "berlin"],
        },
    )
    services.create_contact(
        user, {"first_name": "Ben", "title": "CTO", "company": "acme ", "role": "interviewer"}
    )
    services.create_contact(
        user, {"first_name": "Cy", "email": "cy@globex.example", "company": "Globex"}
    )
    assert Company.query.filter_by(user_id=user.id).count() == 2  # "acme " matched "Acme"

    def names(**kw: object) -> list[str]:
        page = services.list_contacts(user, services.ContactFilter(**kw))  # type: ignore[arg-type]
        return sorted(c.first_name for c in page.items)

    assert names(q="acme") == ["Ana", "Ben"]
    assert names(q="cto") == ["Ben"]
    assert names(q="globex.example") == ["Cy"]
    assert names(q="ana lop") == ["Ana"]
    assert names(tag="fintech") == ["Ana"]
    assert names(role="interviewer") == ["Ben"]
    acme = Company.query.filter_by(name="Acme").one()
    assert names(company_id=acme.id) == ["Ana", "Ben"]
    assert names(q="100%_") == []


def test_merge_moves_touches_and_fills_gaps(app, user: User) -> None:
    keep = services.create_contact(
        user, {"first_name": "Priya", "last_name": "Sharma", "tags": ["a"]}
    )
    dup = services.create_contact(
        user,
        {
            "first_name": "Priya",
            "email": "p@example.com",
            "linkedin": "priya-sharma-1",
            "tags": ["b"],
            "notes": "met at PyCon",
        },
    )
    services.record_touch(user, dup.id, {"kind": "email", "occurred_at": "2026-11-20"})
    services.record_touch(user, keep.id, {"kind": "call", "occurred_at": "2026-11-01"})
    merged = services.merge_contacts(user, keep.id, dup.id)
    assert Contact.query.count() == 1
    assert Touch.query.filter_by(contact_id=merged.id).count() == 2
    assert merged.email == "p@example.com" and merged.linkedin_slug == "priya-sharma-1"
    assert [t.name for t in merged.tags] == ["a", "b"]
    assert merged.notes == "met at PyCon"
    assert merged.last_touch_on == date(2026, 11, 20)


def test_duplicate_linkedin_profile_is_refused(app, user: User) -> None:
    services.create_contact(user, {"first_name": "A", "linkedin": "https://linkedin.com/in/same"})
    with pytest.raises(ValidationFailed, match="merge"):
        services.create_contact(user, {"first_name": "B", "linkedin": "same"})


def test_other_users_tier_cannot_be_used(app, user: User, make_user) -> None:
    other = make_user("eve@example.com")
    with pytest.raises(ValidationFailed):
        services.create_contact(user, {"first_name": "X", "tier_id": other.tiers[0].id})
    with pytest.raises(NotFound):
        services.get_contact(other, services.create_contact(user, {"first_name": "Y"}).id)


def test_pages_walk_add_detail_touch_edit_delete(auth_client: FlaskClient, user: User) -> None:
    assert b"No people yet" in auth_client.get("/contacts/").data
    response = auth_client.post(
        "/contacts/new",
        data={
            "first_name": "Linus",
            "last_name": "T",
            "company": "Kernel Inc",
            "role": "hiring_manager",
            "tier_id": str(tier_id(user, "Close")),
            "tags": "os, finland",
            "linkedin": "",
        },
    )
    assert response.status_code == 302
    contact = Contact.query.one()
    detail = auth_client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "Linus T" in detail and "Kernel Inc" in detail and "No touches yet" in detail
    auth_client.post(
        f"/contacts/{contact.id}/touches",
        data={
            "kind": "interview",
            "direction": "mutual",
            "occurred_on": "2026-11-24",
            "summary": "Second round",
        },
    )
    detail = auth_client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    assert "Second round" in detail and "15 Dec 2026" in detail  # 24 Nov + 21 days
    edit = auth_client.post(
        f"/contacts/{contact.id}/edit",
        data={
            "first_name": "Linus",
            "last_name": "Torvalds",
            "role": "decision_maker",
            "tier_id": "",
            "tags": "os",
        },
    )
    assert edit.status_code == 302
    assert contact.last_name == "Torvalds" and contact.tier_id is None
    assert auth_client.get(f"/contacts/{contact.id}/delete").status_code == 200
    assert auth_client.post(f"/contacts/{contact.id}/delete").status_code == 302
    assert Contact.query.count() == 0


def test_form_errors_are_shown_next_to_fields(auth_client: FlaskClient) -> None:
    response = auth_client.post(
        "/contacts/new",
        data={
            "first_name": "X",
            "linkedin": "https://evil.example/x",
            "role": "other",
            "tier_id": "",
        },
    )
    assert response.status_code == 200
    assert b"not a LinkedIn profile URL" in response.data


def test_future_touches_are_refused(app, user: User, auth_client: FlaskClient) -> None:
    contact = services.create_contact(user, {"first_name": "F"})
    with pytest.raises(ValidationFailed):
        services.record_touch(user, contact.id, {"kind": "call", "occurred_at": "2099-01-01"})
    page = auth_client.post(
        f"/contacts/{contact.id}/touches",
        data={"kind": "call", "direction": "outgoing", "occurred_on": "2099-01-01",
              "summary": "typed text is kept"},
    )  # fmt: skip
    assert page.status_code == 422
    assert b"cannot be in the future" in page.data
    assert b"typed text is kept" in page.data
    bad_date = auth_client.post(
        f"/contacts/{contact.id}/touches",
        data={"kind": "call", "direction": "outgoing", "occurred_on": "31.02.x", "summary": "mine"},
    )
    assert bad_date.status_code == 422 and b"mine" in bad_date.data
    assert Touch.query.count() == 0


def test_bare_profile_names_with_dots_survive_partial_updates(app, user: User) -> None:
    contact = services.create_contact(user, {"first_name": "John", "linkedin": "john.doe"})
    assert contact.linkedin_slug == "john.doe"
    services.update_contact(user, contact.id, {"title": "CTO"})
    assert contact.linkedin_slug == "john.doe" and contact.title == "CTO"


def test_search_treats_wildcards_literally(app, user: User) -> None:
    services.create_contact(user, {"first_name": "Percent", "title": "100% remote"})
    services.create_contact(user, {"first_name": "Other", "title": "1000 remote"})
    page = services.list_contacts(user, services.ContactFilter(q="100%"))
    assert [c.first_name for c in page.items] == ["Percent"]
    assert services.list_contacts(user, services.ContactFilter(q="_")).total == 0


def test_giving_an_untouched_contact_a_tier_starts_the_clock_that_day(app, user: User) -> None:
    contact = services.create_contact(
        user, {"first_name": "Old", "connected_on": "2021-03-12"}, today=date(2021, 3, 12)
    )
    services.update_contact(user, contact.id, {"tier_id": tier_id(user, "Close")})
    assert contact.tracking_since == date.today()
    assert contact.next_due_on == date.today() + timedelta(days=21)
    touched = services.create_contact(user, {"first_name": "Touched"}, today=date(2026, 1, 1))
    services.record_touch(user, touched.id, {"kind": "call", "occurred_at": "2026-02-01"})
    services.update_contact(user, touched.id, {"tier_id": tier_id(user, "Close")})
    assert touched.next_due_on == date(2026, 2, 22)  # a logged touch keeps its meaning


def test_unknown_filter_values_are_ignored_on_pages_and_refused_by_the_api(
    auth_client: FlaskClient, app, user: User
) -> None:
    from service.auth.tokens import create_token

    assert auth_client.get("/contacts/?role=xx&due=soon&sort=evil").status_code == 200
    _, token = create_token(user, "t")
    response = app.test_client().get(
        "/api/v1/contacts?role=xx", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["details"] == {"role": "invalid"}


def test_a_merged_away_duplicate_does_not_come_back_on_reimport(app, user: User) -> None:
    from service.imports.services import import_now

    csv = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Anna,Schmidt,https://www.linkedin.com/in/anna-schmidt,,Initech,CTO,12 Mar 2021\n"
        b"Anna,Schmidt,,,Globex,VP,4 Apr 2022\n"
        b"Bob,Other,https://www.linkedin.com/in/bob-other,,Hooli,Dev,1 Jan 2020\n"
    )
    import_now(user, "Connections.csv", csv)
    annas = Contact.query.filter_by(user_id=user.id, first_name="Anna").order_by(Contact.id).all()
    assert len(annas) == 2
    keep, dup = annas
    services.merge_contacts(user, keep.id, dup.id)
    again = import_now(user, "Connections.csv", csv)
    assert (again.created_count, again.updated_count) == (0, 0)
    assert Contact.query.filter_by(user_id=user.id, first_name="Anna").count() == 1
    assert keep.company.name == "Initech"  # the duplicate's row does not overwrite it
    # merging the survivor into yet another contact carries the aliases along
    bob = Contact.query.filter_by(user_id=user.id, first_name="Bob").one()
    services.merge_contacts(user, bob.id, keep.id)
    third = import_now(user, "Connections.csv", csv)
    assert third.created_count == 0
