"""The optional writer: any OpenAI-compatible chat-completions endpoint, given the same context.

A timeout, an error status, a malformed reply, a reply cut off or one that breaks the checks
(over the limit, a placeholder left) falls back to the template writer, and the draft says why.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from service.drafting.checks import DEFAULT_LIMITS, check_draft
from service.drafting.context import DraftContext
from service.drafting.kinds import kind_info
from service.drafting.sandbox_env import tidy
from service.drafting.writer import Written, write

log = logging.getLogger(__name__)

TONES = {
    "warm": "warm and personal, never gushing",
    "concise": "short and direct: the fewest sentences that carry the point",
    "formal": "polite and formal, no contractions",
}


@dataclass(frozen=True, slots=True)
class LLMSettings:
    base_url: str
    model: str
    api_key: str = ""
    connect_timeout: float = 5
    read_timeout: float = 120
    token_field: str = "max_tokens"  # noqa: S105 - a request field's name, not a secret

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LLMSettings | None:
        """The configured endpoint, or None when LLM_BASE_URL is not set."""
        if not config.get("LLM_BASE_URL"):
            return None
        return cls(
            base_url=str(config["LLM_BASE_URL"]).rstrip("/"),
            model=str(config.get("LLM_MODEL") or ""),
            api_key=str(config.get("LLM_API_KEY") or ""),
            connect_timeout=float(config.get("LLM_CONNECT_TIMEOUT_SECONDS", 5)),
            read_timeout=float(config.get("LLM_TIMEOUT_SECONDS", 120)),
            token_field=str(config.get("LLM_TOKEN_FIELD") or "max_tokens"),
        )


class LLMFailed(Exception):
    """The endpoint gave no usable draft; ``message`` says what happened, in words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def messages_for(ctx: DraftContext, limit: int) -> list[dict[str, str]]:
    """The system and user messages: the kind, tone, limit, rules and the plain context."""
    info = kind_info(ctx.kind)
    rules = [
        f"Write a LinkedIn {info.label.lower()} for the user, in the first person.",
        f"Tone: {TONES[ctx.tone.value]}.",
        f"At most {limit} characters in all.",
        "Use only the facts given; never invent names, numbers or events.",
        "Never leave a placeholder such as [Name] or {company}: leave a sentence out instead.",
        "No filler ('I hope this finds you well', 'thrilled to announce'), at most one '!'.",
        "Reply with the text only, no preamble and no quotes around it.",
    ]
    if info.group == "article":
        rules.append("First line: the headline (at most 100 characters); then an outline of "
                     "4 to 6 numbered sections; then the opening section.")  # fmt: skip
    if info.group == "comment":
        rules.append("Pick up the post's main point and add a view or a question; no hashtags.")
    if info.group == "message" and ctx.them.greet:
        rules.append(f"Address them as {ctx.them.greet}, exactly as written.")
    if ctx.me.samples:
        rules.append("Follow the voice of the user's own writing samples (sentence length, "
                     "formality, emoji or none).")  # fmt: skip
    context = ctx.variables()
    context["me"] = {k: v for k, v in context["me"].items() if v}
    context["them"] = {k: v for k, v in context["them"].items() if v not in ("", None)}
    context["job"] = {k: v for k, v in context["job"].items() if v}
    context["application"] = {k: v for k, v in context["application"].items() if v}
    if not context["application"]:
        del context["application"]
    return [
        {"role": "system", "content": " ".join(rules)},
        {"role": "user", "content": json.dumps(context, ensure_ascii=False, indent=1)},
    ]


def _error_text(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200].strip()
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return str(error.get("message") or error.get("code") or "")[:200]
    if isinstance(body, dict) and body.get("object") == "error":
        return str(body.get("message", ""))[:200]
    return str(error or "")[:200]


def complete(settings: LLMSettings, messages: list[dict[str, str]], seed: int) -> str:
    """One chat completion's text; LLMFailed with the reason otherwise."""
    headers = {"Content-Type": "application/json"}
    if settings.api_key:
        headers["Authorization"] = f"Bearer {settings.api_key}"
    payload: dict[str, Any] = {
        "model": settings.model,
        "messages": messages,
        "temperature": 0.7,
        "seed": seed,
        "stream": False,
        settings.token_field: 1200,
    }
    url = f"{settings.base_url}/chat/completions"
    try:
        response = requests.post(
            url,
            json=payload,
            headers=headers,
            timeout=(settings.connect_timeout, settings.read_timeout),
            allow_redirects=False,
        )
    except requests.Timeout:
        raise LLMFailed(
            f"The LLM gave no reply within {settings.read_timeout:g} seconds."
        ) from None
    except requests.RequestException as exc:
        raise LLMFailed(f"The LLM server could not be reached ({type(exc).__name__}).") from None
    if response.status_code != 200:
        detail = _error_text(response)
        hint = {
            401: " (the API key was refused)",
            404: " (is the model name right, or not pulled yet?)",
            429: " (rate limit or quota)",
            503: " (the server is busy or still loading the model)",
        }.get(response.status_code, "")
        raise LLMFailed(
            f"The LLM answered HTTP {response.status_code}{hint}: {detail}".rstrip(": ")
        )
    try:
        choice = response.json()["choices"][0]
        content = choice["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMFailed("The LLM's reply was not a chat completion.") from None
    if not isinstance(content, str) or not content.strip():
        raise LLMFailed("The LLM's reply was empty.")
    if choice.get("finish_reason") == "length":
        raise LLMFailed("The LLM's reply was cut off at its token limit.")
    return content


def _as_draft(ctx: DraftContext, text: str) -> tuple[str, str]:
    text = text.strip().strip('"').strip()
    if kind_info(ctx.kind).group == "article":
        first, _, rest = text.partition("\n")
        return tidy(rest.replace("\n", "\n|")), first.lstrip("# ").strip()
    return "\n".join(line.rstrip() for line in text.splitlines()).strip(), ""


def write_with_llm(
    ctx: DraftContext,
    seed: int,
    settings: LLMSettings,
    *,
    limits: Mapping[str, int] | None = None,
    user_template: str | None = None,
) -> Written:
    """The LLM's draft when it passes the checks, else the template writer's with the reason."""
    merged = {**DEFAULT_LIMITS, **(limits or {})}
    limit = merged[kind_info(ctx.kind).limit]
    try:
        body, title = _as_draft(ctx, complete(settings, messages_for(ctx, limit), seed))
        checks = check_draft(ctx.kind, body, title, merged)
        if checks.problems:
            raise LLMFailed("The LLM's draft broke the checks: " + checks.problems[0])
    except LLMFailed as exc:
        log.warning("LLM writer fell back to templates: %s", exc.message)
        fallback = write(ctx, seed, user_template=user_template, limits=dict(merged))
        reason = " ".join(filter(None, [exc.message, fallback.fallback_reason]))
        return Written(fallback.body, fallback.title, fallback.writer, reason)
    return Written(body, title, "llm")
