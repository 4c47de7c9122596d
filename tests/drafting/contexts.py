"""A spread of drafting contexts: full, short and long names, non-ASCII, missing parts."""

from __future__ import annotations

from service.drafting.context import (
    DraftContext,
    Job,
    Me,
    Targets,
    Them,
    full_name,
    greeting_name,
    prefill,
)
from service.models import DraftKind, DraftTone

ADA = Me(
    name="Ada Lovelace",
    first_name="Ada",
    headline="Data engineer, analytics pipelines",
    skills=["dbt", "Airflow", "SQL"],
    goals="Leading a data platform team",
    topics=["data quality", "analytics engineering"],
)
ROLE = Job(
    title="Senior Data Engineer",
    url="https://jobs.example.com/4418",
    location="Berlin",
    company="Acme Analytics",
)
TARGETS = Targets(["Senior Data Engineer", "Analytics Engineer"], ["Berlin"], remote=True)
POST = (
    "Most teams do not need a data catalogue.\n\nThey need three tables that everyone trusts. "
    "I learned this the hard way after a year of buying tools.\n#data"
)


def person(first: str, last: str = "", **fields: object) -> Them:
    them = Them(name=full_name(first, last), first_name=first, greet=greeting_name(first, last))
    for key, value in fields.items():
        setattr(them, key, value)
    return them


RECIPIENTS: dict[str, Them] = {
    "full": person(
        "Zoë",
        "O'Brien",
        title="Head of Data",
        role="interviewer",
        how_met="PyData Berlin 2025",
        company="Acme Analytics",
        relation="rejected_me",
        last_touch_kind="interview",
        last_touch_note="Talked about migrating their warehouse to dbt",
    ),
    "short": person("Bo", "Li", company="Initech", role="recruiter"),
    "long": person(
        "Maximiliano Alejandro",
        "de la Fuente-Goldschmidt",
        title="Vice President of Engineering, Platform and Reliability",
        how_met=(
            "a long evening at the Lisbon data meetup where we argued about streaming "
            "versus batch for the better part of two hours and never agreed"
        ),
        company="Grupo Industrial Transatlántico de Ingeniería y Servicios",
    ),
    "cjk": person("伟", "李", title="数据平台负责人", company="北京数据科技"),
    "nordic": person("Søren", "Ødegård", title="CTO", how_met="former colleague at Nordlys"),
    "no_company": person("Priya", "Raman", title="Staff Engineer"),
    "nothing": person("Sam"),
}


def context(
    kind: DraftKind,
    tone: DraftTone,
    recipient: str,
    *,
    about: bool = True,
    job: bool = True,
    facts: dict[str, str] | None = None,
) -> DraftContext:
    """A context as build_context makes it, without a database."""
    them = RECIPIENTS[recipient]
    me = ADA if about else Me()
    role = ROLE if job and them.company else Job()
    targets = TARGETS if about else Targets()
    filled = {**prefill(kind, them, role, me, targets), **(facts or {})}
    return DraftContext(kind, tone, me, them, role, targets, POST, filled)
