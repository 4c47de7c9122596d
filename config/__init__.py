"""Settings: the only place that reads environment variables.

``load_settings()`` picks a settings class from ``NEXTROUND_ENV`` (development, testing,
production) and returns a plain dict for ``app.config``. Every variable is documented in
``config/example.env``.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key"  # noqa: S105 - refused in production


class ConfigError(RuntimeError):
    """The environment asks for something that cannot run."""


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


# LinkedIn's limits, characters (see service/drafting/checks.py); each one is configurable.
DRAFT_LIMIT_DEFAULTS = {
    "post": 3000,
    "comment": 1250,
    "connection_note": 200,
    "connection_note_premium": 300,
    "article_headline": 100,
    "article_body": 110_000,
    "inmail_subject": 200,
    "inmail": 1900,
    "message": 8000,
}


class BaseSettings:
    """What every environment shares; subclasses change only what differs."""

    name = "base"
    DEBUG = False
    TESTING = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SECURITY_HEADERS_STRICT = False
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    RATELIMIT_HEADERS_ENABLED = True
    # Redis down: keep throttling logins in memory rather than failing every login.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
    LOGIN_LIMITS = "5 per minute;20 per hour"
    IMPORT_INLINE_MAX_ROWS = 2_000
    API_PAGE_SIZE = 50
    API_MAX_PAGE_SIZE = 500
    WATCH_MIN_INTERVAL = 300
    WATCH_HOST_GAP_MS = 1000

    def __init__(self, env: Mapping[str, str], instance_path: Path) -> None:
        self.env = env
        self.instance_path = instance_path

    def values(self) -> dict[str, Any]:
        """The settings as a dict for ``app.config``."""
        env, instance = self.env, self.instance_path
        values = {k: getattr(self, k) for k in dir(self) if k.isupper()}
        values.update(
            NEXTROUND_ENV=self.name,
            SECRET_KEY=env.get("SECRET_KEY") or self.default_secret_key(),
            SQLALCHEMY_DATABASE_URI=self.database_url(),
            REDIS_URL=env.get("REDIS_URL") or f"unix://{instance / 'redis.sock'}",
            EMBEDDED_REDIS=not env.get("REDIS_URL"),
            ALLOW_SIGNUP=_flag(env, "NEXTROUND_ALLOW_SIGNUP", False),
            LOG_LEVEL=env.get("LOG_LEVEL", "INFO").upper(),
            SQLITE_BUSY_TIMEOUT_MS=_int(env, "NEXTROUND_SQLITE_BUSY_TIMEOUT_MS", 30_000),
            RQ_QUEUE=env.get("NEXTROUND_QUEUE", "nextround"),
            IMPORT_MAX_BYTES=_int(env, "NEXTROUND_IMPORT_MAX_BYTES", 50 * 1024 * 1024),
            IMPORT_INLINE_MAX_ROWS=_int(
                env, "NEXTROUND_IMPORT_INLINE_MAX_ROWS", self.IMPORT_INLINE_MAX_ROWS
            ),
            RATELIMIT_ENABLED=_flag(env, "NEXTROUND_RATELIMIT_ENABLED", True),
            FETCH_POLICY=self.fetch_policy(),
            **self.watch_settings(),
            **self.alert_settings(),
            **self.draft_settings(),
        )
        values["RATELIMIT_STORAGE_URI"] = redis_storage_uri(values["REDIS_URL"])
        values["MAX_CONTENT_LENGTH"] = values["IMPORT_MAX_BYTES"] + 1024 * 1024  # form overhead
        values["TRUSTED_PROXIES"] = _int(env, "NEXTROUND_TRUSTED_PROXIES", 0)
        values["BOARD_BASE_URLS"] = board_base_urls(env)
        return values

    def default_secret_key(self) -> str:
        return DEFAULT_SECRET_KEY

    def database_url(self) -> str:
        url = self.env.get("DATABASE_URL") or f"sqlite:///{self.instance_path / 'nextround.db'}"
        if url.startswith("postgres://"):  # the form some hosts hand out
            url = "postgresql://" + url.removeprefix("postgres://")
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url

    def watch_settings(self) -> dict[str, Any]:
        """The vacancy watch: how often boards are read, how politely, when postings close."""
        env = self.env
        minimum = _int(env, "NEXTROUND_WATCH_MIN_INTERVAL_SECONDS", self.WATCH_MIN_INTERVAL)
        interval = _int(env, "NEXTROUND_WATCH_INTERVAL_SECONDS", 3600)
        if minimum < 0 or interval < minimum:
            raise ConfigError(
                "NEXTROUND_WATCH_INTERVAL_SECONDS must be at least "
                f"NEXTROUND_WATCH_MIN_INTERVAL_SECONDS ({minimum}), got {interval}"
            )
        return {
            "WATCH_INTERVAL_SECONDS": interval,
            "WATCH_MIN_INTERVAL_SECONDS": minimum,
            "WATCH_JITTER_PERCENT": _int(env, "NEXTROUND_WATCH_JITTER_PERCENT", 10),
            "WATCH_BACKOFF_MAX_SECONDS": _int(env, "NEXTROUND_WATCH_BACKOFF_MAX_SECONDS", 86_400),
            "WATCH_LEASE_SECONDS": _int(env, "NEXTROUND_WATCH_LEASE_SECONDS", 900),
            "WATCH_CLOSE_AFTER_MISSES": max(1, _int(env, "NEXTROUND_WATCH_CLOSE_AFTER_MISSES", 2)),
            "WATCH_HOST_GAP_MS": _int(env, "NEXTROUND_WATCH_HOST_GAP_MS", self.WATCH_HOST_GAP_MS),
            "WATCH_HOST_WAIT_SECONDS": _int(env, "NEXTROUND_WATCH_HOST_WAIT_SECONDS", 120),
            "TICK_INTERVAL_SECONDS": _int(env, "NEXTROUND_TICK_INTERVAL_SECONDS", 30),
        }

    def alert_settings(self) -> dict[str, Any]:
        """Alerts: the operator's SMTP server, links in messages, retries and pausing."""
        env = self.env
        tls = env.get("NEXTROUND_SMTP_TLS", "starttls").strip().lower() or "starttls"
        if tls not in {"none", "starttls", "ssl"}:
            raise ConfigError(f"NEXTROUND_SMTP_TLS must be none, starttls or ssl, got {tls!r}")
        return {
            "SMTP_HOST": env.get("NEXTROUND_SMTP_HOST", "").strip(),
            "SMTP_PORT": _int(env, "NEXTROUND_SMTP_PORT", 465 if tls == "ssl" else 587),
            "SMTP_USERNAME": env.get("NEXTROUND_SMTP_USERNAME", ""),
            "SMTP_PASSWORD": env.get("NEXTROUND_SMTP_PASSWORD", ""),
            "SMTP_TLS": tls,
            "SMTP_FROM": env.get("NEXTROUND_SMTP_FROM", "Next Round <nextround@localhost>"),
            "SMTP_TIMEOUT_SECONDS": _int(env, "NEXTROUND_SMTP_TIMEOUT_SECONDS", 30),
            "PUBLIC_URL": env.get("NEXTROUND_PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
            "ALERT_LEASE_SECONDS": _int(env, "NEXTROUND_ALERT_LEASE_SECONDS", 120),
            "ALERT_RETRY_BASE_SECONDS": _int(env, "NEXTROUND_ALERT_RETRY_BASE_SECONDS", 30),
            "ALERT_RETRY_MAX_SECONDS": _int(env, "NEXTROUND_ALERT_RETRY_MAX_SECONDS", 3600),
            "ALERT_MAX_ATTEMPTS": max(1, _int(env, "NEXTROUND_ALERT_MAX_ATTEMPTS", 12)),
            "CHANNEL_PAUSE_AFTER_FAILURES": max(
                1, _int(env, "NEXTROUND_CHANNEL_PAUSE_AFTER_FAILURES", 5)
            ),
        }

    def draft_settings(self) -> dict[str, Any]:
        """Drafts: LinkedIn's limits (each overridable) and the optional LLM writer."""
        env = self.env
        limits = {
            key: _int(env, f"NEXTROUND_DRAFT_LIMIT_{key.upper()}", default)
            for key, default in DRAFT_LIMIT_DEFAULTS.items()
        }
        return {
            "DRAFT_LIMITS": limits,
            "LINKEDIN_PREMIUM": _flag(env, "NEXTROUND_LINKEDIN_PREMIUM", False),
            "LLM_BASE_URL": env.get("LLM_BASE_URL", "").strip().rstrip("/"),
            "LLM_MODEL": env.get("LLM_MODEL", "").strip(),
            "LLM_API_KEY": env.get("LLM_API_KEY", ""),
            "LLM_CONNECT_TIMEOUT_SECONDS": _int(env, "LLM_CONNECT_TIMEOUT_SECONDS", 5),
            "LLM_TIMEOUT_SECONDS": _int(env, "LLM_TIMEOUT_SECONDS", 120),
            "LLM_TOKEN_FIELD": env.get("LLM_TOKEN_FIELD", "max_tokens").strip() or "max_tokens",
        }

    def fetch_policy(self) -> dict[str, Any]:
        """Keyword arguments for the safe fetcher's ``FetchPolicy``."""
        env = self.env
        contact = env.get("NEXTROUND_FETCH_CONTACT_URL", "https://github.com/nextround")
        return {
            "allow_loopback": _flag(env, "NEXTROUND_FETCH_ALLOW_LOOPBACK", False),
            "max_html_bytes": _int(env, "NEXTROUND_FETCH_MAX_HTML_BYTES", 5_000_000),
            "max_data_bytes": _int(env, "NEXTROUND_FETCH_MAX_DATA_BYTES", 20_000_000),
            "contact_url": contact,
        }


# Board discovery and collection: where each board kind's API is asked.


def board_base_urls(env: Mapping[str, str]) -> dict[str, str]:
    """``NEXTROUND_BOARD_BASE_URLS``: a JSON object of board kind -> base URL (default: none)."""
    raw = env.get("NEXTROUND_BOARD_BASE_URLS", "").strip()
    if not raw:
        return {}
    try:
        parsed = json.loads(raw)
    except ValueError as exc:
        raise ConfigError(f"NEXTROUND_BOARD_BASE_URLS is not valid JSON ({exc})") from exc
    if not isinstance(parsed, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in parsed.items()
    ):
        raise ConfigError(
            "NEXTROUND_BOARD_BASE_URLS must be a JSON object of strings, e.g. "
            '{"greenhouse": "http://127.0.0.1:8001"}'
        )
    return parsed


class DevelopmentSettings(BaseSettings):
    name = "development"
    DEBUG = False  # the debugger is opt-in through `flask --app service run --debug`

    def default_secret_key(self) -> str:
        """A random key made once per install and kept in the instance folder."""
        path = self.instance_path / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48))
        return path.read_text().strip()


class TestingSettings(BaseSettings):
    name = "testing"
    TESTING = True
    IMPORT_INLINE_MAX_ROWS = 50
    WATCH_MIN_INTERVAL = 0
    WATCH_HOST_GAP_MS = 0

    def database_url(self) -> str:
        return self.env.get("TEST_DATABASE_URL") or super().database_url()


class ProductionSettings(BaseSettings):
    name = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SECURITY_HEADERS_STRICT = True
    PREFERRED_URL_SCHEME = "https"

    def default_secret_key(self) -> str:
        raise ConfigError(
            "SECRET_KEY is not set: production refuses to start without a long random secret "
            '(python -c "import secrets; print(secrets.token_urlsafe(48))")'
        )

    def values(self) -> dict[str, Any]:
        values = super().values()
        if not self.env.get("REDIS_URL"):
            raise ConfigError("REDIS_URL is not set: production needs a Redis for its job queue")
        if values["SECRET_KEY"] == DEFAULT_SECRET_KEY or len(values["SECRET_KEY"]) < 24:
            raise ConfigError("SECRET_KEY is the development default or too short for production")
        return values


SETTINGS = {cls.name: cls for cls in (DevelopmentSettings, TestingSettings, ProductionSettings)}


def redis_storage_uri(redis_url: str) -> str:
    """The Flask-Limiter storage URI for a redis-py URL (unix sockets have their own scheme)."""
    if redis_url.startswith("unix://"):
        return "redis+unix://" + redis_url.removeprefix("unix://")
    return redis_url


def load_settings(
    instance_path: Path, env: Mapping[str, str] | None = None, name: str | None = None
) -> dict[str, Any]:
    """Settings for ``name`` (default: ``NEXTROUND_ENV``, else development) as a dict."""
    env = os.environ if env is None else env
    chosen = name or env.get("NEXTROUND_ENV", "development")
    if chosen not in SETTINGS:
        raise ConfigError(f"NEXTROUND_ENV must be one of {', '.join(SETTINGS)}, got {chosen!r}")
    return SETTINGS[chosen](env, instance_path).values()


def cli_log_level(env: Mapping[str, str] | None = None) -> str:
    """Commands print their own results: only warnings are logged unless LOG_LEVEL says more."""
    env = os.environ if env is None else env
    return env.get("LOG_LEVEL", "WARNING").upper()


def launcher_settings(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What `nextround serve` needs before an app exists: the port and whether Redis is embedded."""
    env = os.environ if env is None else env
    return {
        "port": _int(env, "PORT", 5000),
        "host": env.get("HOST", "127.0.0.1"),
        "redis_url": env.get("REDIS_URL"),
        "web_workers": _int(env, "WEB_CONCURRENCY", 2),
    }
