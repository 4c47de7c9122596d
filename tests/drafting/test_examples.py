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
    assert result.exit_code == 0 and "Wrote 26 drafts in 14 files" in result.output
    expected = render_examples()
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    for name, text in expected.items():
        assert (DOCS / name).read_text(encoding="utf-8") == text, (
            f"docs/examples/{name} is stale: run `nextround draft-examples docs/examples`"
        )


def test_the_examples_are_the_demo_accounts_people_and_application() -> None:
    import json

    from service.demo.boards import data_text
    from service.drafting.examples import BLUEFIN, ME

    seed = json.loads(data_text("account.json"))
    demo_people = {f"{c['first_name']} {c['last_name']}" for c in seed["contacts"]}
    cast = {e.them.name for e in EXAMPLES if e.them.name}
    assert cast <= demo_people and len(cast) >= 6
    assert ME.name == seed["about"]["sign_name"]
    assert (BLUEFIN.role, BLUEFIN.company) == (
        seed["application"]["role"],
        seed["application"]["company"],
    )
    assert BLUEFIN.stage == "rejected" and BLUEFIN.feedback and BLUEFIN.people
    by_kind = {e.kind: example_context(e) for e in EXAMPLES if e.app is BLUEFIN}
    assert set(by_kind) >= {
        DraftKind.THANK_YOU,
        DraftKind.FEEDBACK_REQUEST,
        DraftKind.KEEP_IN_TOUCH,
        DraftKind.POST_MILESTONE,
    }
    # the application prefills what the user did not say
    assert by_kind[DraftKind.THANK_YOU].facts["stage"] == "final round"
    assert by_kind[DraftKind.KEEP_IN_TOUCH].facts["news"].startswith("I finished the Kafka")
    thanks = write_default(by_kind[DraftKind.THANK_YOU], 7).body
    assert "Senior Data Engineer" in thanks and "Bluefin Payments" in thanks
    # after a rejection, no "whatever the outcome"
    assert not any(w in thanks for w in ("outcome", "turns out", "Whatever"))


def test_the_demo_data_reads_well_in_every_example() -> None:
    """What a careful sender would not send: a placeholder, a capital mid-sentence from a pasted
    note, a doubled word, "client" to an in-house recruiter."""
    import re

    for example in EXAMPLES:
        body = write_default(example_context(example), 1).body
        for seed in (2, 3):
            body += "\n" + write_default(example_context(example), seed).body
        assert not re.search(r"\b(\w+) \1\b", body, re.IGNORECASE), (example, body)
        assert not re.search(r"(?:about|on|towards|remember) [A-Z][a-z]+ [a-z]", body), body
        if example.them.company and example.them.company == example.job.company:
            assert "client" not in body
