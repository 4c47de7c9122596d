"""The plain context every writer gets: about the user, the recipient, the moment, the facts.

Each part may be missing (no About you, a contact without a company, no touch yet): it is then
present with empty values, so templates test ``if them.company`` and never meet an undefined
name. Names are kept as written (accents, apostrophes, CJK).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from service.clock import today as today_utc
from service.drafting.kinds import kind_info
from service.drafting.voice import is_emoji
from service.extensions import db
from service.models import (
    AboutYou,
    Application,
    Company,
    Contact,
    DraftKind,
    DraftTone,
    Match,
    StageKind,
    TargetProfile,
    Touch,
    UpskillItem,
    User,
    Vacancy,
    Watch,
)

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")
_CLAIM_WORDS = (
    "should",
    "must",
    "the key",
    "lesson",
    "learned",
    "mistake",
    "most",
    "never",
    "always",
    "matters",
    "wrong",
    "better",
    "i think",
    "i believe",
    "the real",
)


_IMPERATIVES = frozenset(
    {"put", "stop", "start", "don't", "never", "always", "ask", "write", "build", "keep", "make"}
)


@dataclass(slots=True)
class Me:
    name: str = ""
    first_name: str = ""
    headline: str = ""
    skills: list[str] = field(default_factory=list)
    goals: str = ""
    topics: list[str] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)
    emoji: bool = False


@dataclass(slots=True)
class Them:
    name: str = ""
    first_name: str = ""
    greet: str = ""
    """How to address them: the first name, or the full name as written for CJK names."""
    title: str = ""
    role: str = ""
    how_met: str = ""
    company: str = ""
    relation: str = ""
    last_touch_kind: str = ""
    last_touch_note: str = ""
    last_touch_days: int | None = None


@dataclass(slots=True)
class Job:
    title: str = ""
    url: str = ""
    location: str = ""
    company: str = ""
    remote: bool = False
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Targets:
    titles: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    remote: bool = False


@dataclass(slots=True)
class Upskill:
    title: str = ""
    kind: str = ""
    progress: int = 0
    done: bool = False
    done_at: str = ""


@dataclass(slots=True)
class App:
    """An application the draft is about: where it stands, who was met, what they said."""

    role: str = ""
    company: str = ""
    stage: str = ""
    """The current stage's kind (applied, interview, rejected…)."""
    met_at: str = ""
    """The latest stage where the user met people, as named ("final round", "interview")."""
    met_notes: str = ""
    """The user's notes on that stage (what was talked about)."""
    applied_on: str = ""
    last_stage_on: str = ""
    rejected_on: str = ""
    people: list[str] = field(default_factory=list)
    feedback: list[dict[str, Any]] = field(default_factory=list)
    """Feedback received: ``{"text": …, "categories": [...], "from": name}``, the oldest first."""
    feedback_from: list[str] = field(default_factory=list)
    """Who gave that feedback (their names as written)."""
    upskill: list[Upskill] = field(default_factory=list)
    """Upskill steps done or under way (the ones to mention first, first)."""


@dataclass(slots=True)
class DraftContext:
    """Everything a writer may use, as plain values."""

    kind: DraftKind
    tone: DraftTone = DraftTone.WARM
    me: Me = field(default_factory=Me)
    them: Them = field(default_factory=Them)
    job: Job = field(default_factory=Job)
    targets: Targets = field(default_factory=Targets)
    pasted: str = ""
    facts: dict[str, str] = field(default_factory=dict)
    application: App = field(default_factory=App)

    def variables(self) -> dict[str, Any]:
        """The context as template variables (plain dicts, lists and strings only)."""
        point, excerpt = main_point(self.pasted)
        return {
            "kind": self.kind.value,
            "tone": self.tone.value,
            "me": asdict(self.me),
            "them": asdict(self.them),
            "job": asdict(self.job),
            "targets": asdict(self.targets),
            "application": asdict(self.application),
            "post": {"text": self.pasted, "point": point, "excerpt": excerpt},
            "facts": {
                q.key: self.facts.get(q.key, "").strip().rstrip(".;,").strip()
                for q in kind_info(self.kind).questions
            },
        }


def full_name(first: str, last: str) -> str:
    """The name as written: given then family name; a CJK name family name first, unspaced."""
    if _CJK.search(first + last):
        return f"{last.strip()}{first.strip()}"
    return f"{first} {last}".strip()


def greeting_name(first: str, last: str) -> str:
    """The first name; a CJK name in full (a given name alone reads as intimate)."""
    full = full_name(first, last)
    if _CJK.search(full):
        return full
    return first.strip() or full


def _clean(text: str | None) -> str:
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def me_from(about: AboutYou | None, user: User | None = None) -> Me:
    """What the user told about themselves (nothing when they have not yet)."""
    if about is None:
        return Me()
    name = _clean(about.sign_name)
    samples = [s for s in (about.samples or []) if s.strip()]
    return Me(
        name=name,
        first_name=name.split(" ")[0] if name else "",
        headline=_clean(about.headline),
        skills=[_clean(s) for s in about.skills or [] if s.strip()],
        goals=_clean(about.goals),
        topics=[_clean(t) for t in about.topics or [] if t.strip()],
        samples=samples,
        emoji=any(is_emoji(ch) for s in samples for ch in s),
    )


def them_from(contact: Contact | None, *, today: date | None = None) -> Them:
    """The recipient as written, with their company, how they were met and the last touch."""
    if contact is None:
        return Them()
    first, last = _clean(contact.first_name), _clean(contact.last_name)
    company = contact.company
    touch = db.session.scalars(
        sa.select(Touch)
        .where(Touch.contact_id == contact.id)
        .order_by(Touch.occurred_at.desc(), Touch.id.desc())
        .limit(1)
    ).first()
    return Them(
        name=full_name(first, last),
        first_name=first,
        greet=greeting_name(first, last),
        title=_clean(contact.title),
        role=contact.role.value,
        how_met=_clean(contact.how_met),
        company=_clean(company.name) if company else "",
        relation=company.relation.value if company else "",
        last_touch_kind=touch.kind.value if touch else "",
        last_touch_note=_clean(touch.summary) if touch else "",
        last_touch_days=((today or today_utc()) - touch.occurred_at.date()).days if touch else None,
    )


def job_from(vacancy: Vacancy | None, company: Company | None, match: Match | None) -> Job:
    if vacancy is None:
        return Job()
    return Job(
        title=_clean(vacancy.title),
        url=vacancy.url or "",
        location=_clean(vacancy.location),
        company=_clean(company.name) if company else "",
        remote=bool(vacancy.remote),
        reasons=list(match.reasons) if match and match.matched else [],
    )


def targets_from(profiles: list[TargetProfile]) -> Targets:
    titles: list[str] = []
    locations: list[str] = []
    for p in profiles:
        titles += [t for t in p.titles if t not in titles]
        locations += [place for place in p.locations if place not in locations]
    return Targets(titles[:3], locations[:3], any(p.remote for p in profiles))


def main_point(text: str) -> tuple[str, str]:
    """A pasted post's main point (its strongest claim, early sentences first) and a short quote."""
    sentences = [_clean(s) for s in _SENTENCE.split(text or "") if len(_clean(s)) >= 20]
    sentences = [s for s in sentences if not s.startswith("#")]
    if not sentences:
        return "", ""

    def weight(item: tuple[int, str]) -> float:
        index, sentence = item
        lowered = sentence.lower()
        claim = sum(word in lowered for word in _CLAIM_WORDS)
        imperative = sentence.split(" ")[0].lower() in _IMPERATIVES
        return claim * 2 + imperative - index * 0.3 + min(len(sentence), 160) / 60

    _index, best = max(enumerate(sentences), key=weight)
    excerpt = best if len(best) <= 110 else best[:107].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return best, excerpt.rstrip(".!;:, ")


_TOPIC_PREFIX = re.compile(
    r"^(?:we\s+)?(?:talked|spoke|chatted|talk|chat)\s+(?:about|on)\s+|^discussed\s+", re.IGNORECASE
)


_NOT_A_TOPIC = frozenset(
    [
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "she",
        "her",
        "he",
        "him",
        "his",
        "they",
        "them",
        "their",
    ]
)
_PAST_VERBS = frozenset(
    [
        "met",
        "saw",
        "sent",
        "had",
        "got",
        "gave",
        "went",
        "caught",
        "told",
        "wrote",
        "rang",
        "took",
        "made",
        "said",
    ]
)


def topic_of(note: str) -> str:
    """A touch's note as a topic, or "" when it does not read as one.

    "Talked about the dbt migration." → "the dbt migration"; "Coffee chat about hiring plans"
    → "hiring plans"; "Kafka at scale" stays. A note that tells what happened ("Congratulated
    her on the Series C; she asked…") is no topic: the draft then does without one.
    """
    first = re.split(r"[;.!?\n]", note.strip(), maxsplit=1)[0].strip()
    prefix = _TOPIC_PREFIX.match(first)
    head, about, tail = first.partition(" about ")
    if prefix:
        topic = first[prefix.end() :]
    elif about and len(head.split()) <= 4 and not _NOT_A_TOPIC & set(head.lower().split()):
        topic = tail
    elif _reads_as_topic(first):
        topic = first
    else:
        return ""
    topic = topic.rstrip(".!;:, ")
    return topic if len(topic) <= 160 else topic[:157].rsplit(" ", 1)[0] + "…"


def _reads_as_topic(text: str) -> bool:
    """A short noun phrase, not an account of what someone did or said."""
    words = text.lower().split()
    if not words or len(words) > 8 or _NOT_A_TOPIC & set(words):
        return False
    return words[0] not in _PAST_VERBS and not (words[0].endswith("ed") and len(words[0]) > 4)


def _in_sentence(title: str) -> str:
    """A title inside a sentence: "The Kafka course" → "the Kafka course" (names kept)."""
    first, _sep, rest = title.partition(" ")
    return f"{first.lower()} {rest}" if first in ("The", "A", "An") and rest else title


def upskill_news(items: list[Upskill]) -> str:
    """The upskill step worth telling someone about: "I finished the Kafka course"."""
    for item in items:
        if item.done:
            return f"I finished {_in_sentence(item.title)}"
    for item in items:
        if item.progress > 0:
            return f"I am {item.progress}% of the way through {_in_sentence(item.title)}"
    return ""


def prefill(
    kind: DraftKind, them: Them, job: Job, me: Me, targets: Targets, app: App | None = None
) -> dict[str, str]:
    """The kind's questions answered from the context where it can (the user may change them)."""
    app = app or App()
    note = topic_of(them.last_touch_note)
    if app.role and note.endswith(f"{app.role} at {app.company}"):
        note = ""  # the touch the application logged itself says nothing about the talk
    if app.met_notes:
        note = topic_of(app.met_notes)
    role_line = " at ".join(x for x in (them.title, them.company) if x)
    interviewed = "interview" if them.last_touch_kind == "interview" else ""
    done = sorted((u for u in app.upskill if u.done), key=lambda u: u.done_at, reverse=True)
    finished = done[0].title if done else ""  # the latest finished
    candidates = {
        "topic": note if kind is DraftKind.THANK_YOU else (me.topics[0] if me.topics else ""),
        "stage": app.met_at or interviewed,
        "news": upskill_news(app.upskill),
        "milestone": finished,
        "shared": note,
        "new_role": role_line,
        "memory": them.how_met,
        "reason": them.how_met or note,
        "role": job.title or app.role,
        "why_them": them.title,
        "thanks": them.name if kind is DraftKind.POST_MILESTONE else "",
        "roles": " or ".join(targets.titles),
    }
    return {q.key: candidates.get(q.key, "") for q in kind_info(kind).questions}


_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
_MET_AT = {
    StageKind.SCREENING: "screening call",
    StageKind.INTERVIEW: "interview",
    StageKind.ASSESSMENT: "assessment",
    StageKind.FINAL: "final round",
}


def met_at(kind: StageKind, round: int | None) -> str:
    """A stage as a message names it: "final round", "second interview"."""
    if kind is StageKind.INTERVIEW and round in _ORDINALS:
        return f"{_ORDINALS[round]} interview"
    return _MET_AT.get(kind, "")


def upskill_to_mention(
    user: User, contact: Contact | None, application: Application | None
) -> list[Upskill]:
    """Upskill steps done or under way: those closing this application's feedback first, then
    what ``progress_to_mention`` offers for the contact (the gaps they named first), and the
    step finished last."""
    from service.applications.playbook import progress_to_mention

    items: list[UpskillItem] = []
    if application is not None:
        feedback_ids = [f.id for f in application.feedback]
        if feedback_ids:
            items += db.session.scalars(
                sa.select(UpskillItem)
                .where(
                    UpskillItem.user_id == user.id,
                    UpskillItem.feedback_id.in_(feedback_ids),
                    sa.or_(UpskillItem.progress > 0, UpskillItem.done_at.is_not(None)),
                )
                .order_by(
                    UpskillItem.done_at.is_(None), UpskillItem.progress.desc(), UpskillItem.id
                )
            )
    items += progress_to_mention(user, contact.id if contact is not None else 0)
    latest = db.session.scalars(
        sa.select(UpskillItem)
        .where(UpskillItem.user_id == user.id, UpskillItem.done_at.is_not(None))
        .order_by(UpskillItem.done_at.desc(), UpskillItem.id.desc())
        .limit(1)
    ).first()
    unique = list({item.id: item for item in items}.values())[:3]
    if latest is not None and latest not in unique:
        unique.append(latest)  # what a milestone post is about
    return [
        Upskill(
            _clean(u.title),
            u.kind.value,
            u.progress,
            u.done_at is not None,
            u.done_at.isoformat() if u.done_at else "",
        )
        for u in unique
    ]


def application_from(
    application: Application | None, upskill: list[Upskill], *, today: date | None = None
) -> App:
    """The application as plain values (only the upskill steps when there is none); a meeting
    still to come is not one the user can thank anyone for."""
    if application is None:
        return App(upskill=upskill)
    stages = list(application.stages)
    day = today or today_utc()
    meetings = [s for s in stages if s.kind.is_meeting and s.occurred_on <= day]
    applied = [s.occurred_on for s in stages if s.kind is StageKind.APPLIED]
    rejected = [s.occurred_on for s in stages if s.kind is StageKind.REJECTED]
    people: dict[int, str] = {}
    for stage in stages:
        for person in stage.people:
            people.setdefault(
                person.id, full_name(_clean(person.first_name), _clean(person.last_name))
            )
    givers = [
        full_name(_clean(f.contact.first_name), _clean(f.contact.last_name)) if f.contact else ""
        for f in application.feedback
    ]
    feedback: list[dict[str, Any]] = [
        {"text": _clean(f.text), "categories": list(f.category_labels), "from": giver}
        for f, giver in zip(application.feedback, givers, strict=True)
    ]
    return App(
        role=_clean(application.role),
        company=_clean(application.company.name),
        stage=application.stage.value,
        met_at=met_at(meetings[-1].kind, meetings[-1].round) if meetings else "",
        met_notes=_clean(meetings[-1].notes) if meetings else "",
        applied_on=(applied[0] if applied else application.created_at.date()).isoformat(),
        last_stage_on=stages[-1].occurred_on.isoformat() if stages else "",
        rejected_on=rejected[-1].isoformat() if rejected else "",
        people=list(people.values()),
        feedback=feedback,
        feedback_from=[giver for giver in givers if giver],
        upskill=upskill,
    )


def build_context(
    user: User,
    kind: DraftKind,
    *,
    tone: DraftTone = DraftTone.WARM,
    contact: Contact | None = None,
    vacancy: Vacancy | None = None,
    pasted: str = "",
    facts: dict[str, str] | None = None,
    application: Application | None = None,
) -> DraftContext:
    """The context from the user's own rows; their facts override what was prefilled.

    With an application (the user's own: the caller checks), the message is about it: its role
    and company stand in for a vacancy, and its stages, feedback and upskill steps prefill the
    questions."""
    about = db.session.get(AboutYou, user.id)
    me = me_from(about, user)
    them = them_from(contact)
    company = None
    match = None
    if vacancy is not None:
        company = db.session.scalars(
            sa.select(Company)
            .join(Watch, Watch.company_id == Company.id)
            .where(Watch.user_id == user.id, Watch.source_id == vacancy.source_id)
            .limit(1)
        ).first()
        match = db.session.scalars(
            sa.select(Match).where(Match.user_id == user.id, Match.vacancy_id == vacancy.id)
        ).first()
    if contact is not None and not them.company and company is not None:
        them.company = company.name
    job = job_from(vacancy, company, match)
    if application is not None:
        job.title = job.title or _clean(application.role)
        job.company = job.company or _clean(application.company.name)
        if contact is not None and not them.company:
            them.company = job.company
    wants_upskill = application is not None or kind in (
        DraftKind.KEEP_IN_TOUCH,
        DraftKind.POST_MILESTONE,
    )
    upskill = upskill_to_mention(user, contact, application) if wants_upskill else []
    app = application_from(application, upskill)
    profiles = list(
        db.session.scalars(
            sa.select(TargetProfile).where(
                TargetProfile.user_id == user.id, TargetProfile.active.is_(True)
            )
        )
    )
    targets = targets_from(profiles)
    given = {k: _clean(v) for k, v in (facts or {}).items() if v and v.strip()}
    filled = {**prefill(kind, them, job, me, targets, app), **given}
    return DraftContext(kind, tone, me, them, job, targets, pasted.strip(), filled, app)
