"""docs/examples: twenty drafts or more over every kind, clean, as the command writes them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from service.drafting.checks import check_draft
from service.drafting.examples import EXAMPLES, example_context, render_examples
from service.drafting.writer import write_default
from service.models import DraftKind

DOCS = Path(__file__).resolve().parent.parent.parent / "docs" / "examples"


def test_the_examples_cover_every_kind_and_pass_their_checks() -> None:
    assert len(EXAMPLES) >= 20
    assert {e.kind for e in EXAMPLES} == set(DraftKind)
    for example in EXAMPLES:
        written = write_default(example_context(example), 1)
        assert check_draft(example.kind, written.body, written.title).problems == []


def test_the_committed_examples_are_what_the_command_writes(runner: Any, tmp_path: Path) -> None:
    out = tmp_path / "examples"
    result = runner.invoke(args=["draft-examples", str(out)])
    assert result.exit_code == 0 and "Wrote 24 drafts in 14 files" in result.output
    expected = render_examples()
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    for name, text in expected.items():
        assert (DOCS / name).read_text(encoding="utf-8") == text, (
            f"docs/examples/{name} is stale: run `nextround draft-examples docs/examples`"
        )
