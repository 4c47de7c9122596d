"""Example drafts anyone can read and judge: the default writer over the demo's cast.

``nextround draft-examples DIR`` writes one Markdown file per kind (several tones and people in
each) and an index. The cast is the demo account's (``service/demo/data/account.json``): its
About you, contacts, companies, target profile, and a sample application that ended in a
rejection with feedback and an upskill plan; the same seed gives the same files, so a change to
a template (or to the demo data) shows up as a readable diff.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from service.demo.boards import data_text
from service.drafting.checks import check_draft
from service.drafting.context import (
    App,
    DraftContext,
    Job,
    Me,
    Targets,
    Them,
    Upskill,
    full_name,
    greeting_name,
    met_at,
    prefill,
)
from service.drafting.kinds import KINDS
from service.drafting.writer import default_seed, write_default
from service.models import DraftKind, DraftTone, FeedbackCategory, StageKind

TODAY = date(2026, 11, 20)
"""The day the examples are written on (the demo's "days ago" count back from it)."""

SEED: dict[str, Any] = json.loads(data_text("account.json"))


def _me(about: dict[str, Any]) -> Me:
    name = about["sign_name"]
    return Me(
        name=name,
        first_name=name.split(" ")[0],
        headline=about["headline"],
        skills=list(about["skills"]),
        goals=about["goals"],
        topics=list(about["topics"]),
        samples=list(about["samples"]),
    )


def _targets(profile: dict[str, Any]) -> Targets:
    titles = [t.title() for t in profile["titles"]]
    return Targets(titles[:3], list(profile["locations"])[:3], bool(profile["remote"]))


def _cast(seed: dict[str, Any]) -> dict[str, Them]:
    """The demo's contacts by first name, as the drafting context sees them."""
    relations = {c["name"]: c["relation"] for c in seed["companies"]}
    people = {}
    for c in seed["contacts"]:
        touches = sorted(c.get("touches", []), key=lambda t: t["days_ago"])
        last = touches[0] if touches else None
        people[c["first_name"]] = Them(
            name=full_name(c["first_name"], c["last_name"]),
            first_name=c["first_name"],
            greet=greeting_name(c["first_name"], c["last_name"]),
            title=c.get("title") or "",
            role=c["role"],
            how_met=(c.get("how_met") or "").rstrip("."),
            company=c.get("company") or "",
            relation=relations.get(c.get("company") or "", ""),
            last_touch_kind=last["kind"] if last else "",
            last_touch_note=last["summary"] if last else "",
            last_touch_days=last["days_ago"] if last else None,
        )
    return people


def _application(data: dict[str, Any]) -> App:
    """The sample application as the context carries it (see ``context.application_from``)."""

    def day(days_ago: int) -> str:
        return (TODAY - timedelta(days=days_ago)).isoformat()

    stages = data["stages"]
    meetings = [s for s in stages if StageKind(s["kind"]).is_meeting]
    rejected = [s for s in stages if s["kind"] == StageKind.REJECTED.value]
    people = list(dict.fromkeys(p for s in stages for p in s["people"]))
    upskill = sorted(data["upskill"], key=lambda u: (u["progress"] < 100, -u["progress"]))
    return App(
        role=data["role"],
        company=data["company"],
        stage=stages[-1]["kind"],
        met_at=met_at(StageKind(meetings[-1]["kind"]), meetings[-1].get("round")),
        met_notes=meetings[-1].get("notes", ""),
        applied_on=day(data["applied_days_ago"]),
        last_stage_on=day(stages[-1]["days_ago"]),
        rejected_on=day(rejected[-1]["days_ago"]) if rejected else "",
        people=people,
        feedback=[
            {
                "text": f["text"],
                "categories": [FeedbackCategory(c).label for c in f["categories"]],
                "from": f.get("from", ""),
            }
            for f in data["feedback"]
        ],
        feedback_from=[f["from"] for f in data["feedback"] if f.get("from")],
        upskill=[
            Upskill(u["title"], u["kind"], u["progress"], u["progress"] == 100) for u in upskill
        ],
    )


ME = _me(SEED["about"])
TARGETS = _targets(SEED["profile"])
CAST = _cast(SEED)
HANNAH, PRIYA, JONAS = CAST["Hannah"], CAST["Priya"], CAST["Jonas"]
TOMAS, INES, SAM, ELENA = CAST["Tomás"], CAST["Ines"], CAST["Sam"], CAST["Elena"]
BLUEFIN = _application(SEED["application"])
UPSKILL_ONLY = App(upskill=BLUEFIN.upskill)
"""What the context carries for a keep-in-touch or milestone draft about no application."""

BLUEFIN_ROLE = Job(title=BLUEFIN.role, company=BLUEFIN.company)
NORTHWIND_ROLE = Job(
    title="Senior Data Engineer, Data Platform", url="https://careers.northwind.example/jobs/4412006",
    location="Remote - Europe", company="Northwind Analytics", remote=True,
    reasons=["title matches 'senior data engineer'", "remote"],
)  # fmt: skip
AURORA_ROLE = Job(
    title="Data Engineer, Clinical Data", location="Utrecht", company="Aurora Health",
    url="https://careers.aurorahealth.example/postings/3f6c2a1e-8b4d-4c1f-9a2e-5d7b8c9e0f11",
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
    app: App | None = None
    """The application it is about (None: only the upskill steps, as the studio gives them)."""


EXAMPLES = [
    Example(DraftKind.THANK_YOU, DraftTone.WARM, "the hiring manager, after a rejection", HANNAH,
            BLUEFIN_ROLE, app=BLUEFIN),
    Example(DraftKind.THANK_YOU, DraftTone.FORMAL, "a VP after a first interview", TOMAS,
            AURORA_ROLE, {"stage": "first interview",
                          "topic": "how your team versions the clinical data models"}),
    Example(DraftKind.FEEDBACK_REQUEST, DraftTone.WARM, "the hiring manager", HANNAH,
            BLUEFIN_ROLE, {"question": "what would have made my streaming design stronger"},
            app=BLUEFIN),
    Example(DraftKind.FEEDBACK_REQUEST, DraftTone.CONCISE, "an in-house recruiter", INES,
            AURORA_ROLE, {"stage": "first interview"}),
    Example(DraftKind.KEEP_IN_TOUCH, DraftTone.WARM, "the hiring manager who gave feedback",
            HANNAH, facts={"shared": "the payments ledger pipeline"}, app=BLUEFIN),
    Example(DraftKind.KEEP_IN_TOUCH, DraftTone.CONCISE, "a former colleague", JONAS,
            facts={"shared": "the growth of the data platform team"}),
    Example(DraftKind.KEEP_IN_TOUCH, DraftTone.FORMAL, "a former client", TOMAS,
            facts={"shared": "your MDR certification"}),
    Example(DraftKind.CONGRATULATIONS, DraftTone.WARM, "a former colleague", JONAS,
            facts={"new_role": "Staff Engineer at Northwind Analytics",
                   "memory": "the forecasting pipelines we rebuilt together"}),
    Example(DraftKind.CONGRATULATIONS, DraftTone.FORMAL, "a recruiter", INES,
            facts={"new_role": "Head of Talent at Aurora Health",
                   "memory": "how smoothly you arranged my 2024 contract"}),
    Example(DraftKind.CONNECTION_NOTE, DraftTone.WARM, "a recruiter who wrote first", SAM,
            facts={"reason": "your kind message about my PyData meetup talk"}),
    Example(DraftKind.CONNECTION_NOTE, DraftTone.FORMAL, "the hiring manager", HANNAH,
            facts={"reason": "the final round for the Senior Data Engineer role"}),
    Example(DraftKind.HIRING, DraftTone.CONCISE, "a former manager", PRIYA, NORTHWIND_ROLE,
            {"proof": "I cut the nightly forecasting run from 5 hours to 50 minutes"}),
    Example(DraftKind.HIRING, DraftTone.FORMAL, "a former client", TOMAS, AURORA_ROLE,
            {"proof": "I built your clinical data warehouse in 2024, 40 sources in four months"}),
    Example(DraftKind.REFERRAL, DraftTone.WARM, "a former colleague", JONAS, NORTHWIND_ROLE,
            {"fit": "I built the forecasting pipelines the platform team now runs"}),
    Example(DraftKind.MENTOR, DraftTone.WARM, "a mentor", ELENA,
            facts={"question": "how to show streaming experience I have built mostly on side "
                               "projects"}),
    Example(DraftKind.MENTOR, DraftTone.FORMAL, "a former manager", PRIYA,
            facts={"question": "what you look for when you hire for a data platform team"}),
    Example(DraftKind.POST_LESSONS, DraftTone.WARM, "your network", facts={
        "lesson": "a specific no is worth more than a vague maybe",
        "story": "I reached the final round for a senior data engineering role and did not get "
        "it. The feedback named one gap: running Kafka in production"}),
    Example(DraftKind.POST_LESSONS, DraftTone.CONCISE, "your network"),
    Example(DraftKind.POST_MILESTONE, DraftTone.WARM, "your network",
            facts={"thanks": "Elena Petrova, who went through my practice projects every month"},
            app=BLUEFIN),
    Example(DraftKind.POST_MILESTONE, DraftTone.CONCISE, "your network"),
    Example(DraftKind.POST_OPINION, DraftTone.WARM, "your network", facts={
        "claim": "a team's first streaming job should replace a batch job people already trust",
        "example": "at Northwind we moved ingestion one source at a time and kept the batch run "
        "as a check"}),
    Example(DraftKind.POST_OPEN, DraftTone.WARM, "your network", facts={
        "result": "I cut the nightly forecasting run from 5 hours to 50 minutes"}),
    Example(DraftKind.POST_OPEN, DraftTone.FORMAL, "your network"),
    Example(DraftKind.ARTICLE, DraftTone.WARM, "your readers", facts={
        "topic": "data quality",
        "view": "tests on the data matter more than tests on the code"}),
    Example(DraftKind.COMMENT, DraftTone.WARM, "a post on data catalogues", facts={
        "view": "we started with the five metrics in the board pack and it took six weeks"}),
    Example(DraftKind.COMMENT, DraftTone.CONCISE, "a post on data catalogues"),
]  # fmt: skip


def example_context(example: Example) -> DraftContext:
    """The context the studio would build for the example (prefilled, then its facts)."""
    upskill_kinds = (DraftKind.KEEP_IN_TOUCH, DraftKind.POST_MILESTONE)
    app = example.app or (UPSKILL_ONLY if example.kind in upskill_kinds else App())
    filled = {
        **prefill(example.kind, example.them, example.job, ME, TARGETS, app),
        **example.facts,
    }
    pasted = POST if example.kind is DraftKind.COMMENT else ""
    return DraftContext(
        example.kind, example.tone, ME, example.them, example.job, TARGETS, pasted, filled, app
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
        "Written by the default (template) writer from the demo account's people, About you, "
        "target profile and a sample rejected application (service/demo/data/account.json); "
        "regenerate with "
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
