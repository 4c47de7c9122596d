"""The checks: limits (configurable), the see-more fold, hashtags, readability, placeholders."""

from __future__ import annotations

from service.drafting.checks import check_draft, fold, limits_for, placeholders, readability
from service.models import DraftKind


def test_limits_per_kind_and_configurable() -> None:
    assert check_draft(DraftKind.POST_OPEN, "x" * 3000).within_limit
    assert not check_draft(DraftKind.POST_OPEN, "x" * 3001).within_limit
    assert not check_draft(DraftKind.COMMENT, "x" * 1251).within_limit
    assert not check_draft(DraftKind.CONNECTION_NOTE, "x" * 201).within_limit
    premium = limits_for({"LINKEDIN_PREMIUM": True})
    assert check_draft(DraftKind.CONNECTION_NOTE, "x" * 300, limits=premium).within_limit
    custom = limits_for({"DRAFT_LIMITS": {"comment": 500}})
    checks = check_draft(DraftKind.COMMENT, "x" * 501, limits=custom)
    assert checks.problems == ["501 characters: over the 500 LinkedIn allows here."]
    article = check_draft(DraftKind.ARTICLE, "body text here", title="h" * 101)
    assert not article.title_within_limit and article.title_limit == 100
    inmail = check_draft(DraftKind.HIRING, "Hello there.", title="s" * 201)
    assert inmail.title_limit == 200 and not inmail.ok


def test_the_fold_counts_line_breaks_as_lines() -> None:
    short_lines = "One.\nTwo.\nThree.\nFour.\nFive.\nSix."
    desktop = fold(short_lines, 210, 5)
    assert desktop.shown == "One.\nTwo.\nThree.\nFour.\nFive." and desktop.folded
    mobile = fold(short_lines, 140, 3)
    assert mobile.shown == "One.\nTwo.\nThree." and mobile.folded
    blank_lines = "Hook line.\n\n\n\nSecond"
    assert fold(blank_lines, 140, 3).shown == "Hook line.\n\n"
    long_line = "word " * 100
    shown = fold(long_line, 210, 5).shown
    assert len(shown) <= 210 and fold(long_line, 210, 5).folded
    assert not fold("Short post.", 210, 5).folded


def test_hashtags_readability_and_placeholders() -> None:
    post = check_draft(DraftKind.POST_OPINION, "Small teams win.\n\n#DataQuality #dbt")
    assert post.hashtags == ["DataQuality", "dbt"] and post.ok
    comment = check_draft(DraftKind.COMMENT, "Good point, I agree. #data")
    assert "Hashtags do nothing outside posts." in comment.problems
    assert readability("The cat sat on the mat. It was warm.") > readability(
        "Organisational transformation necessitates comprehensive stakeholder alignment."
    )
    assert placeholders("Hi [Name], about {{ company }} and <job title>, TBD, {name}") == [
        "[Name]",
        "{{",
        "}}",
        "<job title>",
        "TBD",
        "{name}",
    ]
    assert placeholders("Hi Zoë, I [really] enjoyed it; see #Data.") == []
    assert check_draft(DraftKind.THANK_YOU, "Hi [Name],").problems == [
        "Unresolved placeholder: [Name]"
    ]
