"""`nextround serve`: everything a newcomer needs on one machine, started and stopped together.

Migrates the database, starts an embedded Redis when ``REDIS_URL`` is unset, then gunicorn and
an RQ worker and the tick, prints the URL, and on Ctrl-C (or when any child dies) stops them all.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask_migrate import upgrade

from service.embedded_redis import EmbeddedRedis

log = logging.getLogger(__name__)


def _children(host: str, port: int, web_workers: int) -> list[list[str]]:
    python = sys.executable
    web = [
        python,
        "-m",
        "gunicorn",
        "--no-control-socket",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(web_workers),
        "--threads",
        "4",
        "--access-logfile",
        "-",
        "service:create_app()",
    ]
    return [web, [python, "-m", "workers"], [python, "-m", "workers.tick"]]


def _supervise(processes: list[subprocess.Popen[bytes]]) -> int:
    """Wait until a child exits or we are interrupted; return the exit code to use."""
    stop = {"signal": False}

    def _on_signal(signum: int, _frame: Any) -> None:
        stop["signal"] = True

    signal.signal(signal.SIGTERM, _on_signal)
    try:
        while not stop["signal"]:
            for proc in processes:
                if proc.poll() is not None:
                    log.error("process %s exited with %s; stopping", proc.args, proc.returncode)
                    return proc.returncode or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    return 0


def _terminate(processes: list[subprocess.Popen[bytes]]) -> None:
    for proc in processes:
        if proc.poll() is None:
            proc.terminate()
    for proc in processes:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def check_port_free(host: str, port: int) -> None:
    """Fail early and clearly when the port is taken (before anything is started)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise click.ClickException(
                f"{host}:{port} is already in use ({exc.strerror}). Stop what uses it, or choose "
                f"another port: PORT={port + 1} make run"
            ) from exc


def run_everything(app: Flask, host: str, port: int, web_workers: int, embedded: bool) -> int:
    """Start Redis (if embedded), migrate, start web + worker; block until stopped."""
    check_port_free(host, port)
    with contextlib.ExitStack() as stack:
        if embedded:
            stack.enter_context(EmbeddedRedis(Path(app.instance_path)))
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
        env = dict(os.environ, SECRET_KEY=app.config["SECRET_KEY"])
        processes = [subprocess.Popen(cmd, env=env) for cmd in _children(host, port, web_workers)]  # noqa: S603
        stack.callback(_terminate, processes)
        click.echo(f"\n  Next Round is running: open http://{host}:{port}/  (Ctrl-C stops it)\n")
        return _supervise(processes)
    return 0
