"""The user's voice, from their own writing samples: a formal note or a writer who never uses
contractions gets none ("I would", not "I'd"; quoted words stay as written); the variant whose
sentences are closest in length to theirs is chosen; a writer who uses emoji gets their favourite
on a post (never on a formal one or a message)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import partial

_CONTRACTED = re.compile(r"\b\w+['\u2019](?:m|re|ve|d|ll|s|t)\b", re.IGNORECASE)
_QUOTED = re.compile(r"(\"[^\"\n]*\"|\u201c[^\u201d\n]*\u201d)")
_EXPANSIONS = [
    (r"it's been", "it has been"),
    (r"I'd", "I would"),
    (r"I've", "I have"),
    (r"I'm", "I am"),
    (r"I'll", "I will"),
    (r"you're", "you are"),
    (r"you've", "you have"),
    (r"we're", "we are"),
    (r"it's", "it is"),
    (r"that's", "that is"),
    (r"don't", "do not"),
    (r"doesn't", "does not"),
    (r"didn't", "did not"),
    (r"won't", "will not"),
    (r"can't", "cannot"),
    (r"isn't", "is not"),
    (r"wasn't", "was not"),
]
_PATTERNS = [
    (re.compile(r"\b" + short.replace("'", "['\u2019]") + r"\b", re.IGNORECASE), long)
    for short, long in _EXPANSIONS
]


def avoids_contractions(samples: list[str]) -> bool:
    """Whether the user's samples (30 words or more in all) never contract."""
    text = " ".join(samples)
    return len(text.split()) >= 30 and not _CONTRACTED.search(text)


def _expand(segment: str) -> str:
    for pattern, long in _PATTERNS:
        segment = pattern.sub(partial(_keep_case, long), segment)
    return segment


def _keep_case(long: str, found: re.Match[str]) -> str:
    return long[0].upper() + long[1:] if found.group(0)[0].isupper() else long


def expand_contractions(text: str) -> str:
    """ "I'd be glad" → "I would be glad", outside quotation marks only."""
    parts = _QUOTED.split(text)
    return "".join(part if _QUOTED.fullmatch(part) else _expand(part) for part in parts)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W_][\w'\u2019-]*")


def mean_sentence_words(text: str) -> float:
    """Words per sentence (lines and ., !, ? end one; empty pieces are not sentences)."""
    counts = [len(_WORD.findall(piece)) for piece in _SENTENCE_END.split(text)]
    counts = [n for n in counts if n]
    return sum(counts) / len(counts) if counts else 0.0


def sentence_length_of(samples: list[str]) -> float | None:
    """The user's words per sentence, when the samples (30 words or more) can tell."""
    text = "\n".join(samples)
    return mean_sentence_words(text) if len(_WORD.findall(text)) >= 30 else None


def is_emoji(ch: str) -> bool:
    return ord(ch) >= 0x1F300 and unicodedata.category(ch) == "So"


def favourite_emoji(samples: list[str]) -> str:
    """The emoji the user writes most often ("" for a writer who uses none)."""
    found = Counter(ch for sample in samples for ch in sample if is_emoji(ch))
    return found.most_common(1)[0][0] if found else ""


def with_emoji(body: str, emoji: str) -> str:
    """``emoji`` at the end of the post's opening paragraph, the way people sign a hook."""
    if not emoji or emoji in body:
        return body
    first, sep, rest = body.partition("\n\n")
    return f"{first.rstrip()} {emoji}{sep}{rest}"
