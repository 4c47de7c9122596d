"""Checks shown with every draft: LinkedIn's limit for its kind, the "see more" fold, hashtags,
a readability figure, and anything left unresolved (a placeholder, template syntax)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from config import DRAFT_LIMIT_DEFAULTS
from service.drafting.kinds import kind_info
from service.models import DraftKind

# LinkedIn's limits (see the reference notes); configuration may change each one.
DEFAULT_LIMITS: dict[str, int] = dict(DRAFT_LIMIT_DEFAULTS)
FOLD_DESKTOP = (210, 5)  # characters, lines
FOLD_MOBILE = (140, 3)

PLACEHOLDER = re.compile(
    r"\{\{|\}\}|\{%|%\}|\{#|#\}"  # template syntax
    r"|\[(?:[A-Z][A-Za-z]*)(?:[ _-][A-Za-z]+)*\]"  # [Name], [Company name]
    r"|<(?:[A-Za-z]+)(?:[ _-][A-Za-z]+)*>"  # <name>, <job title>
    r"|\{[A-Za-z_]+\}"  # {name}
    r"|\bTBD\b|\bTODO\b|\bXXX*\b|_{3,}"
)
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
_VOWELS = re.compile(r"[aeiouy]+")
FILLER = (
    "i hope this message finds you well",
    "i wanted to reach out",
    "came across your profile",
    "just following up",
    "touch base",
    "pick your brain",
    "sorry to bother you",
    "to whom it may concern",
    "dear sir/madam",
    "i'm confident i'd be a great fit",
    "passionate about",
    "results-driven",
    "team player",
    "thanks for sharing",
    "love this",
    "this resonates",
    "in today's fast-paced world",
    "ever-evolving landscape",
    "game-changer",
    "future endeavors",
    "thrilled to announce",
    "excited to announce",
    "great post",
    "i'd like to add you to my professional network",
)


def limits_for(config: Mapping[str, Any] | None = None) -> dict[str, int]:
    """The limits in force: the defaults, with the app's DRAFT_LIMITS on top."""
    merged = dict(DEFAULT_LIMITS)
    merged.update((config or {}).get("DRAFT_LIMITS") or {})
    if (config or {}).get("LINKEDIN_PREMIUM"):
        merged["connection_note"] = merged["connection_note_premium"]
    return merged


@dataclass(slots=True)
class Fold:
    shown: str
    folded: bool


@dataclass(slots=True)
class Checks:
    characters: int
    limit: int
    limit_name: str
    within_limit: bool
    title_characters: int
    title_limit: int | None
    title_within_limit: bool
    words: int
    hashtags: list[str]
    readability: float
    """Flesch reading ease (higher is easier; 60 to 80 reads as plain English)."""
    placeholders: list[str]
    filler: list[str]
    fold_desktop: Fold
    fold_mobile: Fold
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


def fold(text: str, chars: int, lines: int) -> Fold:
    """What shows before "…see more": at most ``lines`` lines (each line break starts a new one,
    a long line wraps) and at most ``chars`` characters."""
    width = max(1, chars // lines)
    shown: list[str] = []
    used_lines = used_chars = 0
    for line in text.split("\n"):
        cost = max(1, math.ceil(len(line) / width))
        room_lines, room_chars = lines - used_lines, chars - used_chars
        if room_lines <= 0 or room_chars <= 0:
            break
        if cost > room_lines or len(line) > room_chars:
            cut = min(room_lines * width, room_chars)
            shown.append(line[:cut].rstrip())
            used_lines = lines
            break
        shown.append(line)
        used_lines += cost
        used_chars += len(line) + 1
    preview = "\n".join(shown)
    return Fold(preview, len(preview) < len(text.rstrip()))


def syllables(word: str) -> int:
    word = word.lower()
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def readability(text: str) -> float:
    """Flesch reading ease of the text (rounded; 0 for a text without words)."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    syl = sum(syllables(w) for w in words)
    score = 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (syl / len(words))
    return round(score, 1)


def placeholders(text: str) -> list[str]:
    """Leftovers no reader should see: ``{{ name }}``, ``[Name]``, ``<company>``, TBD…"""
    return [m.group(0) for m in PLACEHOLDER.finditer(text)]


def check_draft(
    kind: DraftKind, body: str, title: str = "", limits: Mapping[str, int] | None = None
) -> Checks:
    """Every check of a draft, with a list of problems in words (empty when it is fine)."""
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    info = kind_info(kind)
    limit = limits[info.limit]
    title_limit = None
    if info.group == "article":
        title_limit = limits["article_headline"]
    elif info.group == "message" and title:
        title_limit = limits["inmail_subject"]
    lowered = f"{title}\n{body}".lower().replace("\u2019", "'")
    result = Checks(
        characters=len(body),
        limit=limit,
        limit_name=info.limit,
        within_limit=len(body) <= limit,
        title_characters=len(title),
        title_limit=title_limit,
        title_within_limit=title_limit is None or len(title) <= title_limit,
        words=len(_WORD.findall(body)),
        hashtags=_HASHTAG.findall(body),
        readability=readability(body),
        placeholders=placeholders(f"{title}\n{body}"),
        filler=[p for p in FILLER if p in lowered],
        fold_desktop=fold(body, *FOLD_DESKTOP),
        fold_mobile=fold(body, *FOLD_MOBILE),
    )
    if not body.strip():
        result.problems.append("The draft is empty.")
    if not result.within_limit:
        result.problems.append(
            f"{len(body):,} characters: over the {limit:,} LinkedIn allows here."
        )
    if not result.title_within_limit:
        result.problems.append(
            f"The title has {len(title)} characters; the limit is {title_limit}."
        )
    if result.placeholders:
        result.problems.append("Unresolved placeholder: " + ", ".join(result.placeholders))
    if result.hashtags and info.group in ("message", "comment"):
        result.problems.append("Hashtags do nothing outside posts.")
    return result


def checks_text(checks: Checks) -> str:
    """The checks as the CLI prints them under the draft."""
    lines = [
        f"characters: {checks.characters:,} / {checks.limit:,} ({checks.limit_name})"
        + ("" if checks.within_limit else "  OVER"),
    ]
    if checks.title_limit is not None:
        lines.append(f"title: {checks.title_characters} / {checks.title_limit}")
    lines += [
        f"words: {checks.words}",
        f"hashtags: {len(checks.hashtags)}",
        f"readability (Flesch): {checks.readability}",
        "fold desktop: "
        + ("folds after " if checks.fold_desktop.folded else "all shown: ")
        + repr(checks.fold_desktop.shown[-60:]),
        "fold mobile: "
        + ("folds after " if checks.fold_mobile.folded else "all shown: ")
        + repr(checks.fold_mobile.shown[-60:]),
        "placeholders: " + (", ".join(checks.placeholders) or "none"),
    ]
    if checks.filler:
        lines.append("filler: " + ", ".join(checks.filler))
    lines += [f"problem: {p}" for p in checks.problems]
    return "\n".join(lines)
