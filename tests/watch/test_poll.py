"""A poll against real loopback boards: new, changed, closed, reopened, reposted, partial."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa

from service.boards.base import PageRequest, Posting
from service.boards.collect import collect
from service.boards.fetch import Validators
from service.boards.readers import get_reader
from service.clock import utcnow
from service.extensions import db
from service.models import EventKind, Poll, Source, User, Vacancy, VacancyEvent, Watch
from service.watch.changes import listed_key
from service.watch.poll import Plan, polite_fetcher, poll_source, store_read
from service.watch.services import add_watch, list_watches
from service.watch.sources import request_of
from tests.boards.servers import LoopbackServer
from tests.watch.boards import GreenhouseBoard, job, paged_board

pytestmark = pytest.mark.usefixtures("connect_guard")


def poll(watch: Watch) -> Poll:
    done = poll_source(watch.source_id)
    assert done is not None
    return done


def events(kind: EventKind | None = None) -> list[tuple[str, str]]:
    query = sa.select(Vacancy.external_id, VacancyEvent.kind).join(VacancyEvent.vacancy)
    if kind is not None:
        query = query.where(VacancyEvent.kind == kind)
    return [(e, k.value) for e, k in db.session.execute(query.order_by(VacancyEvent.id))]


def owner(watch: Watch) -> User:
    user = db.session.get(User, watch.user_id)
    assert user is not None
    return user


def vacancy(external_id: str) -> Vacancy:
    found = db.session.scalar(sa.select(Vacancy).where(Vacancy.external_id == external_id))
    assert found is not None
    return found


def test_the_first_poll_stores_every_posting_as_new(watch: Watch) -> None:
    done = poll(watch)

    assert (done.outcome, done.new_count, done.postings) == ("complete", 2, 2)
    assert events() == [("1", "new"), ("2", "new")]
    first = vacancy("1")
    assert first.title == "Backend Engineer" and first.location == "Zürich"
    assert first.description_text and "Build things." in first.description_text
    [state] = list_watches(owner(watch))
    assert state.state == "ok" and state.open_postings == 2


def test_the_same_board_polled_ten_times_records_nothing_new(
    watch: Watch, board: GreenhouseBoard
) -> None:
    poll(watch)
    outcomes = [poll(watch).outcome for _ in range(10)]

    assert outcomes == ["unchanged"] * 10
    assert len(events()) == 2
    assert db.session.get(Source, watch.source_id).etag  # type: ignore[union-attr]


def test_a_changed_posting_records_what_changed(watch: Watch, board: GreenhouseBoard) -> None:
    poll(watch)
    board.jobs[0] = job(1, "Staff Backend Engineer", "Remote", "Build bigger things.")

    done = poll(watch)

    assert (done.changed_count, done.new_count) == (1, 0)
    [changed] = db.session.scalars(
        sa.select(VacancyEvent).where(VacancyEvent.kind == EventKind.CHANGED)
    )
    assert changed.changes is not None
    assert changed.changes["title"] == ["Backend Engineer", "Staff Backend Engineer"]
    assert changed.changes["location"] == ["Zürich", "Remote"]
    assert changed.changes["description"] is True
    assert "bigger" in (vacancy("1").description_text or "")


def test_a_missing_posting_closes_only_after_two_complete_reads_in_a_row(
    watch: Watch, board: GreenhouseBoard
) -> None:
    poll(watch)
    gone = board.jobs.pop()

    poll(watch)
    assert vacancy("2").status.value == "open" and vacancy("2").missing_count == 1
    done = poll(watch)  # the same board again: unchanged, and it still lacks the posting

    assert done.outcome == "unchanged" and done.closed_count == 1
    assert vacancy("2").status.value == "closed" and vacancy("2").closed_at is not None
    board.jobs.append(gone)
    assert poll(watch).reopened_count == 1
    assert vacancy("2").status.value == "open" and vacancy("2").closed_at is None
    assert [k for e, k in events() if e == "2"] == ["new", "closed", "reopened"]


def test_a_posting_missing_once_then_back_leaves_no_history(
    watch: Watch, board: GreenhouseBoard
) -> None:
    poll(watch)
    gone = board.jobs.pop()
    poll(watch)
    board.jobs.append(gone)
    poll(watch)

    assert events() == [("1", "new"), ("2", "new")]
    assert vacancy("2").missing_count == 0


def test_a_new_id_with_the_title_and_location_of_a_closed_one_is_its_repost(
    watch: Watch, board: GreenhouseBoard
) -> None:
    poll(watch)
    board.jobs.pop()
    poll(watch)
    poll(watch)
    board.jobs.append(job(3, "data analyst ", "Berlin"))

    done = poll(watch)

    assert done.new_count == 1
    assert vacancy("3").repost_of_id == vacancy("2").id
    assert events(EventKind.REPOSTED) == [("3", "reposted")]


def test_a_posting_closed_more_than_sixty_days_ago_is_not_reposted(
    watch: Watch, board: GreenhouseBoard
) -> None:
    poll(watch)
    board.jobs.pop()
    poll(watch)
    poll(watch)
    vacancy("2").closed_at = utcnow() - timedelta(days=61)
    db.session.commit()
    board.jobs.append(job(3, "Data Analyst", "Berlin"))

    poll(watch)

    assert vacancy("3").repost_of_id is None
    assert events(EventKind.NEW)[-1] == ("3", "new")


def test_a_failing_second_page_changes_nothing_and_says_so(
    user: User, server: LoopbackServer
) -> None:
    watch = add_watch(user, paged_board(server), "Acme", ats="smartrecruiters")
    first = poll(watch)
    assert first.outcome == "complete" and first.new_count >= 3
    before = events()
    paged_board(server, second_status=500)

    done = poll(watch)

    assert done.outcome == "partial" and events() == before
    assert all(v.status.value == "open" for v in db.session.scalars(sa.select(Vacancy)))
    source = db.session.get(Source, watch.source_id)
    assert source is not None and source.consecutive_failures == 1
    assert source.last_error is not None
    assert "could not be read, so nothing was changed" in source.last_error
    assert "the board answered 500" in source.last_error


def test_a_board_answering_404_is_saved_in_plain_words_with_a_growing_backoff(
    watch: Watch, board: GreenhouseBoard
) -> None:
    board.status = 404
    gaps = []
    for _ in range(4):
        started = utcnow()
        poll(watch)
        source = db.session.get(Source, watch.source_id)
        assert source is not None
        gaps.append((source.next_due_at - started).total_seconds())

    assert source.last_error == "the board answered 404: the company may have moved boards"
    assert source.consecutive_failures == 4 and source.failing
    interval = source.interval_seconds
    assert gaps[0] > interval and gaps[-1] > gaps[0]
    assert max(gaps) <= 86_400 * 1.1 + 5
    [state] = list_watches(owner(watch))
    assert state.state == "failing"
    board.status = 200
    poll(watch)
    assert source.consecutive_failures == 0 and source.last_error is None


def test_a_read_stored_twice_records_its_events_once(watch: Watch) -> None:
    source = db.session.get(Source, watch.source_id)
    assert source is not None
    read = collect(get_reader(source.ats), request_of(source), polite_fetcher())
    started = utcnow()

    store_read(source.id, started, read)
    store_read(source.id, started, read)

    assert events() == [("1", "new"), ("2", "new")]


def test_only_new_or_changed_postings_want_a_detail() -> None:
    posting = Posting("7", "Engineer", "https://example.com/7", "smartrecruiters", "Berlin")
    request = PageRequest("https://example.com/jobs")

    def plan(known: dict[str, tuple[object, ...]]) -> Plan:
        return Plan(1, "smartrecruiters", request, Validators(), known)

    assert plan({}).wants_detail(posting)
    assert not plan({"7": listed_key(posting)}).wants_detail(posting)
    assert plan({"7": listed_key(replace(posting, title="Old"))}).wants_detail(posting)


def test_a_board_is_polled_at_its_kinds_configured_base_url(
    app, user: User, board: GreenhouseBoard, server: LoopbackServer
) -> None:
    """The offline demo and tests serve a real board's API on loopback (BOARD_BASE_URLS)."""
    real = add_watch(user, "https://boards.greenhouse.io/acme", "Acme")
    app.config["BOARD_BASE_URLS"] = {"greenhouse": server.url("/").rstrip("/")}

    done = poll(real)

    assert (done.outcome, done.new_count) == ("complete", 2)
    assert board.requests == 1
    assert request_of(db.session.get(Source, real.source_id)).url.startswith(server.url("/"))  # type: ignore[arg-type]


def test_a_posting_seen_again_is_marked_seen_at_that_poll(
    watch: Watch, board: GreenhouseBoard
) -> None:
    poll(watch)
    gone = board.jobs.pop()
    poll(watch)
    board.jobs.append(gone)

    done = poll(watch)

    back, other = vacancy("2"), vacancy("1")
    assert back.missing_count == 0 and other.missing_count == 0
    assert back.last_seen_at == other.last_seen_at == done.finished_at
    assert back.first_seen_at < done.finished_at


def test_new_events_store_no_changes_like_others_and_a_repost_names_its_original(
    watch: Watch, board: GreenhouseBoard
) -> None:
    poll(watch)
    board.jobs.pop()
    poll(watch)
    poll(watch)
    board.jobs.append(job(3, "data analyst ", "Berlin"))
    poll(watch)

    stored = sa.func.coalesce(sa.cast(VacancyEvent.changes, sa.Text), "NULL")
    rows = db.session.execute(sa.select(VacancyEvent.kind, stored, VacancyEvent.changes))
    kept = {(kind.value, raw, value is None) for kind, raw, value in rows}
    # "new" (written in bulk) stores no changes just as "closed" (written by the ORM) does
    assert {(raw, empty) for kind, raw, empty in kept if kind != "reposted"} == {
        (next(raw for kind, raw, _ in kept if kind == "closed"), True)
    }
    [repost] = db.session.scalars(
        sa.select(VacancyEvent).where(VacancyEvent.kind == EventKind.REPOSTED)
    )
    assert repost.changes == {"repost_of": vacancy("2").id}
