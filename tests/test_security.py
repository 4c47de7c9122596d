"""Headers, cookies, CSRF on every form, and hostile input kept intact but rendered inert."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from config import ConfigError, load_settings
from service.contacts.services import create_contact
from service.extensions import db
from service.models import Contact, User
from tests.helpers import PASSWORD, login


def test_security_headers_on_pages(auth_client: FlaskClient) -> None:
    for path in ("/", "/contacts/", "/login", "/healthz"):
        headers = auth_client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "object-src 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_production_refuses_missing_or_default_secret(tmp_path) -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(tmp_path, env={}, name="production")
    redis = {"REDIS_URL": "redis://127.0.0.1:6379/0"}
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(
            tmp_path, env={"SECRET_KEY": "dev-only-insecure-secret-key", **redis}, name="production"
        )
    with pytest.raises(ConfigError, match="REDIS_URL"):
        load_settings(tmp_path, env={"SECRET_KEY": "s" * 40}, name="production")
    assert load_settings(tmp_path, env={"SECRET_KEY": "s" * 40, **redis}, name="production")


def test_production_cookies_are_secure(
    app_factory: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch, redis_url: str
) -> None:
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-" + "x" * 20)
    monkeypatch.setenv("REDIS_URL", redis_url)
    app = app_factory(NEXTROUND_ENV="production")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    with app.app_context():
        from service.auth.services import create_user

        user = create_user("prod@example.com", PASSWORD)
        client = app.test_client()
        data = {"email": user.email, "password": PASSWORD, "remember": "y"}
        cookies = client.post("/login", data=data).headers.getlist("Set-Cookie")
        session_cookie = next(c for c in cookies if c.startswith("session="))
        assert "Secure" in session_cookie and "HttpOnly" in session_cookie
        assert "SameSite=Lax" in session_cookie
        remember = next(c for c in cookies if c.startswith("remember_token="))
        assert "Secure" in remember and "HttpOnly" in remember
        assert "Strict-Transport-Security" in client.get("/login").headers


def _post_routes(app: Flask) -> list[str]:
    routes = []
    for rule in app.url_map.iter_rules():
        if "POST" in (rule.methods or set()) and not rule.rule.startswith("/api/"):
            routes.append(re.sub(r"<(?:int|id):\w+>", "1", rule.rule))
    return routes


def test_every_form_post_without_csrf_token_is_refused(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(csrf=True)
    with app.app_context():
        from service.auth.services import create_user

        user = create_user("csrf@example.com", PASSWORD)
        create_contact(user, {"first_name": "Grace"})
        client = login(app.test_client(), user)
        routes = _post_routes(app)
        assert len(routes) >= 12
        for path in routes:
            response = client.post(path, data={"first_name": "Mallory", "name": "x"})
            assert response.status_code == 400, path
        assert Contact.query.count() == 1
        # with the token from the page, the same form goes through
        page = client.get("/contacts/new").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        ok = client.post(
            "/contacts/new",
            data={"csrf_token": token, "first_name": "Ada", "role": "other", "tier_id": ""},
        )
        assert ok.status_code == 302
        assert Contact.query.count() == 2


def test_login_form_needs_csrf_too(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(csrf=True)
    with app.app_context():
        response = app.test_client().post("/login", data={"email": "a@b.c", "password": "x"})
        assert response.status_code == 400


HOSTILE = [
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "Robert'); DROP TABLE contacts;--",
    "ünïcødé 名前 😀",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_are_stored_intact_and_rendered_escaped(
    auth_client: FlaskClient, user: User, value: str
) -> None:
    contact = create_contact(
        user,
        {
            "first_name": value,
            "title": value,
            "notes": value,
            "company": value[:200],
            "tags": [value],
        },
    )
    stored = db.session.get(Contact, contact.id)
    assert stored.first_name == value and stored.notes == value
    for path in (f"/contacts/{contact.id}", "/contacts/", f"/companies/{contact.company_id}", "/"):
        html = auth_client.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x" not in html
    detail = auth_client.get(f"/contacts/{contact.id}").get_data(as_text=True)
    if "<" in value:
        assert "&lt;" in detail


def test_very_long_values_are_stored_intact_or_refused_clearly(user: User, auth_client) -> None:
    notes = "n" * 90_000
    contact = create_contact(user, {"first_name": "Long", "notes": notes})
    assert db.session.get(Contact, contact.id).notes == notes
    response = auth_client.post(
        "/contacts/new", data={"first_name": "x" * 5000, "role": "other", "tier_id": ""}
    )
    assert response.status_code == 200
    assert b"Field cannot be longer than 200 characters" in response.data


def test_error_redirects_never_follow_a_foreign_referrer(auth_client: FlaskClient) -> None:
    response = auth_client.get(
        "/companies/?relation=bogus", headers={"Referer": "https://evil.example/phish"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    same = auth_client.get(
        "/companies/?relation=bogus", headers={"Referer": "http://localhost/contacts/?q=x"}
    )
    assert same.headers["Location"] == "/contacts/?q=x"


def test_pager_links_carry_only_the_list_filters(auth_client: FlaskClient, user: User) -> None:
    for i in range(55):
        create_contact(user, {"first_name": f"P{i:02d}"})
    html = auth_client.get("/contacts/?q=P&_external=1&_anchor=x&evil=1").get_data(as_text=True)
    nav = html[html.index('<nav class="pager"') :]
    assert 'href="/contacts/?q=P&amp;page=2"' in nav
    assert "http://" not in nav and "evil" not in nav and "#x" not in nav


def test_only_http_links_are_rendered(auth_client: FlaskClient, user: User) -> None:
    from service.models import Company

    company = Company(user_id=user.id, name="Evil", name_key="evil", notes="",
                      website="javascript:alert(document.domain)")  # fmt: skip
    db.session.add(company)
    db.session.commit()
    for path in (f"/companies/{company.id}", "/companies/"):
        html = auth_client.get(path).get_data(as_text=True)
        assert "javascript:" not in html


def test_proxy_headers_are_used_only_when_trusted(app_factory: Callable[..., Flask]) -> None:
    from flask import request

    def seen_address(app: Flask) -> str:
        app.add_url_rule("/_addr", "addr", lambda: request.remote_addr or "")
        response = app.test_client().get(
            "/_addr",
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
            headers={"X-Forwarded-For": "203.0.113.9"},
        )
        return response.get_data(as_text=True)

    assert seen_address(app_factory()) == "127.0.0.1"
    assert seen_address(app_factory(TRUSTED_PROXIES=1)) == "203.0.113.9"
