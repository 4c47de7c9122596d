"""Domain exceptions and the one place that turns them (and HTTP errors) into responses."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, flash, jsonify, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask.wrappers import Response
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from service.queue import QueueUnavailable

log = logging.getLogger(__name__)


class DomainError(Exception):
    """Base for errors a user can act on; ``code`` is stable for API clients."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError):
    """The object does not exist, or belongs to someone else (the same answer on purpose)."""

    status = 404
    code = "not_found"


class ValidationFailed(DomainError):
    """Input broke a rule; ``details`` maps fields to messages."""

    status = 422
    code = "validation_failed"


class Conflict(ValidationFailed):
    """Well-formed input that clashes with what is stored (a name taken): a 409."""

    status = 409
    code = "conflict"


class UnknownReference(Conflict):
    """A well-formed body names a row the user does not have (a tier, say)."""

    code = "unknown_reference"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


def wants_json() -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, code: str, message: str, details: Any = None) -> Response:
    """The API's error body: {"error": {"code", "message", "details"}}."""
    response = jsonify({"error": {"code": code, "message": message, "details": details}})
    response.status_code = status
    return response


def _http_error(exc: HTTPException) -> ResponseReturnValue:
    status = exc.code or 500
    # what the exception itself says in headers (Allow on a 405, Retry-After, WWW-Authenticate)
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
    if wants_json():
        code = (exc.name or "error").lower().replace(" ", "_")
        response = api_error(status, code, exc.description or exc.name)
        response.headers.extend(headers)
        return response
    if status == 429:
        return (
            render_template(
                "errors/error.html",
                status=429,
                title="Slow down",
                message="Too many attempts. Wait a minute and try again.",
            ),
            429,
            headers,
        )
    return (
        render_template(
            "errors/error.html", status=status, title=exc.name, message=exc.description
        ),
        status,
        headers,
    )


def _domain_error(exc: DomainError) -> ResponseReturnValue:
    if wants_json():
        return api_error(exc.status, exc.code, exc.message, exc.details)
    if exc.status == 404:
        return render_template(
            "errors/error.html", status=404, title="Not found", message=exc.message
        ), 404
    flash(exc.message, "error")
    return redirect(_same_site_referrer())


def _same_site_referrer() -> str:
    """Back to the page the form was on, but never to another site."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return "/"


def _csrf_error(exc: CSRFError) -> ResponseReturnValue:
    return render_template(
        "errors/error.html",
        status=400,
        title="Form expired",
        message="The form was missing its security token or it expired. "
        "Go back, reload the page and try again.",
    ), 400


def _queue_down(exc: QueueUnavailable) -> ResponseReturnValue:
    headers = {"Retry-After": "30"}
    if wants_json():
        response = api_error(503, "queue_unavailable", str(exc))
        response.headers.update(headers)
        return response
    return (
        render_template(
            "errors/error.html", status=503, title="Background work paused", message=str(exc)
        ),
        503,
        headers,
    )


def register(app: Flask) -> None:
    """Install the handlers on ``app``."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(QueueUnavailable, _queue_down)
