"""Adding, listing and removing watches: shared sources, per-user isolation, their state."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from service.errors import NotFound, ValidationFailed
from service.extensions import db
from service.models import Source, User, Watch
from service.watch.services import add_watch, get_watch, list_watches, remove_watch
from service.watch.sources import identity_of
from tests.boards.servers import ConnectGuard, LoopbackServer
from tests.watch.boards import GreenhouseBoard

pytestmark = pytest.mark.usefixtures("connect_guard")


def sources() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Source)) or 0


def test_a_board_url_is_recognised_without_a_fetch_and_shared_by_two_users(
    user: User, make_user: Callable[..., User], connect_guard: ConnectGuard
) -> None:
    bob = make_user("bob@example.com")
    connect_guard.forbid_all()  # a known board's URL needs no request
    first = add_watch(user, "https://boards.greenhouse.io/Acme", "Acme")
    second = add_watch(bob, "https://job-boards.greenhouse.io/acme", "ACME")
    connect_guard.allow_loopback = True  # the fixtures' teardown talks to Redis

    assert first.source_id == second.source_id and sources() == 1
    assert first.source.ats == "greenhouse" and first.source.identity == "greenhouse:acme"
    assert first.source.request["url"].startswith("https://boards-api.greenhouse.io/v1/boards/")


def test_adding_the_same_board_twice_for_one_company_keeps_one_watch(
    user: User, board: GreenhouseBoard
) -> None:
    one = add_watch(user, board.url, "Acme", ats="greenhouse")
    two = add_watch(user, board.url, " acme ", ats="greenhouse")

    assert one.id == two.id
    assert [s.watch.id for s in list_watches(user)] == [one.id]


def test_a_careers_page_is_fetched_through_the_safe_fetcher_and_read_as_a_page(
    user: User, server: LoopbackServer
) -> None:
    page = b"<html><body><h1>Jobs</h1><a href='/jobs/1'>Engineer</a></body></html>"
    server.routes["/careers"] = lambda h: h.reply(200, page, {"Content-Type": "text/html"})

    watch = add_watch(user, server.url("/careers"), "Acme")

    assert watch.source.ats in ("html", "jsonld")
    assert watch.source.identity == identity_of(watch.source.ats, server.url("/careers/"))
    assert "/careers" in server.paths()[-1]


def test_a_bad_url_or_board_kind_is_a_validation_error_and_saves_nothing(user: User) -> None:
    with pytest.raises(ValidationFailed):
        add_watch(user, "not a url", "Acme")
    with pytest.raises(ValidationFailed, match="unknown board kind"):
        add_watch(user, "https://example.com/jobs", "Acme", ats="nosuchboard")
    with pytest.raises(ValidationFailed):
        add_watch(user, "https://boards.greenhouse.io/acme", "  ")
    assert sources() == 0


def test_an_unreachable_careers_page_says_why(user: User, server) -> None:
    with pytest.raises(ValidationFailed, match="could not read"):
        add_watch(user, server.url("/missing"), "Acme")


def test_another_users_watch_is_not_found(
    user: User, make_user: Callable[..., User], watch: Watch
) -> None:
    other = make_user("eve@example.com")
    with pytest.raises(NotFound):
        get_watch(other, watch.id)
    with pytest.raises(NotFound):
        remove_watch(other, watch.id)
    assert list_watches(other) == []


def test_removing_the_last_watch_of_a_source_removes_the_source_only_then(
    user: User, make_user: Callable[..., User]
) -> None:
    bob = make_user("bob@example.com")
    mine = add_watch(user, "https://boards.greenhouse.io/acme", "Acme")
    theirs = add_watch(bob, "https://boards.greenhouse.io/acme", "Acme")

    remove_watch(user, mine.id)
    assert sources() == 1 and db.session.get(Watch, theirs.id) is not None
    remove_watch(bob, theirs.id)
    assert sources() == 0


def test_a_new_watch_shows_it_was_never_checked_and_is_due_now(user: User, watch: Watch) -> None:
    [state] = list_watches(user)

    assert state.state == "new" and state.open_postings == 0
    assert state.source.last_checked_at is None and state.source.last_error is None
    assert state.source.next_due_at is not None
