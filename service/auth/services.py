"""Accounts: sign-up, authentication, password changes."""

from __future__ import annotations

import hmac
import logging

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from service.clock import utcnow
from service.db import release_write_lock
from service.errors import Conflict, Forbidden, ValidationFailed
from service.extensions import db
from service.models import Tier, User
from service.models.user import new_session_key

log = logging.getLogger(__name__)

PASSWORD_METHOD = "scrypt:32768:8:1"  # noqa: S105 - a hash method name, not a secret
MIN_PASSWORD_LENGTH = 10
DEFAULT_TIERS = (("Close", 21), ("Decision makers", 42), ("Wider network", 91))
# Compared against when the e-mail is unknown, so both paths cost one scrypt.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method=PASSWORD_METHOD)


def normalise_email(raw: str) -> str:
    """A lower-cased, syntax-checked address (no DNS look-up)."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationFailed(
            f"That e-mail address is not valid: {exc}", {"email": str(exc)}
        ) from exc


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters.",
            {"password": "too short"},
        )


def no_accounts_yet() -> bool:
    """A fresh install: nobody has signed up."""
    return db.session.scalar(sa.select(User.id).limit(1)) is None


def signup_open() -> bool:
    """The first account can always be made; further ones only when sign-up is enabled."""
    return bool(current_app.config["ALLOW_SIGNUP"]) or no_accounts_yet()


def end_all_sessions(user: User) -> None:
    """Invalidate every session and remember cookie of this account (sign out everywhere)."""
    user.session_key = new_session_key()
    db.session.commit()


def create_user(email: str, password: str, *, via_signup: bool = False) -> User:
    """Create an account with the default stay-in-touch tiers."""
    if via_signup and not signup_open():
        raise Forbidden("Sign-up is closed on this server. Ask its owner for an account.")
    address = normalise_email(email)
    check_password_rules(password)
    release_write_lock()  # scrypt is slow: hash outside any transaction
    password_hash = generate_password_hash(password, PASSWORD_METHOD)
    if db.session.scalar(sa.select(User.id).where(User.email == address)):
        raise Conflict("An account with that e-mail already exists.", {"email": "taken"})
    user = User(email=address, password_hash=password_hash)
    db.session.add(user)
    db.session.flush()
    for name, days in DEFAULT_TIERS:
        db.session.add(Tier(user_id=user.id, name=name, interval_days=days))
    db.session.commit()
    log.info("created user %s", user.id)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user whose credentials these are, or None; rehashes outdated hashes."""
    address = email.strip().lower()
    user = db.session.scalar(sa.select(User).where(User.email == address))
    stored = user.password_hash if user is not None else _DUMMY_HASH
    release_write_lock()  # scrypt is slow: check outside any transaction
    if not check_password_hash(stored, password) or user is None:
        return None
    if not stored.startswith(PASSWORD_METHOD + "$"):
        user.password_hash = generate_password_hash(password, PASSWORD_METHOD)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Replace the password and sign out every other session of this account."""
    check_password_rules(new)
    stored = user.password_hash
    release_write_lock()  # scrypt is slow: hash outside any transaction
    if not check_password_hash(stored, current):
        raise ValidationFailed("The current password is not right.", {"current": "wrong"})
    new_hash = generate_password_hash(new, PASSWORD_METHOD)
    user.password_hash = new_hash
    end_all_sessions(user)


def reset_password(user: User, new: str) -> None:
    """Set a password without the old one (the operator's CLI), signing out every session."""
    check_password_rules(new)
    release_write_lock()
    new_hash = generate_password_hash(new, PASSWORD_METHOD)
    user.password_hash = new_hash
    end_all_sessions(user)


def load_user(login_id: str) -> User | None:
    """Flask-Login's loader: ``<id>:<session key>``; an outdated key signs the session out."""
    user_id, _, key = login_id.partition(":")
    if not user_id.isdigit() or not key:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_key, key):
        return None
    return user


def user_by_email(email: str) -> User:
    """The account with this e-mail (CLI use); ValidationFailed names the unknown address."""
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise ValidationFailed(f"No account with the e-mail {email!r}.")
    return user
