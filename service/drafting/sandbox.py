"""A user's own template, rendered in a child process with a time, memory and output limit.

Whatever the template does wrong — reaching for Python internals, looping without end, growing
without bound, a syntax error — ends as TemplateFailed with a message the user can act on.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

CHILD = Path(__file__).resolve().parent / "sandbox_child.py"
TIMEOUT_SECONDS = 3
MEMORY_MB = 256

_MESSAGES = {
    "security": "Your template reached for something drafts may not use ({}). Templates see "
    "only the draft's facts (me, them, job, targets, post, facts) and a few filters.",
    "syntax": "Your template has a syntax error at {}.",
    "undefined": "Your template uses a name the context does not have ({}).",
    "output": "Your template produced too much text: {}.",
    "memory": "Your template used more than the memory a draft may use ({}).",
    "recursion": "Your template calls itself too deeply ({}).",
    "error": "Your template failed: {}.",
}


class TemplateFailed(Exception):
    """A user template could not be rendered; ``message`` says why, in words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def render_user_template(
    source: str,
    variables: dict[str, Any],
    seed: int,
    *,
    timeout: float = TIMEOUT_SECONDS,
    memory_mb: int = MEMORY_MB,
) -> tuple[str, str]:
    """(body, title) of a user template; TemplateFailed with a clear message otherwise."""
    request = json.dumps(
        {
            "source": source,
            "variables": variables,
            "seed": seed,
            "memory_mb": memory_mb,
            "cpu_seconds": max(1, int(timeout) + 1),
        }
    )
    try:
        done = subprocess.run(  # noqa: S603 - our own script, with this interpreter
            [sys.executable, "-I", str(CHILD)],
            input=request,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={},
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TemplateFailed(
            f"Your template ran for more than {timeout:g} seconds (a loop without end?)."
        ) from None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        if "MemoryError" in done.stderr or done.returncode in (-9, 137):
            raise TemplateFailed(_MESSAGES["memory"].format(f"{memory_mb} MB")) from None
        if done.returncode in (-24, 152):  # SIGXCPU
            raise TemplateFailed(
                f"Your template ran for more than {timeout:g} seconds (a loop without end?)."
            ) from None
        raise TemplateFailed(
            f"Your template stopped the renderer (exit status {done.returncode})."
        ) from None
    if not answer.get("ok"):
        kind = answer.get("kind", "error")
        raise TemplateFailed(_MESSAGES.get(kind, _MESSAGES["error"]).format(answer.get("message")))
    return str(answer["body"]), str(answer["title"])
