"""Security headers on every response."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request
from flask.wrappers import Response
from flask_login import current_user

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Powerful browser features the app never uses: denied to it and to anything it could embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


def apply_security_headers(response: Response) -> Response:
    """CSP, nosniff, frame-ancestors, referrer and permissions policy, no caching of anything
    private (the API, a signed-in user's pages); HSTS in production."""
    headers = response.headers
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if _private():
        headers["Cache-Control"] = "no-store"
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config["SECURITY_HEADERS_STRICT"]:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _private() -> bool:
    """Whether this response may hold a user's data: any API answer, any page to a session."""
    if request.path.startswith("/api/"):
        return True
    return request.endpoint != "static" and bool(current_user.is_authenticated)


def http_url(value: str | None) -> str | None:
    """The URL when it is http(s), else None: user-given links never become javascript:."""
    if value and urlsplit(value.strip()).scheme.lower() in {"http", "https"}:
        return value.strip()
    return None


def local_path(target: str | None) -> bool:
    """True for a path on this site (``/x``); false for ``//host``, ``/\\host`` or a full URL,
    which browsers follow off-site (no open redirect)."""
    if not target or not target.startswith("/"):
        return False
    return not target.startswith("//") and "\\" not in target
