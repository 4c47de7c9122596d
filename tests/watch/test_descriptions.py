"""Descriptions are converted to text only when new or changed (issue 7, "A poll")."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from service.boards.text import html_to_text, markup_hash, reusing
from service.extensions import db
from service.models import Poll, Source, Vacancy, Watch
from service.watch.poll import HASHES, poll_source
from tests.watch.boards import GreenhouseBoard, job

pytestmark = pytest.mark.usefixtures("connect_guard")


def poll(watch: Watch) -> Poll:
    done = poll_source(watch.source_id)
    assert done is not None
    return done


def texts() -> dict[str, str | None]:
    rows = db.session.execute(sa.select(Vacancy.external_id, Vacancy.description_text))
    return dict(rows.all())  # type: ignore[arg-type]


def mark_stored_text(external_id: str, text: str) -> None:
    """Overwrite a stored text: a poll that reconverts the description would restore it."""
    db.session.execute(
        sa.update(Vacancy).where(Vacancy.external_id == external_id).values(description_text=text)
    )
    db.session.commit()


def test_an_unchanged_description_is_not_converted_again(
    watch: Watch, board: GreenhouseBoard
) -> None:
    poll(watch)
    mark_stored_text("2", "kept as stored")
    board.jobs[0] = job(1, "Backend Engineer", text="Build other things.")  # changed
    board.jobs.append(job(3, "Designer", text="Draw."))  # new

    done = poll(watch)

    assert (done.new_count, done.changed_count) == (1, 1)
    stored = texts()
    assert stored["2"] == "kept as stored"  # reused, not converted from its markup again
    assert "Build other things." in (stored["1"] or "")
    assert "Draw." in (stored["3"] or "")


def test_each_vacancy_keeps_the_hash_of_the_markup_of_its_text(
    watch: Watch, board: GreenhouseBoard
) -> None:
    poll(watch)
    board.jobs.pop(0)
    poll(watch)

    source = db.session.get(Source, watch.source_id)
    assert source is not None
    hashes = source.config[HASHES]
    assert set(hashes) == {"1", "2"}  # "1" is still stored (it closes later): its hash stays
    assert hashes["2"] == markup_hash(board.jobs[0]["content"])


def test_reusing_returns_known_texts_and_converts_only_the_rest() -> None:
    known, new = "<p>Known</p>", "<p>New <b>one</b></p>"
    with reusing(lambda: {markup_hash(known): "as stored"}) as memo:
        assert html_to_text(known) == "as stored"
        assert html_to_text(new) == "New one"
        assert html_to_text("  ") is None

    assert memo.converted == 1
    assert memo.hashes == {"as stored": markup_hash(known), "New one": markup_hash(new)}
    assert html_to_text(known) == "Known"  # outside the block, always converted
