"""The Jinja2 sandbox drafts are rendered in (only jinja2 imported: the child process loads it).

An immutable sandbox, narrowed further: no attribute but a few string methods, a short list of
filters, bounded ``range`` and arithmetic, and output counted while it is produced. A user's
template is rendered in a child process that adds a time and memory limit (see sandbox.py).
"""

from __future__ import annotations

import hashlib
import operator
import re
from collections.abc import Callable
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_RANGE = 1000
MAX_VALUE_CHARS = 20_000
MAX_OUTPUT_CHARS = 20_000

_STR_METHODS = frozenset(
    {"upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith",
     "endswith", "split", "replace", "isdigit"}
)  # fmt: skip
_FILTERS = [
    "capitalize",
    "default",
    "e",
    "first",
    "join",
    "last",
    "length",
    "list",
    "lower",
    "replace",
    "reverse",
    "select",
    "reject",
    "sort",
    "string",
    "title",
    "trim",
    "truncate",
    "upper",
    "wordcount",
    "unique",
    "count",
]
_LINE = re.compile(r"[ \t]+")


class OutputTooLong(Exception):
    """The template produced more than MAX_OUTPUT_CHARS."""


def pick_for(seed: int) -> Callable[..., str]:
    """``pick(key, option, …)``: one non-empty option, always the same for a seed and key."""

    def pick(key: str, *options: Any) -> Any:
        choices = [o for o in options if o]
        if not choices:
            return ""
        digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
        return choices[int.from_bytes(digest[:4], "big") % len(choices)]

    return pick


_COMMON_FIRST = frozenset(
    [
        "the",
        "a",
        "an",
        "our",
        "my",
        "we",
        "your",
        "how",
        "what",
        "why",
        "that",
        "this",
        "when",
        "where",
        "which",
        "who",
        "it",
        "its",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "after",
        "before",
        "during",
        "since",
        "about",
        "one",
        "two",
        "three",
        "some",
        "most",
        "more",
        "less",
    ]
)


def lower_first(text: str) -> str:
    """ "The demo went well" → "the demo went well"; "API limits" and "Zoë" stay as written."""
    first = text.split(" ")[0]
    lowered = first.lower()
    if (
        first[:1].isupper()
        and first[1:].islower()
        and (lowered in _COMMON_FIRST or (lowered.endswith("ing") and len(lowered) > 5))
    ):
        return text[0].lower() + text[1:]
    return text


def upper_first(text: str) -> str:
    """The text with a capital first letter (the rest as written)."""
    return text[:1].upper() + text[1:]


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple | dict) else 0


class DraftSandbox(ImmutableSandboxedEnvironment):
    """Templates see plain values only: dict keys, some string methods, a few filters."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, loader: BaseLoader | None = None) -> None:
        super().__init__(
            loader=loader,
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.filters = {name: self.filters[name] for name in _FILTERS}
        self.tests = {k: v for k, v in self.tests.items() if k not in ("callable",)}
        self.filters["lower_first"] = lower_first
        self.filters["upper_first"] = upper_first
        self.globals = {"range": self._range}

    def _range(self, *args: int) -> range:
        rng = range(*args)
        if len(rng) > MAX_RANGE:
            raise SecurityError(f"range() is limited to {MAX_RANGE} items in a draft template")
        return rng

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str):
            return attr in _STR_METHODS
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        return super().is_safe_callable(obj)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("exponents above 64 are not allowed in a draft template")
            return operator.pow(left, right)
        if operator_ == "*":
            sized = max(_size(left), _size(right))
            count = right if _size(left) else left
            if sized and isinstance(count, int) and sized * count > MAX_VALUE_CHARS:
                raise SecurityError(
                    f"a value longer than {MAX_VALUE_CHARS:,} characters is not allowed"
                )
            return operator.mul(left, right)
        result = operator.add(left, right)
        if _size(result) > MAX_VALUE_CHARS:
            raise SecurityError(
                f"a value longer than {MAX_VALUE_CHARS:,} characters is not allowed"
            )
        return result


def render_bounded(template: Template, variables: dict[str, Any]) -> tuple[str, str]:
    """The body (counted while produced) and the template's ``title`` (set at its top level)."""
    parts: list[str] = []
    total = 0
    for chunk in template.generate(variables):
        total += len(chunk)
        if total > MAX_OUTPUT_CHARS:
            raise OutputTooLong(f"the template produced more than {MAX_OUTPUT_CHARS:,} characters")
        parts.append(chunk)
    title = getattr(template.make_module(variables), "title", "")
    return "".join(parts), str(title)[:1000]


def tidy(text: str) -> str:
    """Template output as prose: within a paragraph lines join with a space; a line starting
    with ``|`` stays a line of its own; blank lines separate paragraphs."""
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        lines: list[str] = []
        joined: list[str] = []
        for raw in block.split("\n"):
            line = _LINE.sub(" ", raw).strip()
            if line.startswith("|"):
                if joined:
                    lines.append(" ".join(joined))
                    joined = []
                if line[1:].strip():
                    lines.append(line[1:].strip())
            elif line:
                joined.append(line)
        if joined:
            lines.append(" ".join(joined))
        if lines:
            paragraphs.append("\n".join(lines))
    body = "\n\n".join(paragraphs)
    body = re.sub(r" +([,.;:!?])", r"\1", body)
    return re.sub(r"([.!?])\.", r"\1", body)
