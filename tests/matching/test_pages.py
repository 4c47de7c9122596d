"""Matching pages: the feed (tabs, reasons, people, verdicts, filters), profiles with their
validation, match settings, the vacancy's "Your match", CSRF and per-user isolation."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.contacts.services import create_contact
from service.matching import feed, profiles
from service.models import (
    Match,
    MatchSettings,
    MatchState,
    TargetProfile,
    User,
    Vacancy,
    Watch,
)
from service.queue import get_queue
from service.watch.services import add_watch, remove_watch
from tests.helpers import login
from tests.matching.helpers import matches
from tests.watch.boards import GreenhouseBoard, job

pytestmark = pytest.mark.usefixtures("connect_guard")

Poll = Callable[[Watch], None]


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text without tags or repeated spaces."""
    page = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(page).split())


@pytest.fixture
def matched(
    user: User, profile: TargetProfile, watch: Watch, board: GreenhouseBoard, poll_and_match: Poll
) -> Match:
    """The baseline match of the Senior Data Engineer role, with two people known at Acme."""
    create_contact(user, {"first_name": "Zoe", "last_name": "Adams", "company": "Acme"})
    create_contact(
        user,
        {
            "first_name": "Daniel",
            "last_name": "Okafor",
            "company": "Acme",
            "role": "decision_maker",
        },
    )
    poll_and_match(watch)
    return matches(user)["1"]


def test_the_feed_shows_score_reasons_company_and_decision_makers_first(
    auth_client: FlaskClient, matched: Match
) -> None:
    page = text(auth_client.get("/matches/"))

    assert "Senior Data Engineer at Acme" in page
    assert f"Score {matched.score}" in page
    assert "Why: title matches 'data engineer'; in Berlin" in page
    assert page.index("Daniel Okafor (Decision maker)") < page.index("Zoe Adams")
    assert "New (1)" in page and "Dismissed (0)" in page
    assert "Account Executive" not in page
    assert "Matches 1 new" in page  # the navigation's count


def test_verdicts_move_a_match_between_tabs_and_back(
    auth_client: FlaskClient, user: User, matched: Match
) -> None:
    back = "/matches/?status=new"
    done = auth_client.post(
        f"/matches/{matched.id}/state", data={"state": "dismissed", "next": back}
    )
    assert done.status_code == 302 and done.location == back
    assert feed.get_match(user, matched.id).state is MatchState.DISMISSED
    assert "Dismissed (1)" in text(auth_client.get("/matches/"))
    dismissed = text(auth_client.get("/matches/?status=dismissed"))
    assert "Senior Data Engineer" in dismissed and "Back to new" in dismissed

    auth_client.post(f"/matches/{matched.id}/state", data={"state": "interested"})
    assert "Senior Data Engineer" in text(auth_client.get("/matches/?status=interested"))
    auth_client.post(f"/matches/{matched.id}/state", data={"state": "new"})
    assert feed.get_match(user, matched.id).state is MatchState.NEW

    auth_client.post(f"/matches/{matched.id}/state", data={"state": "deleted"})
    assert feed.get_match(user, matched.id).state is MatchState.NEW
    for offsite in ("//evil.example/", "/\\evil.example/", "https://evil.example/"):
        response = auth_client.post(
            f"/matches/{matched.id}/state", data={"state": "new", "next": offsite}
        )
        assert response.location == "/matches/", offsite


def test_filters_and_pages(
    auth_client: FlaskClient,
    user: User,
    matched: Match,
    board: GreenhouseBoard,
    watch: Watch,
    poll_and_match: Poll,
) -> None:
    other = profiles.create_profile(user, {"name": "Sales", "titles": ["account executive"]})
    poll_and_match(watch)  # the re-score of the new profile

    def titles(query: str) -> set[str]:
        page = text(auth_client.get(f"/matches/?{query}"))
        return {t for t in ("Senior Data Engineer", "Account Executive") if t in page}

    assert titles("") == {"Senior Data Engineer", "Account Executive"}
    assert titles(f"profile={other.id}") == {"Account Executive"}
    assert titles(f"profile={matched.profile_id}") == {"Senior Data Engineer"}
    assert titles("company=999999") == set()
    assert "Nothing here with these filters" in text(auth_client.get("/matches/?company=999999"))
    assert titles("page=99") == {"Senior Data Engineer", "Account Executive"}  # the last page
    assert titles("status=bogus&page=x") == {"Senior Data Engineer", "Account Executive"}


def test_the_feed_shows_only_vacancies_the_user_can_open(
    auth_client: FlaskClient, user: User, matched: Match, watch: Watch
) -> None:
    vacancy_id = matched.vacancy_id
    remove_watch(user, watch.id)

    page = auth_client.get("/matches/")
    assert "Senior Data Engineer" not in text(page)
    assert f"/vacancies/{vacancy_id}" not in page.get_data(as_text=True)
    assert auth_client.get(f"/vacancies/{vacancy_id}").status_code == 404


def test_the_vacancy_page_shows_your_match_with_its_buttons(
    auth_client: FlaskClient, user: User, matched: Match
) -> None:
    page = text(auth_client.get(f"/vacancies/{matched.vacancy_id}"))
    assert f"Your match Score {matched.score} a match for your profile “Data”" in page
    assert "title matches 'data engineer'" in page and "Dismiss" in page

    auth_client.post(f"/matches/{matched.id}/state", data={"state": "interested"})
    assert "Interested" in text(auth_client.get(f"/vacancies/{matched.vacancy_id}"))
    sales = Vacancy.query.filter_by(external_id="2").one()
    page = text(auth_client.get(f"/vacancies/{sales.id}"))
    assert "This vacancy is not a match for your target profiles" in page
    assert "Dismiss" not in page


def test_a_profile_is_added_and_edited_through_its_form_and_re_scores(
    auth_client: FlaskClient, user: User
) -> None:
    get_queue().empty()
    response = auth_client.post(
        "/matches/profiles/new",
        data={
            "name": "Platform",
            "titles": "platform engineer\nSRE, site reliability engineer",
            "excluded": "intern",
            "locations": "Berlin\n\nRemote Europe",
            "remote": "y",
            "seniority": ["senior", "lead"],
            "min_score": "60",
            "active": "y",
        },
        follow_redirects=True,
    )
    assert "being re-scored" in text(response)
    saved = profiles.list_profiles(user)[0]
    assert saved.titles == ["platform engineer", "SRE", "site reliability engineer"]
    assert saved.locations == ["Berlin", "Remote Europe"] and saved.remote
    assert saved.seniority == ["senior", "lead"] and saved.min_score == 60
    assert profiles.rescore_job_id(user.id) in get_queue().job_ids

    form = auth_client.get(f"/matches/profiles/{saved.id}/edit").get_data(as_text=True)
    assert "platform engineer\nSRE\nsite reliability engineer</textarea>" in form
    auth_client.post(
        f"/matches/profiles/{saved.id}/edit",
        data={"name": "Platform", "titles": "platform engineer", "min_score": "50"},
    )
    changed = profiles.get_profile(user, saved.id)
    assert changed.titles == ["platform engineer"] and not changed.remote and not changed.active


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"titles": ""}, "titles", "Give at least one job title."),
        ({"titles": " , \n"}, "titles", "Give at least one job title."),
        ({"titles": "data engineer, " + "x" * 201}, "titles", "“xxxx"),
        ({"keywords": "x" * 201}, "keywords", "At most 200 characters."),
        ({"min_score": "101"}, "min_score", "between 0 and 100"),
        ({"min_score": ""}, "min_score", "This field is required."),
        ({"seniority": ["wizard"]}, "seniority", "not a valid choice"),
        (
            {"titles": ", ".join(f"title {n}" for n in range(21))},
            "titles",
            "At most 20, please (there are 21).",
        ),
    ],
)
def test_a_bad_profile_is_refused_with_the_reason_on_its_field(
    auth_client: FlaskClient, user: User, fields: dict[str, str], field: str, message: str
) -> None:
    data = {"name": "Data", "titles": "data engineer", "min_score": "50", **fields}
    response = auth_client.post("/matches/profiles/new", data=data)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    row = page[page.index(f'id="{field}') :]
    row = row[: row.index("</div>") if "</div>" in row else len(row)]
    assert message in row
    assert profiles.list_profiles(user) == []


def test_a_taken_name_is_refused_on_the_name(
    auth_client: FlaskClient, user: User, profile: TargetProfile
) -> None:
    response = auth_client.post(
        "/matches/profiles/new", data={"name": "DATA", "titles": "analyst", "min_score": "50"}
    )
    assert response.status_code == 422
    assert "You already have a profile called" in text(response)
    assert len(profiles.list_profiles(user)) == 1


def test_deleting_a_profile_asks_first(
    auth_client: FlaskClient, user: User, profile: TargetProfile
) -> None:
    ask = text(auth_client.get(f"/matches/profiles/{profile.id}/delete"))
    assert "Delete the profile “Data”?" in ask and profiles.list_profiles(user) == [profile]

    done = auth_client.post(f"/matches/profiles/{profile.id}/delete", follow_redirects=True)
    assert "Deleted “Data”." in text(done) and profiles.list_profiles(user) == []


def test_with_redis_down_saving_says_the_re_score_waits(
    app_factory: Callable[..., Flask], tmp_path: Path
) -> None:
    app = app_factory(REDIS_URL=f"unix://{tmp_path / 'down.sock'}", RATELIMIT_ENABLED=False)
    with app.app_context():
        from service.auth.services import create_user

        user = create_user("offline@example.com", "a long enough password")
        client = login(app.test_client(), user)
        response = client.post(
            "/matches/profiles/new",
            data={"name": "Data", "titles": "data engineer", "min_score": "50"},
            follow_redirects=True,
        )
        page = text(response)
        assert "Re-scoring your matches has to wait" in page and "being re-scored" not in page
        assert [p.name for p in profiles.list_profiles(user)] == ["Data"]
        again = text(client.post("/matches/rescore", follow_redirects=True))
        assert "still not reachable" in again


def test_match_settings_save_companies_and_boosts(
    auth_client: FlaskClient, user: User, matched: Match
) -> None:
    from service.companies.services import company_choices

    [(acme, _name)] = company_choices(user)
    page = text(auth_client.get("/matches/settings"))
    assert "Favourite companies" in page and "Acme" in page

    response = auth_client.post(
        "/matches/settings",
        data={
            "favourite_company_ids": [str(acme)],
            "boost_past_employer": "20",
            "boost_rejected_me": "15",
            "boost_known_contact": "0",
            "boost_favourite": "30",
        },
        follow_redirects=True,
    )
    assert "Match settings saved." in text(response)
    saved = MatchSettings.query.one()
    assert saved.favourite_company_ids == [acme] and saved.boost_favourite == 30

    both = auth_client.post(
        "/matches/settings",
        data={
            "favourite_company_ids": [str(acme)],
            "blocked_company_ids": [str(acme)],
            "boost_past_employer": "20",
            "boost_rejected_me": "15",
            "boost_known_contact": "0",
            "boost_favourite": "99",
        },
    )
    assert both.status_code == 422
    assert "between 0 and 50" in text(both)
    assert MatchSettings.query.one().blocked_company_ids == []


def test_another_users_match_and_profile_are_not_found(
    client: FlaskClient, make_user: Callable[..., User], matched: Match, profile: TargetProfile
) -> None:
    mallory = login(client, make_user("mallory@example.com"))

    assert "Senior Data Engineer" not in text(mallory.get("/matches/"))
    assert (
        mallory.post(f"/matches/{matched.id}/state", data={"state": "dismissed"}).status_code == 404
    )
    assert mallory.get(f"/matches/profiles/{profile.id}/edit").status_code == 404
    assert mallory.post(f"/matches/profiles/{profile.id}/delete").status_code == 404
    assert mallory.get(f"/vacancies/{matched.vacancy_id}").status_code == 404
    assert matched.state is MatchState.NEW and TargetProfile.query.count() == 1


def test_verdicts_and_profiles_need_the_csrf_token(
    app_factory: Callable[..., Flask], board: GreenhouseBoard
) -> None:
    app = app_factory(csrf=True)
    with app.app_context():
        from service.auth.services import create_user

        user = create_user("csrf@example.com", "a long enough password")
        profile = profiles.create_profile(user, {"name": "Data", "titles": ["data engineer"]})
        client = login(app.test_client(), user)
        for path in (
            "/matches/profiles/new",
            f"/matches/profiles/{profile.id}/delete",
            "/matches/settings",
            "/matches/rescore",
        ):
            assert client.post(path, data={"name": "X", "titles": "y"}).status_code == 400, path
        assert [p.name for p in profiles.list_profiles(user)] == ["Data"]
        page = client.get("/matches/profiles/new").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        ok = client.post(
            "/matches/profiles/new",
            data={"csrf_token": token, "name": "Ops", "titles": "sre", "min_score": "50"},
        )
        assert ok.status_code == 302


def test_pages_teach_when_empty(auth_client: FlaskClient) -> None:
    assert "add a target profile" in text(auth_client.get("/matches/"))
    assert "No target profile yet" in text(auth_client.get("/matches/profiles/"))
    assert "you have none yet" in text(auth_client.get("/matches/settings"))


def test_a_new_posting_after_the_baseline_joins_the_feed(
    auth_client: FlaskClient,
    user: User,
    matched: Match,
    board: GreenhouseBoard,
    watch: Watch,
    poll_and_match: Poll,
) -> None:
    board.jobs.append(job(3, "Data Engineer", "Berlin"))
    poll_and_match(watch)

    page = text(auth_client.get("/matches/"))
    assert "New (2)" in page and "Data Engineer at Acme" in page


def test_an_alert_of_a_board_no_longer_watched_links_to_no_missing_page(
    auth_client: FlaskClient,
    user: User,
    make_user: Callable[..., User],
    matched: Match,
    board: GreenhouseBoard,
    watch: Watch,
    poll_and_match: Poll,
) -> None:
    add_watch(make_user("colleague@example.com"), board.url, "Acme", ats="greenhouse")
    board.jobs.append(job(3, "Data Engineer", "Berlin"))
    poll_and_match(watch)
    vacancy_id = matches(user)["3"].vacancy_id
    assert f"/vacancies/{vacancy_id}" in auth_client.get("/alerts/").get_data(as_text=True)

    remove_watch(user, watch.id)  # the board stays: the colleague still watches it

    page = auth_client.get("/alerts/")
    assert "Data Engineer" in text(page) and "You no longer watch this board." in text(page)
    assert f"/vacancies/{vacancy_id}" not in page.get_data(as_text=True)
    assert "Data Engineer" not in text(auth_client.get("/matches/"))
