"""Board tokens derived from a company's name and website: examples and properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.boards.tokens import (
    MAX_TOKENS,
    TokenForm,
    candidate_tokens,
    spelled,
    website_label,
)

DNS_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
SPELLED = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


@pytest.mark.parametrize(
    ("name", "website", "expected"),
    [
        ("Acme Corp GmbH", None, ["acme", "acmecorp", "acme-corp"]),
        ("Acme Corp GmbH", "https://www.acme.example/careers", ["acme", "acmecorp", "acme-corp"]),
        ("Acme Corp GmbH", "jobs.acme-corp.example", ["acme-corp", "acmecorp", "acme"]),
        ("Müller & Söhne GmbH & Co. KG", None, ["mullersohne", "muller-sohne"]),
        ("Société Générale S.A.", None, ["societegenerale", "societe-generale"]),
        ("O'Reilly Media, Inc.", None, ["oreillymedia", "oreilly-media"]),
        ("Straße AG", "strasse.co.uk", ["strasse"]),
        ("Stripe", None, ["stripe"]),
        ("Inc", None, ["inc"]),
        ("", "https://[2001:db8::1]/", []),
        ("  !!! ", None, []),
    ],
)
def test_candidate_tokens(name: str, website: str | None, expected: list[str]) -> None:
    assert candidate_tokens(name, website) == expected


def test_a_long_name_gives_at_most_the_limit_of_tokens() -> None:
    tokens = candidate_tokens("Acme Corp Group Holding Company AG", "acme-intl.example")

    assert tokens == ["acme-intl", "acmeintl", "acme", "acmecorp"]
    assert len(tokens) == MAX_TOKENS


@pytest.mark.parametrize(
    ("website", "label"),
    [
        ("acme.example", "acme"),
        ("https://careers.acme.com/jobs?x=1", "acme"),
        ("http://www.acme.co.uk", "acme"),
        ("ACME.DE.", "acme"),
        ("https://user@acme.example:8443/", "acme"),
        ("http://127.0.0.1/", None),
        ("http://[::1", None),
        ("", None),
    ],
)
def test_website_label(website: str, label: str | None) -> None:
    assert website_label(website) == label


def test_spelled_forms() -> None:
    assert spelled("acme-corp", TokenForm.SLUG) == "acme-corp"
    assert spelled("acme-corp", TokenForm.COMPACT) == "acmecorp"
    assert spelled("acme-corp", TokenForm.CAMEL) == "AcmeCorp"


@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=200)))
def test_tokens_are_bounded_distinct_dns_labels(name: str, website: str | None) -> None:
    tokens = candidate_tokens(name, website)

    assert len(tokens) <= MAX_TOKENS
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        assert DNS_LABEL.fullmatch(token) and len(token) >= 2
        for form in TokenForm:
            assert SPELLED.fullmatch(spelled(token, form))


NAME_WORDS = ["Acme", "Corp", "GmbH", "Co.", "&", "Ünïcode", "-", "AG", "Group"]
WEBSITES = r"(https?://)?([a-z0-9-]{1,20}\.){1,3}[a-z]{2,6}/?"


@given(
    st.lists(st.sampled_from(NAME_WORDS), max_size=8),
    st.one_of(st.none(), st.from_regex(WEBSITES, fullmatch=True)),
)
def test_legal_words_and_websites_give_labels(words: list[str], website: str | None) -> None:
    tokens = candidate_tokens(" ".join(words), website)

    assert len(tokens) <= MAX_TOKENS
    assert all(DNS_LABEL.fullmatch(t) for t in tokens)
