"""Example drafts anyone can read and judge: the default writer over a small demo cast.

``nextround draft-examples DIR`` writes one Markdown file per kind (several tones and people in
each) and an index; the same seed gives the same files, so a change to a template shows up as a
readable diff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from service.drafting.checks import check_draft
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
from service.drafting.kinds import KINDS
from service.drafting.writer import default_seed, write_default
from service.models import DraftKind, DraftTone

ME = Me(
    name="Ada Lovelace",
    first_name="Ada",
    headline="Data engineer who builds analytics pipelines people trust",
    skills=["dbt", "Airflow", "SQL", "data modelling"],
    goals="Leading a small data platform team",
    topics=["data quality", "analytics engineering"],
)
TARGETS = Targets(["Senior Data Engineer", "Analytics Engineer"], ["Berlin", "Amsterdam"], True)


def _person(first: str, last: str, **fields: object) -> Them:
    them = Them(name=full_name(first, last), first_name=first, greet=greeting_name(first, last))
    for key, value in fields.items():
        setattr(them, key, value)
    return them


ZOE = _person(
    "Zoë", "O'Brien", title="Head of Data", role="interviewer", company="Acme Analytics",
    relation="rejected_me", how_met="second-round interview in October",
    last_touch_kind="interview", last_touch_note="Talked about moving their warehouse to dbt",
)  # fmt: skip
MARTIN = _person(
    "Martin", "Keller", title="Senior Recruiter", role="recruiter", company="Talentbrücke",
    last_touch_kind="call", last_touch_note="He put me forward for the Acme role",
)  # fmt: skip
WEI = _person(
    "伟", "李", title="Director of Engineering", role="decision_maker", company="Globex",
    how_met="PyData Berlin 2025, after her talk on data contracts",
)  # fmt: skip
SIOBHAN = _person(
    "Siobhán", "Ní Bhriain", title="VP Data", role="mentor", company="Northwind",
    how_met="she led the analytics guild when we both worked at Initech",
)  # fmt: skip
JOAO = _person(
    "João", "Araújo", title="Engineering Manager, Data Platform", role="hiring_manager",
    company="Globex",
)  # fmt: skip
ACME_ROLE = Job(
    title="Senior Data Engineer", url="https://jobs.example.com/acme/4418", location="Berlin",
    company="Acme Analytics", reasons=["title matches 'senior data engineer'", "in Berlin"],
)  # fmt: skip
GLOBEX_ROLE = Job(
    title="Analytics Engineer", url="https://jobs.example.com/globex/207", location="Amsterdam",
    company="Globex", remote=True,
)  # fmt: skip
POST = (
    "Most data teams don't need a data catalogue yet.\n\n"
    "They need three tables everyone trusts, with an owner each. We spent a year buying tools "
    "before we learned that. Start with the tables your CEO asks about every Monday."
)


@dataclass(frozen=True, slots=True)
class Example:
    kind: DraftKind
    tone: DraftTone
    who: str
    them: Them = field(default_factory=Them)
    job: Job = field(default_factory=Job)
    facts: dict[str, str] = field(default_factory=dict)


EXAMPLES = [
    Example(DraftKind.THANK_YOU, DraftTone.WARM, "the interviewer", ZOE, ACME_ROLE,
            {"stage": "second-round interview"}),
    Example(DraftKind.THANK_YOU, DraftTone.FORMAL, "the hiring manager", JOAO, GLOBEX_ROLE,
            {"topic": "how they test their dbt models before a release", "stage": "case study"}),
    Example(DraftKind.FEEDBACK_REQUEST, DraftTone.WARM, "the interviewer", ZOE, ACME_ROLE,
            {"stage": "second-round interview"}),
    Example(DraftKind.FEEDBACK_REQUEST, DraftTone.CONCISE, "the headhunter", MARTIN, ACME_ROLE,
            {"stage": "final round"}),
    Example(DraftKind.KEEP_IN_TOUCH, DraftTone.WARM, "the interviewer", ZOE, facts={
        "news": "I finished the dbt Analytics Engineering certification"}),
    Example(DraftKind.KEEP_IN_TOUCH, DraftTone.CONCISE, "a decision maker met at a conference",
            WEI, facts={"shared": "data contracts between product and analytics teams"}),
    Example(DraftKind.CONGRATULATIONS, DraftTone.WARM, "a former lead", SIOBHAN,
            facts={"new_role": "VP Data at Northwind",
                   "memory": "the way you ran the analytics guild at Initech"}),
    Example(DraftKind.CONGRATULATIONS, DraftTone.FORMAL, "a recruiter", MARTIN,
            facts={"new_role": "Head of Talent at Talentbrücke"}),
    Example(DraftKind.CONNECTION_NOTE, DraftTone.WARM, "a speaker", WEI),
    Example(DraftKind.CONNECTION_NOTE, DraftTone.FORMAL, "the interviewer", ZOE,
            facts={"reason": "the second-round interview in October"}),
    Example(DraftKind.HIRING, DraftTone.CONCISE, "the hiring manager", JOAO, GLOBEX_ROLE,
            {"proof": "I cut our nightly pipeline from 6 hours to 40 minutes"}),
    Example(DraftKind.HIRING, DraftTone.FORMAL, "the hiring manager", JOAO, GLOBEX_ROLE,
            {"proof": "I moved 140 dbt models to tested, documented sources in a quarter"}),
    Example(DraftKind.REFERRAL, DraftTone.WARM, "a former lead", SIOBHAN, Job(
        title="Analytics Engineer", url="https://jobs.example.com/northwind/55",
        company="Northwind"), {"fit": "I built the same kind of metrics layer at Initech"}),
    Example(DraftKind.MENTOR, DraftTone.WARM, "a former lead", SIOBHAN,
            facts={"question": "how you moved from hands-on work to leading a data team"}),
    Example(DraftKind.MENTOR, DraftTone.FORMAL, "a director", WEI,
            facts={"question": "what you look for when you hire a first data platform lead"}),
    Example(DraftKind.POST_LESSONS, DraftTone.WARM, "your network", facts={
        "lesson": "a take-home task is a conversation, not an exam",
        "story": "I reached the final round for a data role and did not get the offer. The "
        "feedback said my solution was right but I never asked what the team needed"}),
    Example(DraftKind.POST_LESSONS, DraftTone.CONCISE, "your network"),
    Example(DraftKind.POST_MILESTONE, DraftTone.WARM, "your network", facts={
        "milestone": "the dbt Analytics Engineering certification",
        "thanks": "Siobhán Ní Bhriain, who reviewed my practice project"}),
    Example(DraftKind.POST_OPINION, DraftTone.WARM, "your network", facts={
        "claim": "a data team's first hire should be an analytics engineer, not a data scientist",
        "example": "at Initech our first dashboards only became trusted once someone owned "
        "the models underneath"}),
    Example(DraftKind.POST_OPEN, DraftTone.WARM, "your network", facts={
        "result": "I cut the nightly pipeline from 6 hours to 40 minutes"}),
    Example(DraftKind.POST_OPEN, DraftTone.FORMAL, "your network"),
    Example(DraftKind.ARTICLE, DraftTone.WARM, "your readers", facts={
        "topic": "data quality", "view": "tests on the data matter more than tests on the code"}),
    Example(DraftKind.COMMENT, DraftTone.WARM, "a post on data catalogues", facts={
        "view": "we started with the five metrics in the board pack and it took six weeks"}),
    Example(DraftKind.COMMENT, DraftTone.CONCISE, "a post on data catalogues"),
]  # fmt: skip


def example_context(example: Example) -> DraftContext:
    filled = {**prefill(example.kind, example.them, example.job, ME, TARGETS), **example.facts}
    pasted = POST if example.kind is DraftKind.COMMENT else ""
    return DraftContext(
        example.kind, example.tone, ME, example.them, example.job, TARGETS, pasted, filled
    )


def render_examples() -> dict[str, str]:
    """File name → Markdown, one file per kind plus README.md."""
    files: dict[str, list[str]] = {}
    for example in EXAMPLES:
        ctx = example_context(example)
        seed = default_seed(example.kind.value, example.them.name, example.job.title)
        written = write_default(ctx, seed)
        checks = check_draft(example.kind, written.body, written.title)
        info = KINDS[example.kind]
        lines = files.setdefault(
            f"{example.kind.value}.md", [f"# {info.label}\n"]
        )  # one heading per file
        lines.append(f"## To {example.who}, {example.tone.value}\n")
        facts = "; ".join(f"{k}: {v}" for k, v in ctx.facts.items() if v) or "none"
        lines.append(f"Facts: {facts}\n")
        if example.kind is DraftKind.COMMENT:
            lines.append("The post:\n\n" + "\n".join(f"> {ln}" for ln in POST.split("\n")) + "\n")
        if written.title:
            lines.append(f"**{'Headline' if info.group == 'article' else 'Subject'}:** "
                         f"{written.title}\n")  # fmt: skip
        lines.append("```text\n" + written.body + "\n```\n")
        lines.append(
            f"{checks.characters} of {checks.limit:,} characters · {checks.words} words · "
            f"readability {checks.readability} · {len(checks.hashtags)} hashtags\n"
        )
    index = [
        "# Example drafts\n",
        "Written by the default (template) writer from a small demo cast; regenerate with "
        "`nextround draft-examples docs/examples`. Each should read as something a careful "
        "person would send after at most a small edit.\n",
    ]
    index += [f"- [{KINDS[DraftKind(n[:-3])].label}]({n})" for n in sorted(files)]
    out = {name: "\n".join(lines) for name, lines in files.items()}
    out["README.md"] = "\n".join(index) + "\n"
    return out


def write_examples(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_examples().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
