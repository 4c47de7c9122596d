"""The pieces ``create_app`` assembles: extensions, blueprints, errors, hooks, commands."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from service.boards.fetch import FetchPolicy
from service.db import read_only_transactions, sqlite_engine_options
from service.extensions import csrf, db, limiter, login_manager, migrate

MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")


def register_extensions(app: Flask) -> None:
    """Bind the unbound extension objects to this app."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
        options.update(sqlite_engine_options(app.config["SQLITE_BUSY_TIMEOUT_MS"]))
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    app.config["NEXTROUND_FETCH_POLICY"] = FetchPolicy(**app.config["FETCH_POLICY"])
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    from service.auth.services import load_user

    login_manager.user_loader(load_user)


def register_blueprints(app: Flask) -> None:
    """One blueprint per area; ``<id:...>`` in their routes takes storable ids only."""
    from service.alerts.views import bp as alerts_bp
    from service.api import bp as api_bp
    from service.applications.views import bp as applications_bp
    from service.auth.views import bp as auth_bp
    from service.companies.views import bp as companies_bp
    from service.contacts.views import bp as contacts_bp
    from service.drafting.views import bp as drafting_bp
    from service.health import bp as health_bp
    from service.ids import IdConverter
    from service.imports.views import bp as imports_bp
    from service.matching.views import bp as matching_bp
    from service.settings.views import bp as settings_bp
    from service.watch.views import bp as watch_bp
    from service.week.views import bp as week_bp

    app.url_map.converters["id"] = IdConverter
    for blueprint in (
        health_bp,
        auth_bp,
        week_bp,
        contacts_bp,
        companies_bp,
        applications_bp,
        watch_bp,
        matching_bp,
        alerts_bp,
        imports_bp,
        drafting_bp,
        settings_bp,
        api_bp,
    ):
        app.register_blueprint(blueprint)
    csrf.exempt(api_bp)


def register_errorhandlers(app: Flask) -> None:
    """Domain exceptions become HTTP errors in one place."""
    from service.errors import register

    register(app)


def register_request_hooks(app: Flask) -> None:
    """Read-only transactions for safe methods, and security headers on every response."""
    from service.security import apply_security_headers, http_url

    @app.before_request
    def _mark_reads() -> None:
        g.read_only = request.method in {"GET", "HEAD", "OPTIONS"}
        if g.read_only and request.endpoint != "static":
            read_only_transactions()

    app.after_request(apply_security_headers)
    app.add_template_filter(http_url)


def register_commands(app: Flask) -> None:
    """The `nextround` command group."""
    from service.cli import register

    register(app)
