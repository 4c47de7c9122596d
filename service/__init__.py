"""Next Round: a self-hosted assistant for a job seeker's network presence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app; nothing runs at import time."""
    from config import load_settings
    from config.logging import configure_logging

    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    settings_name = (test_config or {}).get("NEXTROUND_ENV")
    app.config.from_mapping(load_settings(Path(app.instance_path), name=settings_name))
    if test_config:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    configure_logging(app.config["LOG_LEVEL"])

    from service.factory import (
        register_blueprints,
        register_commands,
        register_errorhandlers,
        register_extensions,
        register_request_hooks,
    )

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_request_hooks(app)
    register_commands(app)
    return app
