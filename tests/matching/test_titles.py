"""Real-looking job titles against a few profiles: match or no match (Done when 3 of issue 8).

Titles as boards write them: seniority words, abbreviations, gender markers, ids and team
tails, and German, French, Spanish, Dutch and Swedish titles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from service.matching.scoring import compile_profile, read_vacancy, score


@dataclass
class Wanted:
    """A profile as the scorer reads it (the model's fields, without a database)."""

    titles: list[str]
    seniority: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    remote: bool = False
    min_score: int = 50
    id: int = 1
    user_id: int = 1


PROFILES = {
    "data": Wanted(["data engineer"]),
    "swe": Wanted(["software engineer"], seniority=["senior"]),
    "pm": Wanted(["product manager"]),
    "ml": Wanted(["machine learning engineer"], excluded=["intern"]),
    "sre": Wanted(["site reliability engineer"]),
    "lead": Wanted(["head of data", "VP Engineering"]),
    "principal": Wanted(["principal engineer"]),
    "bi": Wanted(["BI developer"]),
}

TABLE = [
    # data engineer: variants, markers, other languages
    ("data", "Data Engineer", True),
    ("data", "Senior Data Engineer", True),
    ("data", "Sr. Data Engineer", True),
    ("data", "Data Engineer (m/w/d)", True),
    ("data", "Data Engineer (f/m/d) - Remote", True),
    ("data", "Data engineer (m/v/x)", True),
    ("data", "DATA ENGINEER", True),
    ("data", "  data   engineer  ", True),
    ("data", "Data-Engineer", True),
    ("data", "[Contract] Data Engineer (4418)", True),
    ("data", "Data Engineer II", True),
    ("data", "Lead Data Engineer \u2013 Platform, Berlin", True),
    ("data", "Dateningenieur (w/m/d)", True),
    ("data", "Ingénieur de données", True),
    ("data", "Ingeniero de datos", True),
    ("data", "Ingeniera de Datos Senior", True),
    ("data", "Data Scientist", False),
    ("data", "Data Analyst", False),
    ("data", "Big Data Engineering Manager", False),
    ("data", "Backend Engineer", False),
    ("data", "Database Administrator", False),
    ("data", "Datenwissenschaftler/in", False),
    # software engineer at senior level: levels and abbreviations
    ("swe", "Senior Software Engineer", True),
    ("swe", "Sr. Software Engineer", True),
    ("swe", "Snr. Software Developer", True),
    ("swe", "Senior SWE, Payments", True),
    ("swe", "SDE III", True),
    ("swe", "Staff / Senior Software Engineer", True),
    ("swe", "Staff Software Engineer", True),
    ("swe", "Softwareentwickler (m/w/d)", True),
    ("swe", "Senior Softwareentwickler/in", True),
    ("swe", "Ingénieur logiciel senior H/F", True),
    ("swe", "Développeur·se logiciel confirmé·e", True),
    ("swe", "Desarrollador/a de software Senior", True),
    ("swe", "Senior software ontwikkelaar", True),
    ("swe", "Mjukvaruutvecklare", True),
    ("swe", "Junior Software Engineer", False),
    ("swe", "Software Engineering Intern", False),
    ("swe", "Principal Software Engineer", False),
    ("swe", "Werkstudent Softwareentwicklung", False),
    ("swe", "Software Engineering Manager", False),
    ("swe", "Senior Hardware Engineer", False),
    ("swe", "Senior Sales Engineer", False),
    ("swe", "Full Stack Developer", False),
    # product manager
    ("pm", "Product Manager", True),
    ("pm", "Senior Product Manager, Growth", True),
    ("pm", "Sr. Product Mgr", True),
    ("pm", "Manager, Product", True),
    ("pm", "Produktmanager (m/w/d)", True),
    ("pm", "Chef de produit H/F", True),
    ("pm", "Jefe de producto", True),
    ("pm", "Project Manager", False),
    ("pm", "Product Designer", False),
    ("pm", "Product Owner", False),
    ("pm", "Chef de projet informatique H/F", False),
    # machine learning, with "intern" excluded
    ("ml", "ML Engineer", True),
    ("ml", "Machine Learning Engineer", True),
    ("ml", "Senior ML Engineer", True),
    ("ml", "ML/Research Engineer", True),
    ("ml", "Ingénieur Machine Learning", True),
    ("ml", "Ingénieur en apprentissage automatique", True),
    ("ml", "Machine Learning Engineer Intern", False),
    ("ml", "Praktikant ML Engineering (m/w/d)", False),
    ("ml", "Werkstudent Machine Learning Engineer", False),
    ("ml", "HTML Developer", False),
    ("ml", "Machine Operator", False),
    # site reliability
    ("sre", "SRE", True),
    ("sre", "Sr. SRE I", True),
    ("sre", "Site Reliability Engineering, Google Play", True),
    ("sre", "Staff Site Reliability Engineer", True),
    ("sre", "Reliability Engineer", False),
    # leadership titles
    ("lead", "Head of Data", True),
    ("lead", "Head of Data & Analytics", True),
    ("lead", "Leiter Data Platform (m/w/d)", True),
    ("lead", "Vice President, Engineering", True),
    ("lead", "SVP, Engineering", True),
    ("lead", "Engineering Manager", False),
    ("lead", "Head of Sales", False),
    ("lead", "VP Sales", False),
    # a level word alone is a job, not a level; abbreviations never inside words
    ("principal", "Principal Engineer", True),
    ("principal", "Principal", False),
    ("bi", "Power BI Developer", True),
    ("data", "Power BI Developer", False),
]


@pytest.mark.parametrize(("profile", "title", "expected"), TABLE)
def test_a_title_matches_or_not(profile: str, title: str, expected: bool) -> None:
    compiled = compile_profile(PROFILES[profile])

    scored = score(compiled, read_vacancy(title))

    assert scored.matched is expected, (scored.score, scored.reasons)


def test_the_table_is_large_and_balanced() -> None:
    misses = sum(not expected for _, _, expected in TABLE)
    assert len(TABLE) >= 60 and misses >= 25
