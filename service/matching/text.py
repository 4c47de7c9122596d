"""Job titles and places as sets of canonical words (pure: no database, no Flask).

"Sr. Softwareentwickler (m/w/d)", "Senior Software Developer" and "Ingénieur logiciel senior"
all read as the core words {software, engineer} at the level "senior". The steps: NFKC, case
fold, accents off; gender markers, grade numerals and ids dropped; words split, compounds
split ("Datenwissenschaftler"), abbreviations, synonyms and other languages' words mapped
to English; seniority words set apart from the core words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from service.matching.vocabulary import (
    COMPOUND_HEADS,
    COMPOUND_STARTS,
    LEVELS,
    PHRASES,
    PLACES,
    REMOTE_WORDS,
    STOP,
    TOKENS,
)

_LETTER = r"(?:[mwfdxaihkv]|gn|\*|divers)"
_GENDER_GROUP = re.compile(rf"[\(\[]\s*{_LETTER}(?:\s*[/|,\\-]\s*{_LETTER})+\s*[\)\]]")
_GENDER_BARE = re.compile(rf"(?<![a-z0-9]){_LETTER}(?:\s*/\s*{_LETTER}){{1,4}}(?![a-z0-9])")
_NOUN_ENDING = re.compile(
    r"(?<=[a-z])(?:(?::|\*|_|/|\()in(?:nen)?\)?|(?:·|\.|\(|/)(?:e|se|ne|euse|rice)\)?|/a|\(a\))"
    r"(?![a-z])"
)
_WORD = re.compile(r"[a-z0-9]+[+#]*")
_GRADE = re.compile(r"\d+|[le]\d{1,2}|ic\d{1,2}")
_ENG_CONTEXT = frozenset({"manager", "director", "vp", "svp", "evp", "head", "mgr", "dir"})
_MAX_PHRASE = max(len(key) for key in PHRASES)


def fold(text: str) -> str:
    """NFKC, case-folded, accents off, one space between words."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split())


def _without_markers(text: str) -> str:
    text = _GENDER_GROUP.sub(" ", text)
    text = _GENDER_BARE.sub(" ", text)
    return _NOUN_ENDING.sub("", text)


def _split_compound(word: str) -> tuple[str, ...]:
    """ "softwareentwickler" → ("software", "entwickler"); unknown words stay whole."""
    if len(word) < 8 or word in TOKENS:
        return (word,)
    for head in COMPOUND_HEADS:
        if word.endswith(head) and len(word) - len(head) >= 2:
            start = word[: -len(head)]
            if start in COMPOUND_STARTS:
                return (COMPOUND_STARTS[start], head)
            if head in TOKENS and len(start) >= 3:  # a German/Dutch head: split any start
                return (start.rstrip("s") if start.endswith("ungs") else start, head)
    return (word,)


def _rewrite_phrases(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_PHRASE, len(words) - i), 1, -1):
            found = PHRASES.get(tuple(words[i : i + size]))
            if found is not None:
                out.extend(found)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _mapped(words: list[str]) -> list[str]:
    out: list[str] = []
    context = _ENG_CONTEXT.intersection(words)
    for word in words:
        if word in ("eng", "engineering"):  # "Engineering Manager" is not an engineer
            out.append("engineering" if context else "engineer")
        else:
            out.extend(TOKENS.get(word, (word,)))
    return out


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """The canonical words of a title, keyword or phrase, in order."""
    raw = _WORD.findall(_without_markers(fold(text)))
    split = [part for word in raw for part in _split_compound(word)]
    kept = [w for w in split if w not in STOP and not _GRADE.fullmatch(w)]
    return tuple(_rewrite_phrases(_mapped(_rewrite_phrases(kept))))


def description_words(text: str) -> str:
    """A description as " word word … " for phrase search (no compound or marker work)."""
    raw = _WORD.findall(fold(text))
    return " " + " ".join(_rewrite_phrases(_mapped(raw))) + " "


@dataclass(frozen=True, slots=True)
class Title:
    """A title read into words: its core (what the job is), its level, whether it says remote."""

    words: tuple[str, ...]
    core: frozenset[str]
    levels: frozenset[str]
    remote: bool

    @property
    def rank(self) -> int | None:
        """The highest seniority the title states (None when it states none)."""
        return max((LEVELS[w] for w in self.levels), default=None)

    @property
    def joined(self) -> str:
        return " " + " ".join(self.words) + " "


@lru_cache(maxsize=65536)
def read_title(text: str) -> Title:
    """A title's words, core and levels: level words count only beside a job word."""
    found = words(text)
    remote = not REMOTE_WORDS.isdisjoint(found)
    rest = [w for w in found if w not in REMOTE_WORDS]
    levels = {w for w in rest if w in LEVELS}
    if "member" in rest:  # "Member of Technical Staff" has no level
        levels.discard("staff")
    core = {w for w in rest if w not in levels}
    if not core:  # a bare "Principal" or "Lead" is a job, not a level
        core, levels = set(rest), set()
    return Title(found, frozenset(core), frozenset(levels), remote)


def place_words(text: str) -> str:
    """A place as " word word … " with one spelling per city or country ("München" → munich)."""
    raw = _WORD.findall(fold(text))
    mapped = [PLACES.get(w, w) for w in raw]
    joined = " ".join(_rewrite_phrases(_mapped(mapped)))
    return f" {joined} "


def says_remote(text: str | None) -> bool:
    """Whether a location or title says the job is remote ("Remote - EMEA", "Télétravail")."""
    return bool(text) and not REMOTE_WORDS.isdisjoint(words(text or ""))


def phrase_in(phrase: str, joined: str) -> bool:
    """Whether a phrase (" a b ") occurs in joined words (" x a b y ") as whole words."""
    return phrase.strip() != "" and phrase in joined
