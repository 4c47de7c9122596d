"""Renders one user template in a child process, under a memory and CPU limit.

Reads {"source", "variables", "seed", "memory_mb", "cpu_seconds"} as JSON on stdin and writes
{"ok": true, "body", "title"} or {"ok": false, "kind", "message"} on stdout. Imports only
jinja2 and its sibling sandbox_env (run as a script, not through the service package).
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path


def main() -> None:
    request = json.loads(sys.stdin.read())
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
    from sandbox_env import DraftSandbox, OutputTooLong, pick_for, render_bounded

    memory = int(request["memory_mb"]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(request["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    variables = dict(request["variables"])
    variables["pick"] = pick_for(int(request["seed"]))
    try:
        template = DraftSandbox().from_string(request["source"])
        body, title = render_bounded(template, variables)
        answer = {"ok": True, "body": body, "title": title}
    except SecurityError as exc:
        answer = {"ok": False, "kind": "security", "message": str(exc)}
    except TemplateSyntaxError as exc:
        answer = {"ok": False, "kind": "syntax", "message": f"line {exc.lineno}: {exc.message}"}
    except UndefinedError as exc:
        answer = {"ok": False, "kind": "undefined", "message": str(exc)}
    except OutputTooLong as exc:
        answer = {"ok": False, "kind": "output", "message": str(exc)}
    except MemoryError:
        answer = {"ok": False, "kind": "memory", "message": "out of memory"}
    except RecursionError:
        answer = {"ok": False, "kind": "recursion", "message": "recursion too deep"}
    except (TemplateError, TypeError, ValueError, KeyError, IndexError, ZeroDivisionError) as exc:
        answer = {"ok": False, "kind": "error", "message": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
