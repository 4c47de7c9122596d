"""The vacancies pages: all / new since last visit / open / closed, by company, by title,
paged; one vacancy with its history and the people the user knows there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from service.clock import utcnow
from service.contacts.services import create_contact
from service.extensions import db
from service.models import Poll, User, Vacancy, VacancyEvent, VacancyVisit, Watch
from service.watch.poll import poll_source
from service.watch.services import add_watch
from service.watch.vacancies import PER_PAGE, VacancyFilter, list_vacancy_page, record_visit
from tests.helpers import login
from tests.watch.boards import GreenhouseBoard, job

pytestmark = pytest.mark.usefixtures("connect_guard")


def titles(html: str) -> list[str]:
    return [t for t in ("Backend Engineer", "Data Analyst", "Designer") if t in html]


def vacancy(title: str) -> Vacancy:
    found = db.session.scalar(sa.select(Vacancy).where(Vacancy.title == title))
    assert found is not None
    return found


@pytest.fixture
def polled(watch: Watch, board: GreenhouseBoard) -> Watch:
    """The watched board read once (two open vacancies), then Data Analyst closed."""
    poll_source(watch.source_id)
    board.jobs = [board.jobs[0]]
    poll_source(watch.source_id)
    poll_source(watch.source_id)  # missing from two complete reads: closed
    assert vacancy("Data Analyst").status.value == "closed"
    return watch


def test_the_list_filters_by_status_company_and_title(
    auth_client: FlaskClient, user: User, polled: Watch, server
) -> None:
    other = GreenhouseBoard(server, [job(9, "Designer")])
    other.server.routes["/v1/boards/other/jobs"] = other.route
    add_watch(user, server.url("/v1/boards/other/jobs"), "Other", ats="greenhouse")
    poll_source(db.session.scalar(sa.select(Watch.source_id).where(Watch.id != polled.id)))

    def shown(query: str) -> list[str]:
        return titles(auth_client.get(f"/vacancies/?{query}").get_data(as_text=True))

    assert shown("") == ["Backend Engineer", "Data Analyst", "Designer"]
    assert shown("status=open") == ["Backend Engineer", "Designer"]
    assert shown("status=closed") == ["Data Analyst"]
    assert shown(f"company={polled.company_id}") == ["Backend Engineer", "Data Analyst"]
    assert shown("q=engineer") == ["Backend Engineer"]
    assert shown("q=%25") == []  # a LIKE wildcard is searched as itself
    assert shown("status=bogus&company=x&page=-3") == shown("")


def test_new_since_last_visit_starts_at_the_visit_before_this_one(user: User) -> None:
    start = utcnow()
    assert record_visit(user, start) is None
    assert record_visit(user, start + timedelta(minutes=5)) is None  # the same visit
    later = start + timedelta(hours=3)
    assert record_visit(user, later) == start + timedelta(minutes=5)
    visit = db.session.get(VacancyVisit, user.id)
    assert visit is not None and visit.seen_at == later


def test_new_shows_only_what_appeared_since_the_last_visit(
    auth_client: FlaskClient, user: User, watch: Watch, board: GreenhouseBoard
) -> None:
    poll_source(watch.source_id)
    auth_client.get("/vacancies/")
    visit = db.session.get(VacancyVisit, user.id)
    assert visit is not None
    visit.seen_at -= timedelta(hours=2)  # the user comes back two hours later
    for v in db.session.scalars(sa.select(Vacancy)):
        v.first_seen_at -= timedelta(hours=3)
    db.session.commit()
    board.jobs.append(job(3, "Designer"))
    poll_source(watch.source_id)

    html = auth_client.get("/vacancies/?status=new").get_data(as_text=True)

    assert titles(html) == ["Designer"] and "New since your last visit" in html


def test_the_list_is_paged(user: User, watch: Watch, board: GreenhouseBoard) -> None:
    board.jobs = [job(i, f"Role {i}") for i in range(PER_PAGE + 5)]
    poll_source(watch.source_id)

    first = list_vacancy_page(user, VacancyFilter(), new_since=None)
    second = list_vacancy_page(user, VacancyFilter(), new_since=None, page=2)

    assert first.total == PER_PAGE + 5 and first.pages == 2
    assert len(first.items) == PER_PAGE and len(second.items) == 5
    assert not {v.id for v, _ in first.items} & {v.id for v, _ in second.items}


def test_the_pager_carries_the_filters(
    auth_client: FlaskClient, watch: Watch, board: GreenhouseBoard
) -> None:
    board.jobs = [job(i, f"Role {i}") for i in range(PER_PAGE + 5)]
    poll_source(watch.source_id)

    html = auth_client.get("/vacancies/?status=open&q=Role&evil=1").get_data(as_text=True)

    nav = html[html.index('<nav class="pager"') :]
    assert 'href="/vacancies/?status=open&amp;q=Role&amp;page=2"' in nav and "evil" not in nav
    assert "Page 1 of 2" in nav


def test_a_vacancy_shows_its_history_and_the_people_known_there(
    auth_client: FlaskClient, user: User, watch: Watch, board: GreenhouseBoard
) -> None:
    poll_source(watch.source_id)
    board.jobs[0]["title"] = "Senior Backend Engineer"
    poll_source(watch.source_id)
    create_contact(user, {"first_name": "Peer", "last_name": "Aa", "company": "Acme"})
    create_contact(
        user,
        {"first_name": "Dana", "last_name": "Zz", "company": "Acme", "role": "decision_maker"},
    )
    create_contact(user, {"first_name": "Elsewhere", "company": "Globex"})
    changed = vacancy("Senior Backend Engineer")

    html = auth_client.get(f"/vacancies/{changed.id}").get_data(as_text=True)

    assert "Changed" in html and "New" in html
    assert "“Backend Engineer” → “Senior Backend Engineer”" in html
    assert html.index("Dana Zz") < html.index("Peer Aa") and "Elsewhere" not in html
    assert "/contacts/" in html and "Build things." in html


def test_another_users_vacancy_is_not_found(
    client: FlaskClient, make_user: Callable[..., User], watch: Watch
) -> None:
    poll_source(watch.source_id)
    some = db.session.scalars(sa.select(Vacancy)).first()
    assert some is not None
    mallory = login(client, make_user("mallory@example.com"))

    assert mallory.get(f"/vacancies/{some.id}").status_code == 404
    assert mallory.get(f"/vacancies/{2**40}").status_code == 404
    assert "Backend Engineer" not in mallory.get("/vacancies/").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VacancyEvent))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Poll))
