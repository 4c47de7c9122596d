"""Accounts: sign-up, authentication, password changes."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from service.clock import utcnow
from service.errors import Conflict, Forbidden, ValidationFailed
from service.extensions import db
from service.models import Tier, User

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


def signup_open() -> bool:
    """The first account can always be made; further ones only when sign-up is enabled."""
    if current_app.config["ALLOW_SIGNUP"]:
        return True
    return db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def create_user(email: str, password: str, *, via_signup: bool = False) -> User:
    """Create an account with the default stay-in-touch tiers."""
    if via_signup and not signup_open():
        raise Forbidden("Sign-up is closed on this server. Ask its owner for an account.")
    address = normalise_email(email)
    check_password_rules(password)
    if db.session.scalar(sa.select(User.id).where(User.email == address)):
        raise Conflict("An account with that e-mail already exists.", {"email": "taken"})
    user = User(email=address, password_hash=generate_password_hash(password, PASSWORD_METHOD))
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
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    if not user.password_hash.startswith(PASSWORD_METHOD + "$"):
        user.password_hash = generate_password_hash(password, PASSWORD_METHOD)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Replace the password after checking the current one."""
    if not check_password_hash(user.password_hash, current):
        raise ValidationFailed("The current password is not right.", {"current": "wrong"})
    check_password_rules(new)
    user.password_hash = generate_password_hash(new, PASSWORD_METHOD)
    db.session.commit()


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader."""
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))


def user_by_email(email: str) -> User:
    """The account with this e-mail (CLI use); ValidationFailed names the unknown address."""
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise ValidationFailed(f"No account with the e-mail {email!r}.")
    return user
