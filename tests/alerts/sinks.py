"""Real receivers on loopback: an SMTP sink (aiosmtpd) and a webhook receiver checking HMACs."""

from __future__ import annotations

import email
import hashlib
import hmac
import json
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.boards.servers import Handler, LoopbackServer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SmtpSink:
    """An SMTP server on 127.0.0.1 keeping what it accepts; ``refuse`` = (code, text) refuses
    every recipient with that answer (e.g. (550, "mailbox unavailable"))."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse: tuple[int, str] | None = None
    port: int = 0
    arrived: threading.Event = field(default_factory=threading.Event)

    def start(self) -> SmtpSink:
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.refuse is not None:
            return f"{self.refuse[0]} {self.refuse[1]}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        assert isinstance(raw, bytes)
        message = email.message_from_bytes(raw, policy=default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.arrived.set()
        return "250 Message accepted"

    def event_ids(self) -> list[str]:
        return [str(m["X-NextRound-Event-Id"]) for m in self.messages]


def body_text(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None, f"no text/{subtype} part"
    return str(part.get_content())  # type: ignore[attr-defined]


@dataclass
class WebhookReceiver:
    """A webhook endpoint on a loopback server: checks each signature with ``secret``, answers
    ``fail_status`` while ``failing`` > 0 (counting down), keeps what it accepted."""

    server: LoopbackServer
    secret: str = ""
    failing: int = 0
    fail_status: int = 503
    accepted: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    bad_signatures: int = 0
    attempts: int = 0
    path: str = "/hook"
    hold: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.server.routes[self.path] = self.route

    @property
    def url(self) -> str:
        return self.server.url(self.path)

    def route(self, handler: Handler) -> None:
        received = self.server.received[-1]
        self.attempts += 1
        self.arrived.set()
        if self.hold.is_set():
            self.server.stopping.wait(10)  # a delivery caught mid-send; its worker dies first
            return
        if self.failing > 0:
            self.failing -= 1
            handler.reply(self.fail_status, b"try later")
            return
        expected = (
            "sha256=" + hmac.new(self.secret.encode(), received.body, hashlib.sha256).hexdigest()
        )
        if not hmac.compare_digest(expected, received.headers.get("x-nextround-signature", "")):
            self.bad_signatures += 1
            handler.reply(401, b"bad signature")
            return
        event = received.headers.get("x-nextround-event-id", "")
        self.accepted.append((event, json.loads(received.body)))
        handler.reply(200, b"ok", {"Content-Type": "text/plain"})

    def event_ids(self) -> list[str]:
        return [event for event, _ in self.accepted]
