"""E-mail through the operator's SMTP server: HTML and text parts, the event id in the headers.

Every refusal the server or the network can give (a 4xx or 5xx answer, a refused connection, a
timeout, a TLS failure) is an expected ``DeliveryFailed`` saved on the alert and tried again.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any

from flask import current_app, render_template

from service.alerts.errors import DeliveryFailed

EVENT_HEADER = "X-NextRound-Event-Id"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str
    password: str
    tls: str
    sender: str
    timeout: float

    @classmethod
    def from_config(cls) -> SmtpSettings:
        config = current_app.config
        return cls(
            host=config["SMTP_HOST"],
            port=config["SMTP_PORT"],
            username=config["SMTP_USERNAME"],
            password=config["SMTP_PASSWORD"],
            tls=config["SMTP_TLS"],
            sender=config["SMTP_FROM"],
            timeout=config["SMTP_TIMEOUT_SECONDS"],
        )


def render_email(
    to: str, subject: str, template: str, event_id: str, sender: str, **context: Any
) -> EmailMessage:
    """A message with text and HTML parts from templates/alerts/email/<template>.txt|.html."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(event_id, sender)
    message[EVENT_HEADER] = event_id
    message.set_content(render_template(f"alerts/email/{template}.txt", **context))
    message.add_alternative(
        render_template(f"alerts/email/{template}.html", **context), subtype="html"
    )
    return message


def message_id(event_id: str, sender: str) -> str:
    """The Message-ID a message of this event carries (the same on every resend)."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "nextround.local"
    return f"<{event_id}@{domain}>"


def send_messages(settings: SmtpSettings, messages: list[EmailMessage]) -> None:
    """Send the messages over one SMTP connection; any refusal raises DeliveryFailed."""
    if not settings.host:
        raise DeliveryFailed("no SMTP server is configured (the operator sets NEXTROUND_SMTP_HOST)")
    try:
        with _connect(settings) as smtp:
            for message in messages:
                smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        raise DeliveryFailed(
            f"the mail server refused the recipient: {code} {_text(text)}"
        ) from exc
    except smtplib.SMTPResponseException as exc:
        raise DeliveryFailed(
            f"the mail server answered {exc.smtp_code} {_text(exc.smtp_error)}"
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryFailed(
            f"could not reach the mail server {settings.host}:{settings.port} ({exc})"
        ) from exc


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.tls == "ssl":
        smtp = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.tls == "starttls":
            smtp.starttls(context=context)
    if settings.username:
        smtp.login(settings.username, settings.password)
    return smtp


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
