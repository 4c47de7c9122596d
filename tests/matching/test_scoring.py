"""The scorer's reasons, places, keywords, departments, company boosts, and its index."""

from __future__ import annotations

from service.matching.scoring import (
    Boosts,
    CompanyFacts,
    Matcher,
    compile_profile,
    read_vacancy,
    score,
)
from tests.matching.test_titles import PROFILES, TABLE, Wanted


def test_reasons_read_as_plain_words() -> None:
    profile = compile_profile(Wanted(["data engineer"], remote=True))
    facts = CompanyFacts(name="Acme", past_employer=True, decision_maker="Daniel Okafor")

    scored = score(profile, read_vacancy("Data Engineer", location="Remote - EMEA"), facts)

    assert scored.reasons == [
        "title matches 'data engineer'",
        "remote",
        "you used to work here",
        "you know Daniel Okafor there",
    ]
    assert scored.matched and scored.score == 60 + 10 + 15 + 10


def test_boosts_come_from_the_settings_and_need_a_fitting_title() -> None:
    profile = compile_profile(Wanted(["data engineer"]))
    facts = CompanyFacts(rejected_me=True, favourite=True, contact="Mia Chen")
    boosts = Boosts(rejected_me=30, favourite=0)

    fitting = score(profile, read_vacancy("Data Engineer"), facts, boosts)
    other = score(profile, read_vacancy("Receptionist"), facts, boosts)

    assert fitting.score == 90 and "you know Mia Chen there" in fitting.reasons
    assert "they turned you down before: a second chance" in fitting.reasons
    assert (other.score, other.matched) == (0, False)


def test_a_blocked_company_or_an_excluded_word_rules_a_vacancy_out() -> None:
    profile = compile_profile(Wanted(["data engineer"], excluded=["contract"]))

    blocked = score(profile, read_vacancy("Data Engineer"), CompanyFacts("Initech", blocked=True))
    excluded = score(profile, read_vacancy("Data Engineer", employment_type="Contract"))

    assert (blocked.matched, blocked.reasons) == (False, ["you blocked Initech"])
    assert excluded.reasons == ["the title has 'contract', which you excluded"]


def test_places_remote_and_departments() -> None:
    profile = compile_profile(
        Wanted(["data engineer"], locations=["München"], departments=["Data Platform"])
    )

    here = score(profile, read_vacancy("Data Engineer", location="Munich, Germany"))
    there = score(profile, read_vacancy("Data Engineer", location="Paris"))
    team = score(
        profile, read_vacancy("Data Engineer", location="Munich", department="Data Platform")
    )
    sales = score(profile, read_vacancy("Data Engineer", location="Munich", department="Sales"))

    assert here.matched and "in München" in here.reasons
    assert not there.matched and "in Paris, not in one of your places" in there.reasons
    assert team.score == here.score + 5 and "in the Data Platform department" in team.reasons
    assert sales.score == here.score - 10


def test_a_remote_only_profile_passes_over_office_jobs() -> None:
    profile = compile_profile(Wanted(["data engineer"], remote=True))

    office = score(profile, read_vacancy("Data Engineer", location="Berlin"))
    remote = score(profile, read_vacancy("Data Engineer", location="Berlin", remote=True))

    assert not office.matched and "in Berlin, not remote" in office.reasons
    assert remote.matched and "remote" in remote.reasons


def test_keywords_add_points_from_the_title_and_the_description() -> None:
    profile = compile_profile(Wanted(["data engineer"], keywords=["Airflow", "machine learning"]))
    text = "You run Airflow pipelines and ship ML models."

    scored = score(profile, read_vacancy("Data Engineer", description=text))

    assert scored.score == 60 + 10 and "mentions Airflow, machine learning" in scored.reasons


def test_a_profile_of_keywords_alone_matches_titles_that_name_them() -> None:
    profile = compile_profile(Wanted([], keywords=["Kubernetes"]))

    assert score(profile, read_vacancy("Kubernetes Platform Engineer")).matched
    assert not score(profile, read_vacancy("Platform Engineer", description="Kubernetes")).matched


def test_the_index_skips_only_pairs_that_score_nothing() -> None:
    compiled = [compile_profile(p) for p in PROFILES.values()]
    compiled.append(compile_profile(Wanted([], keywords=["python"])))
    matcher = Matcher(compiled)
    texts = [read_vacancy(title, description="We use Python.") for _, title, _ in TABLE]

    for text in texts:
        scoring = {i for i, p in enumerate(compiled) if score(p, text).score > 0}
        assert scoring <= matcher.candidates(text)
    assert sum(len(matcher.candidates(t)) for t in texts) < len(texts) * len(compiled) / 2
