"""The axe-core audit the browser tests run on every page: WCAG 2.1 A/AA and best practice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RUN_AXE = """tags => axe.run(document, {
  runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
})"""


def axe_script() -> Path:
    """axe.min.js from the npm registry; a clear failure (never a skip) when it is missing."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}: run `make axe-core` (needs npm)")
    return AXE


def violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    result = page.evaluate(RUN_AXE, TAGS)
    return list(result["violations"])


def describe(url: str, found: list[dict[str, Any]]) -> str:
    """The violations on ``url`` as readable lines: rule, impact, help, then each element."""
    lines = [f"{url}: {len(found)} accessibility violation(s)"]
    for violation in found:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"      at {' '.join(node['target'])}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"         {summary[:300]}")
    return "\n".join(lines)
