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
from service.extensions import db
from service.models import (
    AboutYou,
    Company,
    Contact,
    DraftKind,
    DraftTone,
    Match,
    TargetProfile,
    Touch,
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
        emoji=any(_is_emoji(ch) for s in samples for ch in s),
    )


def _is_emoji(ch: str) -> bool:
    return ord(ch) >= 0x1F300 and unicodedata.category(ch) == "So"


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


def topic_of(note: str) -> str:
    """A touch's note as a topic: "Talked about the dbt migration." → "the dbt migration"."""
    topic = _TOPIC_PREFIX.sub("", note.strip()).rstrip(".!;, ")
    return topic if len(topic) <= 160 else topic[:157].rsplit(" ", 1)[0] + "…"


def prefill(kind: DraftKind, them: Them, job: Job, me: Me, targets: Targets) -> dict[str, str]:
    """The kind's questions answered from the context where it can (the user may change them)."""
    note = topic_of(them.last_touch_note)
    role_line = " at ".join(x for x in (them.title, them.company) if x)
    candidates = {
        "topic": note if kind is DraftKind.THANK_YOU else (me.topics[0] if me.topics else ""),
        "stage": "interview" if them.last_touch_kind == "interview" else "",
        "shared": note,
        "new_role": role_line,
        "memory": them.how_met,
        "reason": them.how_met or note,
        "role": job.title,
        "why_them": them.title,
        "thanks": them.name if kind is DraftKind.POST_MILESTONE else "",
        "roles": " or ".join(targets.titles),
    }
    return {q.key: candidates.get(q.key, "") for q in kind_info(kind).questions}


def build_context(
    user: User,
    kind: DraftKind,
    *,
    tone: DraftTone = DraftTone.WARM,
    contact: Contact | None = None,
    vacancy: Vacancy | None = None,
    pasted: str = "",
    facts: dict[str, str] | None = None,
) -> DraftContext:
    """The context from the user's own rows; their facts override what was prefilled."""
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
    profiles = list(
        db.session.scalars(
            sa.select(TargetProfile).where(
                TargetProfile.user_id == user.id, TargetProfile.active.is_(True)
            )
        )
    )
    targets = targets_from(profiles)
    given = {k: _clean(v) for k, v in (facts or {}).items() if v and v.strip()}
    filled = {**prefill(kind, them, job, me, targets), **given}
    return DraftContext(kind, tone, me, them, job, targets, pasted.strip(), filled)
