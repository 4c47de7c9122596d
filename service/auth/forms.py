"""Account forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

NEW = {"autocomplete": "new-password"}


class SignupForm(FlaskForm):
    email = EmailField(
        "E-mail", validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "email"}
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(min=10, max=200)],
        render_kw=NEW,
        description="At least 10 characters.",
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[EqualTo("password", "The passwords differ.")],
        render_kw=NEW,
    )


class LoginForm(FlaskForm):
    email = EmailField(
        "E-mail", validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "email"}
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me signed in on this device")


class PasswordForm(FlaskForm):
    current = PasswordField(
        "Current password",
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        "New password", validators=[DataRequired(), Length(min=10, max=200)], render_kw=NEW
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[EqualTo("new", "The passwords differ.")],
        render_kw=NEW,
    )
