"""Accounts: sign-up rules, log in/out, hashed passwords, throttling."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from service.auth.services import PASSWORD_METHOD
from service.models import Tier, User
from tests.helpers import PASSWORD, login


def _signup(client: FlaskClient, email: str = "first@example.com", password: str = PASSWORD):
    return client.post("/signup", data={"email": email, "password": password, "confirm": password})


def test_first_account_signs_up_and_gets_default_tiers(app: Flask, client: FlaskClient) -> None:
    response = _signup(client)
    assert response.status_code == 302
    user = User.query.one()
    assert user.email == "first@example.com"
    assert user.password_hash.startswith(PASSWORD_METHOD + "$")
    assert PASSWORD not in user.password_hash
    assert sorted(t.interval_days for t in Tier.query.filter_by(user_id=user.id)) == [21, 42, 91]
    assert client.get("/").status_code == 200  # signed in straight away


def test_second_signup_is_closed_unless_enabled(app_factory: Callable[..., Flask]) -> None:
    app = app_factory()
    with app.app_context():
        _signup(app.test_client())
        closed = app.test_client().get("/signup")
        assert closed.status_code == 403
        assert b"Sign-up is closed" in closed.data
        refused = _signup(app.test_client(), "second@example.com")
        assert refused.status_code == 403
        assert User.query.count() == 1
    opened = app_factory(ALLOW_SIGNUP=True)
    with opened.app_context():
        assert _signup(opened.test_client(), "second@example.com").status_code == 302
        assert User.query.count() == 2


def test_short_password_and_duplicate_email_are_refused(app: Flask, client: FlaskClient) -> None:
    response = _signup(client, password="short")
    assert response.status_code == 200
    assert User.query.count() == 0


def test_login_logout_and_wrong_password(client: FlaskClient, user: User) -> None:
    bad = client.post("/login", data={"email": user.email, "password": "nope nope nope"})
    assert b"do not match" in bad.data
    assert client.get("/").status_code == 302
    good = client.post("/login", data={"email": "ADA@example.com ", "password": PASSWORD})
    assert good.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout")
    assert client.get("/contacts/").status_code == 302


def test_login_never_redirects_off_site(app: Flask, user: User) -> None:
    data = {"email": user.email, "password": PASSWORD}
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = app.test_client().post(f"/login?next={target}", data=data)
        assert response.headers["Location"] == "/"
    response = app.test_client().post("/login?next=/contacts/", data=data)
    assert response.headers["Location"] == "/contacts/"


def test_change_password(auth_client: FlaskClient, user: User, app: Flask) -> None:
    new = "an even better passphrase"
    wrong = auth_client.post(
        "/settings/password",
        data={"current": "wrong wrong", "new": new, "confirm": new},
        follow_redirects=True,
    )
    assert b"current password is not right" in wrong.data
    auth_client.post("/settings/password", data={"current": PASSWORD, "new": new, "confirm": new})
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": user.email, "password": new}).status_code == 302


def test_login_is_throttled_per_ip(client: FlaskClient, user: User) -> None:
    codes = [
        client.post(
            "/login", data={"email": f"x{i}@example.com", "password": "wrong password"}
        ).status_code
        for i in range(6)
    ]
    assert codes[:5] == [200] * 5
    assert codes[5] == 429


def test_login_is_throttled_per_account_across_ips(app: Flask, user: User) -> None:
    codes = []
    for i in range(6):
        client = app.test_client()
        response = client.post(
            "/login",
            data={"email": user.email, "password": "wrong password"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{i + 1}"},
        )
        codes.append(response.status_code)
    assert codes[5] == 429
    # even the right password is refused for that account until the window passes
    right = app.test_client().post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.99"},
    )
    assert right.status_code == 429


def test_login_required_everywhere(client: FlaskClient) -> None:
    for path in ("/", "/contacts/", "/companies/", "/settings/", "/imports/new", "/contacts/new"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_session_survives_only_with_login(client: FlaskClient, user: User) -> None:
    login(client, user)
    assert client.get("/contacts/").status_code == 200


def test_duplicate_email_is_refused(app: Flask, user: User) -> None:
    import pytest

    from service.auth.services import create_user
    from service.errors import Conflict

    with pytest.raises(Conflict):
        create_user(" ADA@example.com", "another long password")
    assert User.query.count() == 1


def test_changing_the_password_signs_out_every_other_session(app: Flask, user: User) -> None:
    new = "a brand new passphrase"
    here, elsewhere = login(app.test_client(), user), login(app.test_client(), user)
    assert elsewhere.get("/contacts/").status_code == 200
    here.post("/settings/password", data={"current": PASSWORD, "new": new, "confirm": new})
    assert here.get("/contacts/").status_code == 200  # this session goes on
    assert elsewhere.get("/contacts/").status_code == 302  # the other one is signed out
    old = app.test_client().post("/login", data={"email": user.email, "password": PASSWORD})
    assert b"do not match" in old.data
    fresh = app.test_client().post("/login", data={"email": user.email, "password": new})
    assert fresh.status_code == 302


def test_successful_logins_do_not_count_towards_the_limit(app: Flask, user: User) -> None:
    for _ in range(8):
        response = app.test_client().post(
            "/login", data={"email": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302


def test_login_still_works_and_is_throttled_when_redis_is_down(
    app_factory: Callable[..., Flask], tmp_path
) -> None:
    app = app_factory(REDIS_URL=f"unix://{tmp_path / 'down.sock'}")
    app.config["RATELIMIT_STORAGE_URI"] = f"redis+unix://{tmp_path / 'down.sock'}"
    with app.app_context():
        from service.auth.services import create_user

        user = create_user("offline@example.com", PASSWORD)
        ok = app.test_client().post("/login", data={"email": user.email, "password": PASSWORD})
        assert ok.status_code == 302
        codes = [
            app.test_client()
            .post("/login", data={"email": user.email, "password": "wrong password"})
            .status_code
            for _ in range(6)
        ]
        assert codes[-1] == 429


def test_signing_out_ends_every_copy_of_the_session(app: Flask, user: User) -> None:
    browser = login(app.test_client(), user)
    with browser.session_transaction() as session:
        stolen = dict(session)
    browser.post("/logout")
    replay = app.test_client()
    with replay.session_transaction() as session:
        session.update(stolen)
    assert replay.get("/contacts/").status_code == 302


def test_a_fresh_install_opens_on_sign_up(client: FlaskClient) -> None:
    assert client.get("/login").headers["Location"] == "/signup"
