"""Board tokens a company probably uses, derived from its name and website (pure, no network).

"Acme Corp GmbH" with the website ``https://www.acme-corp.example`` gives ``acme-corp``,
``acmecorp``, ``acme``: the website's registrable label first (companies often name their board
after their domain), then the name without its legal form, then with the weaker words of it
("Corp") kept. Accents are folded ("Müller" → "muller"), punctuation dropped, every token is a
valid DNS label (``[a-z0-9-]``, at most 63 characters, no hyphen at either end) and at most
`MAX_TOKENS` come back, each once.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from enum import StrEnum
from urllib.parse import urlsplit

MAX_TOKENS = 4
MAX_LENGTH = 63

# Words stripped from the end of a name: legal forms, and weaker words a board name may keep.
WEAK_WORDS = frozenset({"co", "company", "corp", "corporation", "group", "holding", "holdings"})
LEGAL_WORDS = WEAK_WORDS | {
    *("ab", "ag", "aps", "as", "asa", "bv", "cv", "gbr", "gmbh", "inc", "incorporated", "kg"),
    *("kgaa", "kk", "limited", "llc", "llp", "lp", "ltd", "mbh", "nv", "oy", "oyj", "plc"),
    *("pte", "pty", "sa", "sarl", "sas", "se", "sl", "spa", "srl", "ug"),
}
# The labels before a country code that are part of the registrable suffix (acme.co.uk).
SECOND_LEVEL = frozenset({"ac", "co", "com", "edu", "gov", "ltd", "net", "org", "plc"})
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"})
_JOINED = re.compile(r"[.'`\u2019\u00b4]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_TOKEN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


class TokenForm(StrEnum):
    """How a board kind spells a token."""

    SLUG = "slug"
    """Lower case, hyphens kept: ``acme-corp``."""
    COMPACT = "compact"
    """Lower case, no hyphens: ``acmecorp``."""
    CAMEL = "camel"
    """Each word capitalised, joined: ``AcmeCorp`` (SmartRecruiters' company identifiers)."""


def fold(text: str) -> str:
    """``text`` in lower-case ASCII: accents and ligatures folded, everything else dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def _words(text: str) -> list[str]:
    """The words of ``text``; dots and apostrophes join ("S.A." → "sa", "O'Neil" → "oneil")."""
    return [word for word in _NOT_WORD.split(fold(_JOINED.sub("", text))) if word]


def _name_stages(name: str) -> list[list[str]]:
    """The name's words without its legal form, then with its weak words ("Corp") put back."""
    words = _words(name)
    stages = [words]
    while len(words) > 1 and words[-1] in LEGAL_WORDS:
        words = words[:-1]
        stages.append(words)
    bare = stages[-1]
    weak = [s for s in reversed(stages[:-1]) if all(w in WEAK_WORDS for w in s[len(bare) :])]
    return [bare, *weak]


def _joined(words: list[str]) -> list[str]:
    """A token of ``words`` without hyphens, then with."""
    return ["".join(words), "-".join(words)] if len(words) > 1 else list(words)


def website_label(website: str | None) -> str | None:
    """The label of ``website``'s registrable domain (``www.acme.co.uk`` → ``acme``), or None."""
    if not website or not website.strip():
        return None
    text = website.strip()
    try:
        host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    except ValueError:
        return None
    try:
        ipaddress.ip_address(host.strip("[]"))
        return None
    except ValueError:
        pass
    labels = [fold(label) for label in host.rstrip(".").split(".") if label]
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else None)


def _website_tokens(website: str | None) -> list[str]:
    """The website's label as it is spelled, then without its hyphens."""
    label = website_label(website)
    return [label, label.replace("-", "")] if label else []


def candidate_tokens(
    name: str, website: str | None = None, *, limit: int = MAX_TOKENS
) -> list[str]:
    """Up to ``limit`` likely board tokens of a company, most likely first, each a DNS label."""
    found: list[str] = []
    name_tokens = [t for stage in _name_stages(name or "") for t in _joined(stage)]
    for token in [*_website_tokens(website), *name_tokens]:
        token = token.strip("-")
        if len(token) >= 2 and _TOKEN.fullmatch(token) and token not in found:
            found.append(token)
    return found[:limit]


def spelled(token: str, form: TokenForm) -> str:
    """``token`` (a candidate token) as a board of ``form`` spells it."""
    if form is TokenForm.COMPACT:
        return token.replace("-", "")
    if form is TokenForm.CAMEL:
        return "".join(part.capitalize() for part in token.split("-"))
    return token
