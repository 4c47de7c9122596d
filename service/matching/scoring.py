"""Scoring a vacancy against a target profile, with the reasons in plain words (pure).

A profile is compiled once per run (its titles, keywords and places read into words), a
vacancy is read once, and :class:`Matcher` indexes many profiles by their telling words so
that only the profiles sharing one with a vacancy are scored at all: every other pair scores
0 by construction (a score needs a title word or a keyword in common).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from service.matching.text import (
    Title,
    description_words,
    phrase_in,
    place_words,
    read_title,
    says_remote,
    words,
)
from service.matching.vocabulary import GENERIC, LEVELS

FULL_TITLE = 60
CLOSE_TITLE = 30
KEYWORD_IN_TITLE, KEYWORD_IN_TEXT, KEYWORDS_CAP = 10, 5, 20
LEVEL_RIGHT, LEVEL_NEAR, LEVEL_WRONG = 10, -5, -40
PLACE_RIGHT, PLACE_WRONG = 10, -40
DEPARTMENT_RIGHT, DEPARTMENT_WRONG = 5, -10


class ProfileLike(Protocol):
    """What the scorer reads of a target profile (the model, or anything shaped like it)."""

    id: int
    user_id: int
    titles: list[str]
    keywords: list[str]
    excluded: list[str]
    locations: list[str]
    remote: bool
    seniority: list[str]
    departments: list[str]
    min_score: int


@dataclass(frozen=True, slots=True)
class Phrase:
    """Something the user wrote, and its words for searching."""

    label: str
    joined: str


@dataclass(frozen=True, slots=True)
class CompiledProfile:
    id: int
    user_id: int
    min_score: int
    titles: tuple[tuple[str, Title], ...]
    keywords: tuple[Phrase, ...]
    excluded: tuple[Phrase, ...]
    locations: tuple[Phrase, ...]
    departments: tuple[Phrase, ...]
    remote: bool
    levels: frozenset[str]

    def title_words(self) -> set[str]:
        """Title words a vacancy's title must share with this profile for title points."""
        found: set[str] = set()
        for _, title in self.titles:
            found |= (title.core - GENERIC) or title.core
        return found

    def keyword_words(self) -> set[str]:
        """The first word of each keyword (a keyword hit needs it in the title or text)."""
        return {keyword.joined.split()[0] for keyword in self.keywords}


def _phrases(texts: Iterable[str]) -> tuple[Phrase, ...]:
    out = []
    for text in texts:
        found = words(text)
        if found:
            out.append(Phrase(text.strip(), " " + " ".join(found) + " "))
    return tuple(out)


def _places(texts: Iterable[str]) -> tuple[Phrase, ...]:
    return tuple(Phrase(t.strip(), place_words(t)) for t in texts if place_words(t).strip())


def level_words(texts: Iterable[str]) -> frozenset[str]:
    """The seniority words among ``texts`` ("Sr." → senior); other words are ignored."""
    return frozenset(w for text in texts for w in words(text) if w in LEVELS)


def compile_profile(profile: ProfileLike) -> CompiledProfile:
    """Read a profile's phrases into words once (a run scores it against many vacancies)."""
    titles = tuple((t.strip(), read_title(t)) for t in profile.titles if read_title(t).core)
    return CompiledProfile(
        id=profile.id,
        user_id=profile.user_id,
        min_score=profile.min_score,
        titles=titles,
        keywords=_phrases(profile.keywords),
        excluded=_phrases(profile.excluded),
        locations=_places(profile.locations),
        departments=_phrases(profile.departments),
        remote=profile.remote,
        levels=level_words(profile.seniority),
    )


@dataclass(frozen=True, slots=True)
class VacancyText:
    """A vacancy read into words once per run."""

    title: Title
    location: str | None
    place: str
    remote: bool
    department: str | None
    department_words: str
    other_words: str
    description: str
    description_set: frozenset[str]


def read_vacancy(
    title: str,
    *,
    location: str | None = None,
    remote: bool | None = None,
    department: str | None = None,
    employment_type: str | None = None,
    description: str | None = None,
) -> VacancyText:
    read = read_title(title)
    text = description_words(description or "")
    return VacancyText(
        title=read,
        location=location,
        place=place_words(f"{location or ''} {title}"),
        remote=bool(remote) or read.remote or says_remote(location),
        department=department,
        department_words=" " + " ".join(words(department or "")) + " ",
        other_words=" " + " ".join(words(f"{department or ''} {employment_type or ''}")) + " ",
        description=text,
        description_set=frozenset(text.split()),
    )


@dataclass(frozen=True, slots=True)
class Boosts:
    """How much each company fact adds (from the user's match settings)."""

    past_employer: int = 15
    rejected_me: int = 15
    known_contact: int = 10
    favourite: int = 10


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    """What the user's records say about the vacancy's company."""

    name: str = ""
    past_employer: bool = False
    rejected_me: bool = False
    favourite: bool = False
    blocked: bool = False
    decision_maker: str | None = None
    """The name of a decision maker (or hiring manager) the user knows there."""
    contact: str | None = None
    """The name of anyone else the user knows there (when no decision maker)."""


NO_FACTS = CompanyFacts()


@dataclass(slots=True)
class Scored:
    profile_id: int
    score: int
    matched: bool
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Tally:
    points: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, points: int, reason: str) -> None:
        self.points += points
        self.reasons.append(reason)


def score(
    profile: CompiledProfile,
    vacancy: VacancyText,
    company: CompanyFacts = NO_FACTS,
    boosts: Boosts | None = None,
) -> Scored:
    """How well ``vacancy`` fits ``profile`` (0-100) and why."""
    excluded = _excluded(profile, vacancy)
    if excluded is not None:
        return Scored(profile.id, 0, False, [excluded])
    if company.blocked:
        return Scored(profile.id, 0, False, [f"you blocked {company.name or 'this company'}"])
    tally = _Tally()
    title_levels = _title(profile, vacancy, tally)
    _keywords(profile, vacancy, tally, title_only=not profile.titles)
    if tally.points == 0:
        return Scored(profile.id, 0, False, [])
    _level(profile.levels | title_levels, vacancy.title, tally)
    _place(profile, vacancy, tally)
    _department(profile, vacancy, tally)
    _company(company, boosts or Boosts(), tally)
    points = max(0, min(100, tally.points))
    return Scored(profile.id, points, points >= profile.min_score, tally.reasons)


def _excluded(profile: CompiledProfile, vacancy: VacancyText) -> str | None:
    for phrase in profile.excluded:
        if phrase_in(phrase.joined, vacancy.title.joined) or phrase_in(
            phrase.joined, vacancy.other_words
        ):
            return f"the title has '{phrase.label}', which you excluded"
    return None


def _title(profile: CompiledProfile, vacancy: VacancyText, tally: _Tally) -> frozenset[str]:
    """Add the best title's points; answer the levels that title asks for."""
    core = vacancy.title.core
    best: tuple[int, str, frozenset[str]] | None = None
    for label, wanted in profile.titles:
        shared = wanted.core & core
        if not shared:
            continue
        if len(shared) == len(wanted.core):
            found = (FULL_TITLE, f"title matches '{label}'", wanted.levels)
        elif shared - GENERIC and len(shared) * 2 >= len(wanted.core):
            points = CLOSE_TITLE * len(shared) // len(wanted.core)
            found = (points, f"title is close to '{label}'", wanted.levels)
        else:
            continue
        if best is None or found[0] > best[0]:
            best = found
    if best is None:
        return frozenset()
    tally.add(best[0], best[1])
    return best[2]


def _keywords(
    profile: CompiledProfile, vacancy: VacancyText, tally: _Tally, *, title_only: bool
) -> None:
    in_title, in_text = [], []
    for keyword in profile.keywords:
        if phrase_in(keyword.joined, vacancy.title.joined):
            in_title.append(keyword.label)
        elif phrase_in(keyword.joined, vacancy.description):
            in_text.append(keyword.label)
    if title_only and in_title:  # a profile of keywords alone: a keyword in the title is the job
        tally.add(FULL_TITLE, f"title mentions '{in_title[0]}'")
        in_title = in_title[1:]
    points = len(in_title) * KEYWORD_IN_TITLE + len(in_text) * KEYWORD_IN_TEXT
    if points:
        tally.add(min(points, KEYWORDS_CAP), "mentions " + ", ".join(in_title + in_text))


def _level(wanted: frozenset[str], title: Title, tally: _Tally) -> None:
    rank = title.rank
    if not wanted or rank is None:
        return
    stated = max(title.levels, key=LEVELS.__getitem__)
    distance = min(abs(rank - LEVELS[w]) for w in wanted)
    if distance == 0:
        tally.add(LEVEL_RIGHT, f"{stated} level")
    elif distance == 1:
        tally.add(LEVEL_NEAR, f"{stated} level (you asked for {_listed(wanted)})")
    else:
        tally.add(LEVEL_WRONG, f"{stated} level, not {_listed(wanted)}")


def _listed(levels: frozenset[str]) -> str:
    return " or ".join(sorted(levels, key=LEVELS.__getitem__))


def _place(profile: CompiledProfile, vacancy: VacancyText, tally: _Tally) -> None:
    for place in profile.locations:
        if phrase_in(place.joined, vacancy.place):
            tally.add(PLACE_RIGHT, f"in {place.label}")
            return
    if vacancy.remote:
        tally.add(PLACE_RIGHT if profile.remote else 0, "remote")
    elif (profile.locations or profile.remote) and vacancy.location:
        where = "remote" if not profile.locations else "in one of your places"
        tally.add(PLACE_WRONG, f"in {vacancy.location}, not {where}")


def _department(profile: CompiledProfile, vacancy: VacancyText, tally: _Tally) -> None:
    if not profile.departments or not vacancy.department:
        return
    for department in profile.departments:
        if phrase_in(department.joined, vacancy.department_words):
            tally.add(DEPARTMENT_RIGHT, f"in the {vacancy.department} department")
            return
    tally.add(DEPARTMENT_WRONG, f"in {vacancy.department}, not one of your departments")


def _company(company: CompanyFacts, boosts: Boosts, tally: _Tally) -> None:
    if company.favourite:
        tally.add(boosts.favourite, "one of your favourite companies")
    if company.past_employer:
        tally.add(boosts.past_employer, "you used to work here")
    if company.rejected_me:
        tally.add(boosts.rejected_me, "they turned you down before: a second chance")
    if company.decision_maker:
        tally.add(boosts.known_contact, f"you know {company.decision_maker} there")
    elif company.contact:
        tally.add(0, f"you know {company.contact} there")


class Matcher:
    """Many compiled profiles, indexed by their telling words."""

    def __init__(self, profiles: Sequence[CompiledProfile]) -> None:
        self.profiles = list(profiles)
        self._titles: dict[str, list[int]] = {}
        self._keywords: dict[str, list[int]] = {}
        for i, profile in enumerate(self.profiles):
            for word in profile.title_words():
                self._titles.setdefault(word, []).append(i)
            for word in profile.keyword_words():
                self._keywords.setdefault(word, []).append(i)

    def candidates(self, vacancy: VacancyText) -> set[int]:
        """Positions of the profiles that can score above 0 for this vacancy."""
        found: set[int] = set()
        titles, keywords = self._titles, self._keywords
        for word in vacancy.title.core:
            found.update(titles.get(word, ()))
        for word in vacancy.title.words:
            found.update(keywords.get(word, ()))
        if keywords:
            for word in vacancy.description_set.intersection(keywords):
                found.update(keywords[word])
        return found
