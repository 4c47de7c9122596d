"""Matching after polls of a real loopback board: baseline, news, reposts, dismissals, re-scores."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from service.matching import feed, profiles
from service.models import MatchState, TargetProfile, User, Watch
from tests.matching.helpers import alerts, matches
from tests.watch.boards import GreenhouseBoard, job

pytestmark = pytest.mark.usefixtures("connect_guard")

Poll = Callable[[Watch], None]


def test_the_first_read_is_a_baseline_shown_but_not_alerted(
    user: User, profile: TargetProfile, watch: Watch, poll_and_match: Poll
) -> None:
    poll_and_match(watch)

    found = matches(user)
    assert set(found) == {"1"}  # the sales role is not a match: no row at all
    first = found["1"]
    assert first.matched and first.baseline and not first.alerted
    assert first.reasons == ["title matches 'data engineer'", "in Berlin"]
    assert alerts(user) == []
    assert [i.vacancy.external_id for i in feed.list_matches(user, feed.MatchFilter()).items] == [
        "1"
    ]


def test_a_new_matching_posting_is_alerted_once(
    user: User, profile: TargetProfile, watch: Watch, board: GreenhouseBoard, poll_and_match: Poll
) -> None:
    poll_and_match(watch)
    board.jobs.append(job(3, "Data Engineer (m/w/d)", "Berlin"))
    board.jobs.append(job(4, "Office Manager", "Berlin"))

    poll_and_match(watch)
    poll_and_match(watch)  # the same board again: nothing new

    found = matches(user)
    assert set(found) == {"1", "3"}
    assert found["3"].alerted and not found["3"].baseline
    assert alerts(user) == ["3"]


def test_a_repost_is_marked_and_alerted(
    user: User, profile: TargetProfile, watch: Watch, board: GreenhouseBoard, poll_and_match: Poll
) -> None:
    poll_and_match(watch)
    board.jobs = [j for j in board.jobs if j["id"] != 1]
    poll_and_match(watch)
    poll_and_match(watch)  # missed twice: closed
    board.jobs.append(job(11, "Senior Data Engineer", "Berlin"))

    poll_and_match(watch)

    repost = matches(user)["11"]
    assert repost.repost and repost.alerted
    assert repost.reasons[0] == "posted again after it closed"
    assert alerts(user) == ["11"]


def test_a_dismissed_match_stays_dismissed_when_the_posting_changes_or_is_reposted(
    user: User, profile: TargetProfile, watch: Watch, board: GreenhouseBoard, poll_and_match: Poll
) -> None:
    board.jobs.append(job(3, "Data Engineer", "Berlin"))
    poll_and_match(watch)
    feed.set_state(user, matches(user)["1"].id, MatchState.DISMISSED)
    board.jobs[0] = job(1, "Senior Data Engineer, Platform", "Berlin", "Now with Kafka.")

    poll_and_match(watch)
    profiles.update_profile(user, profile.id, {"titles": ["data engineer", "platform engineer"]})
    poll_and_match(watch)  # runs the re-score too

    assert matches(user)["1"].state is MatchState.DISMISSED
    board.jobs = [j for j in board.jobs if j["id"] != 1]
    poll_and_match(watch)
    poll_and_match(watch)
    board.jobs.append(job(12, "Senior Data Engineer, Platform", "Berlin"))
    poll_and_match(watch)

    assert matches(user)["12"].state is MatchState.DISMISSED
    assert alerts(user) == []
    tabs = feed.tab_counts(user)
    assert tabs == {"new": 1, "interested": 0, "dismissed": 2}


def test_editing_a_profile_rescores_without_alerting_old_vacancies(
    user: User, profile: TargetProfile, watch: Watch, board: GreenhouseBoard, poll_and_match: Poll
) -> None:
    poll_and_match(watch)
    profiles.update_profile(user, profile.id, {"titles": ["data engineer", "account executive"]})
    poll_and_match(watch)

    found = matches(user)
    assert found["2"].matched and found["2"].baseline and not found["2"].alerted
    profiles.update_profile(user, profile.id, {"titles": ["account executive"]})
    poll_and_match(watch)

    found = matches(user)
    assert not found["1"].matched and found["1"].score < 50
    assert alerts(user) == []
    board.jobs.append(job(5, "Sr. Account Exec", "Berlin"))
    poll_and_match(watch)
    assert alerts(user) == ["5"]


def test_users_watching_one_board_get_their_own_matches(
    user: User,
    make_user: Callable[..., User],
    profile: TargetProfile,
    watch: Watch,
    board: GreenhouseBoard,
    poll_and_match: Poll,
) -> None:
    from service.watch.services import add_watch

    poll_and_match(watch)
    other = make_user("bob@example.com")
    profiles.create_profile(other, {"name": "Sales", "titles": ["account executive"]})
    add_watch(other, board.url, "Acme Inc", ats="greenhouse")
    board.jobs.append(job(3, "Data Engineer", "Berlin"))
    board.jobs.append(job(4, "Account Executive, DACH", "Berlin"))

    poll_and_match(watch)  # the other user's first read: their baseline

    assert set(matches(user)) == {"1", "3"} and alerts(user) == ["3"]
    theirs = matches(other)
    assert set(theirs) == {"2", "4"} and all(m.baseline for m in theirs.values())
    assert alerts(other) == []
    board.jobs.append(job(6, "Senior Account Executive", "Berlin"))
    poll_and_match(watch)
    assert alerts(other) == ["6"] and alerts(user) == ["3"]
    with pytest.raises(Exception, match="No such match"):
        feed.get_match(other, matches(user)["3"].id)
