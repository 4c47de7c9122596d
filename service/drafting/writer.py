"""The default writer: the kind's Jinja2 template, rendered in the sandbox, filled from the
context; a variant chosen by the seed. A user's own template is tried first when they keep
one; if it fails or leaves something unresolved, the default is used and the reason kept."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader

from service.drafting.checks import DEFAULT_LIMITS, PLACEHOLDER, check_draft, placeholders
from service.drafting.context import DraftContext
from service.drafting.kinds import kind_info
from service.drafting.sandbox import TemplateFailed, render_user_template
from service.drafting.sandbox_env import DraftSandbox, pick_for, render_bounded, tidy
from service.drafting.voice import (
    avoids_contractions,
    expand_contractions,
    favourite_emoji,
    mean_sentence_words,
    sentence_length_of,
    with_emoji,
)
from service.models import DraftTone

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "drafts"


class WriterError(Exception):
    """The default writer produced something it must never produce (a bug, not user input)."""


@dataclass(frozen=True, slots=True)
class Written:
    body: str
    title: str
    writer: str  # template | user-template | llm
    fallback_reason: str | None = None


@cache
def _environment() -> DraftSandbox:
    return DraftSandbox(loader=FileSystemLoader(str(TEMPLATES)))


VOICE_CANDIDATES = 3
"""Variants rendered to find the one closest to the user's sentence length."""


def default_seed(*parts: object) -> int:
    """A stable seed from what the draft is about (kind, recipient, vacancy)."""
    return zlib.crc32(":".join(str(p) for p in parts).encode())


def template_source(kind: str) -> str:
    """The default template of a kind, for a user to copy and change."""
    return (TEMPLATES / f"{kind_info(kind).kind.value}.j2").read_text(encoding="utf-8")


def _without_placeholders(value: Any) -> Any:
    """Context values with anything that reads as a placeholder taken out ("TBD", "[Name]",
    "{{ x }}" typed into a fact): the default writer never passes one on."""
    if isinstance(value, str):
        return " ".join(PLACEHOLDER.sub(" ", value).split())
    if isinstance(value, list):
        return [_without_placeholders(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_placeholders(v) for k, v in value.items()}
    return value


def write_default(ctx: DraftContext, seed: int) -> Written:
    """The kind's default template filled from the context (never with a placeholder left).

    With writing samples to go by, the variant (of three seeds from ``seed``) whose sentences are
    closest in length to the user's is chosen, and a post gets the user's favourite emoji.
    """
    target = sentence_length_of(ctx.me.samples)
    if target is None:
        body, title = _render(ctx, seed)
    else:
        drafts = [_render(ctx, seed + n) for n in range(VOICE_CANDIDATES)]
        body, title = min(drafts, key=lambda d: abs(mean_sentence_words(d[0]) - target))
    if ctx.tone is DraftTone.FORMAL or avoids_contractions(ctx.me.samples):
        body = expand_contractions(body)
    if kind_info(ctx.kind).group == "post" and ctx.tone is not DraftTone.FORMAL:
        body = with_emoji(body, favourite_emoji(ctx.me.samples))
    left = placeholders(f"{title}\n{body}")
    if left:
        raise WriterError(f"the {ctx.kind.value} template left {left!r}")
    return Written(body, title, "template")


def _render(ctx: DraftContext, seed: int) -> tuple[str, str]:
    variables = {**_without_placeholders(ctx.variables()), "pick": pick_for(seed), "seed": seed}
    template = _environment().get_template(f"{ctx.kind.value}.j2")
    body, title = render_bounded(template, variables)
    return tidy(body), " ".join(title.split())


def write(
    ctx: DraftContext,
    seed: int,
    *,
    user_template: str | None = None,
    limits: dict[str, int] | None = None,
) -> Written:
    """The user's template when they keep one and it works, else the default."""
    if not user_template:
        return write_default(ctx, seed)
    try:
        variables = {**ctx.variables(), "seed": seed}
        raw_body, raw_title = render_user_template(user_template, variables, seed)
    except TemplateFailed as exc:
        return _fallback(ctx, seed, exc.message)
    body, title = tidy(raw_body), " ".join(raw_title.split())
    checks = check_draft(ctx.kind, body, title, {**DEFAULT_LIMITS, **(limits or {})})
    if checks.problems:
        return _fallback(ctx, seed, "Your template's draft was not usable: " + checks.problems[0])
    return Written(body, title, "user-template")


def _fallback(ctx: DraftContext, seed: int, reason: str) -> Written:
    default = write_default(ctx, seed)
    return Written(default.body, default.title, default.writer, reason + " The default was used.")
