"""Fixtures of the matching tests: a loopback board watched by a user with a profile."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from service.matching.profiles import create_profile
from service.models import TargetProfile, User, Watch
from service.watch.poll import poll_source
from service.watch.services import add_watch
from tests.boards.servers import LoopbackServer
from tests.watch.boards import GreenhouseBoard, job

pytestmark = pytest.mark.usefixtures("connect_guard")


@pytest.fixture
def board(server: LoopbackServer) -> GreenhouseBoard:
    """A Greenhouse board with a data engineering role and a sales one."""
    return GreenhouseBoard(
        server, [job(1, "Senior Data Engineer", "Berlin"), job(2, "Account Executive", "Berlin")]
    )


@pytest.fixture
def profile(user: User) -> TargetProfile:
    return create_profile(
        user, {"name": "Data", "titles": ["data engineer"], "locations": ["Berlin"]}
    )


@pytest.fixture
def watch(user: User, board: GreenhouseBoard) -> Watch:
    return add_watch(user, board.url, "Acme", ats="greenhouse")


@pytest.fixture
def poll_and_match(run_worker: Callable[[], int]) -> Callable[[Watch], None]:
    """Poll the watch's board, then run the queued jobs (the matching) in a burst worker."""

    def run(watch: Watch) -> None:
        assert poll_source(watch.source_id) is not None
        run_worker()

    return run
