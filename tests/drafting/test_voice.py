"""The user's voice: formal notes and writers who never contract get no contractions."""

from __future__ import annotations

from dataclasses import replace

from service.drafting.voice import avoids_contractions, expand_contractions
from service.drafting.writer import write_default
from service.models import DraftKind, DraftTone
from tests.drafting.contexts import ADA, context

PLAIN = (
    "I would be glad to help with the migration. It is a large piece of work, and I have "
    "done two of them before. Let me know when you are ready to start, and I will send a plan."
)


def test_contractions_are_expanded_outside_quotes_only() -> None:
    assert expand_contractions("I'd be glad. It's been a while; I'm sure it's fine.") == (
        "I would be glad. It has been a while; I am sure it is fine."
    )
    assert expand_contractions("\"Don't buy tools\" is the line. I don't disagree.") == (
        '"Don\'t buy tools" is the line. I do not disagree.'
    )


def test_samples_without_contractions_set_the_voice() -> None:
    assert avoids_contractions([PLAIN])
    assert not avoids_contractions([PLAIN + " That's all."])
    assert not avoids_contractions(["Too short to tell."])
    ctx = context(DraftKind.KEEP_IN_TOUCH, DraftTone.WARM, "full")
    chatty = write_default(ctx, 0).body
    assert "'" in chatty.replace("O'Brien", "")
    ctx.me = replace(ADA, samples=[PLAIN])
    careful = write_default(ctx, 0).body
    assert "I've" not in careful and "It's" not in careful and "I'd" not in careful


def test_formal_drafts_have_no_contractions() -> None:
    for kind in DraftKind:
        for seed in range(4):
            body = write_default(context(kind, DraftTone.FORMAL, "full"), seed).body
            outside_quotes = body.split('"')[::2]
            assert not any(
                c in part for part in outside_quotes for c in ("I'd", "I've", "I'm", "It's")
            ), body
