"""The user's voice: formal notes and writers who never contract get no contractions."""

from __future__ import annotations

from dataclasses import replace

from service.drafting.voice import (
    avoids_contractions,
    expand_contractions,
    favourite_emoji,
    mean_sentence_words,
    sentence_length_of,
)
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


SHORT = (
    "Shipped it. The team did great work. We learned a lot. Tests caught two bugs. "
    "Next up is the cache. I will write about it soon. Thanks all. More soon. Stay tuned."
)
LONG = (
    "Over the last few months I have been working with the platform team on a migration that "
    "touched almost every pipeline we run, and what struck me most was how much of the work "
    "turned out to be about people rather than code, which is something I want to write about "
    "in more detail once the dust has settled and we have had time to look back on it together."
)


def test_the_variant_closest_to_the_users_sentence_length_is_chosen() -> None:
    assert sentence_length_of([SHORT]) is not None and sentence_length_of([SHORT]) < 6
    assert sentence_length_of([LONG]) is not None and sentence_length_of([LONG]) > 40
    assert sentence_length_of(["Too short to tell."]) is None
    differed = 0
    for kind in DraftKind:
        for seed in range(3):
            ctx = context(kind, DraftTone.WARM, "full")
            ctx.me = replace(ADA, samples=[SHORT])
            terse = write_default(ctx, seed).body
            ctx.me = replace(ADA, samples=[LONG])
            wordy = write_default(ctx, seed).body
            assert mean_sentence_words(terse) <= mean_sentence_words(wordy), (terse, wordy)
            differed += terse != wordy
    assert differed  # the samples really steer the choice somewhere


def test_a_writer_who_uses_emoji_gets_their_favourite_on_posts_only() -> None:
    samples = ["Finally shipped the new ingestion service 🚀 so proud of the team 🚀🎉 " + SHORT]
    assert favourite_emoji(samples) == "🚀" and favourite_emoji([SHORT]) == ""
    for kind in DraftKind:
        for tone in DraftTone:
            ctx = context(kind, tone, "full")
            ctx.me = replace(ADA, samples=samples)
            body = write_default(ctx, 1).body
            wanted = kind.value.startswith("post-") and tone is not DraftTone.FORMAL
            assert ("🚀" in body) is wanted, (kind, tone, body)
            ctx.me = replace(ADA, samples=[SHORT])
            assert "🚀" not in write_default(ctx, 1).body
