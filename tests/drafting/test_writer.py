"""The default writer over every kind and tone and a spread of contexts (issue 9, done-when 1)."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from service.drafting.checks import FILLER, check_draft, placeholders
from service.drafting.context import main_point, topic_of
from service.drafting.kinds import KINDS, kind_info
from service.drafting.writer import write_default
from service.models import DraftKind, DraftTone
from tests.drafting.contexts import RECIPIENTS, context

MESSAGES = [k for k, info in KINDS.items() if info.group == "message"]
SPREAD = [(name, about) for name in RECIPIENTS for about in (True, False)]


@pytest.mark.parametrize("tone", list(DraftTone))
@pytest.mark.parametrize("kind", list(DraftKind))
def test_every_kind_and_tone_is_within_limits_with_nothing_left_unresolved(
    kind: DraftKind, tone: DraftTone
) -> None:
    for name, about in SPREAD:
        for seed in range(4):
            ctx = context(kind, tone, name, about=about)
            written = write_default(ctx, seed)
            checks = check_draft(kind, written.body, written.title)
            where = f"{kind}/{tone}/{name}/about={about}/seed={seed}:\n{written.body}"
            assert checks.problems == [], where
            assert placeholders(written.body) == [], where
            assert checks.filler == [], where
            assert "  " not in written.body and "\n\n\n" not in written.body, where
            assert len(written.body) >= 40, where


@pytest.mark.parametrize("tone", list(DraftTone))
@pytest.mark.parametrize("kind", MESSAGES)
def test_messages_address_the_recipient_as_written_and_use_their_facts(
    kind: DraftKind, tone: DraftTone
) -> None:
    for name in RECIPIENTS:
        ctx = context(kind, tone, name)
        body = write_default(ctx, 3).body
        them = ctx.them
        expected = them.name if tone is DraftTone.FORMAL else them.greet
        assert expected in body.split("\n")[0], body
        if ctx.me.name and kind is not DraftKind.CONNECTION_NOTE:
            assert body.endswith(ctx.me.name)
        used = [v for v in ctx.facts.values() if v]
        if used:
            # at least one of the kind's facts (asked for, or prefilled) shows in the draft
            assert any(v.rstrip(".")[:40] in body for v in used), (kind, tone, name, body)


def test_names_keep_accents_apostrophes_and_cjk() -> None:
    body = write_default(context(DraftKind.THANK_YOU, DraftTone.FORMAL, "full"), 1).body
    assert body.startswith("Dear Zoë O'Brien,")
    body = write_default(context(DraftKind.KEEP_IN_TOUCH, DraftTone.WARM, "cjk"), 1).body
    assert body.split("\n")[0] == "Hi 李伟," or body.split("\n")[0] == "Hello 李伟,"
    body = write_default(context(DraftKind.CONGRATULATIONS, DraftTone.CONCISE, "nordic"), 1).body
    assert body.startswith("Hi Søren,")


@pytest.mark.parametrize("tone", list(DraftTone))
@pytest.mark.parametrize("kind", list(DraftKind))
def test_drafts_differ_between_recipients(kind: DraftKind, tone: DraftTone) -> None:
    bodies = {
        write_default(context(kind, tone, name, facts=_facts_for(kind, name)), 5).body
        for name in ("full", "nordic", "no_company")
    }
    assert len(bodies) == 3


def _facts_for(kind: DraftKind, name: str) -> dict[str, str]:
    """Posts have no recipient: two users' own answers make them differ."""
    if kind_info(kind).group == "message":
        return {}
    answers = {
        "full": "writing tests before the dashboard saves a week",
        "nordic": "small teams ship faster when they own their on-call",
        "no_company": "a clear README is the cheapest onboarding there is",
    }
    return {q.key: answers[name] for q in kind_info(kind).questions[:1]}


@pytest.mark.parametrize("kind", list(DraftKind))
def test_the_seed_picks_the_variant_deterministically_and_openings_vary(kind: DraftKind) -> None:
    ctx = context(kind, DraftTone.WARM, "full")
    assert write_default(ctx, 11).body == write_default(ctx, 11).body
    openings = {
        write_default(ctx, seed).body.split("\n\n")[1 if _greets(kind) else 0] for seed in range(12)
    }
    assert len(openings) >= 2, openings


def _greets(kind: DraftKind) -> bool:
    return kind_info(kind).group == "message"


def test_a_connection_note_fits_200_characters_even_for_long_names_and_stories() -> None:
    for tone, seed in itertools.product(DraftTone, range(10)):
        body = write_default(context(DraftKind.CONNECTION_NOTE, tone, "long"), seed).body
        assert len(body) <= 200, body
        assert "Maximiliano Alejandro" in body


def test_a_lessons_post_names_no_company_unless_the_user_does() -> None:
    for tone, seed in itertools.product(DraftTone, range(6)):
        body = write_default(context(DraftKind.POST_LESSONS, tone, "full"), seed).body
        assert "Acme" not in body and "O'Brien" not in body
    told = context(
        DraftKind.POST_LESSONS,
        DraftTone.WARM,
        "full",
        facts={"story": "The final round at Acme Analytics ended without an offer"},
    )
    assert "Acme Analytics" in write_default(told, 1).body


def test_a_feedback_request_differs_for_the_interviewer_and_the_headhunter() -> None:
    interviewer = context(DraftKind.FEEDBACK_REQUEST, DraftTone.WARM, "full")
    headhunter = context(DraftKind.FEEDBACK_REQUEST, DraftTone.WARM, "full")
    as_them = type(headhunter.them)
    them = _as_dict(headhunter.them)
    headhunter.them = as_them(**{**them, "role": "recruiter", "company": "Talentbrücke"})
    # a recruiter at the hiring company itself is no headhunter: no "client"
    in_house = context(DraftKind.FEEDBACK_REQUEST, DraftTone.WARM, "full")
    in_house.them = as_them(**{**them, "role": "recruiter", "company": in_house.job.company})
    for seed in range(6):
        assert "client" not in write_default(in_house, seed).body
        to_interviewer = write_default(interviewer, seed).body
        to_headhunter = write_default(headhunter, seed).body
        assert (
            "putting me forward" in to_headhunter
            or "on my behalf" in to_headhunter
            or ("let me know" in to_headhunter)
        )
        assert "client" in to_headhunter and "client" not in to_interviewer
        assert 1 <= to_interviewer.count("?") <= 2


def _as_dict(them: object) -> dict[str, object]:
    return {k: getattr(them, k) for k in them.__slots__}  # type: ignore[attr-defined]


def test_a_comment_picks_up_the_posts_point_and_adds_a_view_or_question() -> None:
    point, excerpt = main_point(context(DraftKind.COMMENT, DraftTone.WARM, "full").pasted)
    assert "data catalogue" in point
    for tone, seed in itertools.product(DraftTone, range(6)):
        body = write_default(context(DraftKind.COMMENT, tone, "full"), seed).body
        assert excerpt in body
        assert "?" in body or " I " in body or "my " in body
        assert "#" not in body
        assert not any(phrase in body.lower() for phrase in FILLER)
    with_view = context(
        DraftKind.COMMENT, DraftTone.CONCISE, "full", facts={"view": "We got there with two"}
    )
    assert "we got there with two" in write_default(with_view, 2).body


def test_an_article_has_a_headline_an_outline_of_four_to_six_sections_and_an_opening() -> None:
    for tone, seed in itertools.product(DraftTone, range(6)):
        written = write_default(context(DraftKind.ARTICLE, tone, "full"), seed)
        assert 0 < len(written.title) <= 100
        sections = [
            line for line in written.body.split("\n") if line[:2] in {f"{n}." for n in range(1, 10)}
        ]
        assert 4 <= len(sections) <= 6
        opening = written.body.split("\n\n")[-1]
        assert len(opening) > 100 and "data quality" in written.body


@pytest.mark.parametrize("kind", list(DraftKind))
def test_each_kind_asks_one_or_two_facts_prefilled_from_the_context(kind: DraftKind) -> None:
    questions = kind_info(kind).questions
    assert 1 <= len(questions) <= 2
    ctx = context(kind, DraftTone.WARM, "full")
    assert set(ctx.facts) == {q.key for q in questions}
    assert all(q.label.strip() for q in questions)


def test_prefill_takes_the_last_touchs_note_and_the_vacancy() -> None:
    thanks = context(DraftKind.THANK_YOU, DraftTone.WARM, "full")
    assert thanks.facts["topic"] == "migrating their warehouse to dbt"
    assert thanks.facts["stage"] == "interview"
    hiring = context(DraftKind.HIRING, DraftTone.WARM, "full")
    assert hiring.facts["role"] == "Senior Data Engineer"


@pytest.mark.parametrize("kind", list(DraftKind))
def test_placeholders_typed_into_facts_or_names_never_reach_a_draft(kind: DraftKind) -> None:
    junk = "TBD [Company name] {{ 7*7 }} <job title> {name} XXX"
    facts = {q.key: f"the migration {junk}" for q in kind_info(kind).questions}
    ctx = context(kind, DraftTone.WARM, "full", facts=facts)
    ctx.them = dataclasses.replace(ctx.them, company=f"Acme {junk}")  # not the shared one
    ctx.pasted = f"Most teams do not need a catalogue {junk}. They need owners."
    written = write_default(ctx, 2)
    assert placeholders(f"{written.title}\n{written.body}") == [], written.body
    assert "49" not in written.body


@pytest.mark.parametrize(
    ("note", "topic"),
    [
        ("Talked about migrating their warehouse to dbt.", "migrating their warehouse to dbt"),
        ("Coffee chat about hiring plans", "hiring plans"),
        ("Kafka at scale", "Kafka at scale"),
        ("Congratulated her on the Series C; she asked how my search is going", ""),
        ("She introduced me to the CTO", ""),
        ("Met at PyData", ""),
        ("", ""),
    ],
)
def test_a_touch_note_is_a_topic_only_when_it_reads_as_one(note: str, topic: str) -> None:
    assert topic_of(note) == topic
