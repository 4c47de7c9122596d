"""Webhooks: a JSON POST to the user's URL through the safe fetcher, signed with its secret.

Headers: ``X-NextRound-Event-Id`` (the same on every resend: receivers drop repeats by it) and
``X-NextRound-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes with the secret>``.
The body is our own JSON, or a Slack (``text``) or Discord (``content``) compatible message.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

from flask import current_app

from service.alerts.content import AlertContent
from service.alerts.errors import DeliveryFailed
from service.boards.base import PageRequest
from service.boards.errors import HTTPStatusError
from service.boards.fetch import Fetcher, FetchError
from service.models import WebhookFormat
from service.timestamps import rfc3339

EVENT_HEADER = "X-NextRound-Event-Id"
SIGNATURE_HEADER = "X-NextRound-Signature"
DISCORD_LIMIT = 2000
SLACK_LIMIT = 3000


def new_secret() -> str:
    """A per-webhook signing secret."""
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, body: bytes) -> str:
    """The signature header's value for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def fetcher() -> Fetcher:
    return Fetcher(current_app.config["NEXTROUND_FETCH_POLICY"])


def check_url(url: str) -> str:
    """The URL if the safe fetcher would POST to it; else UnsafeURL (a FetchError)."""
    return fetcher().check(url).url


def post(url: str, secret: str, event_id: str, body: bytes) -> int:
    """POST the body; a refusal, a timeout or a non-2xx answer raises DeliveryFailed."""
    request = PageRequest(
        url,
        method="POST",
        body=body,
        accept="application/json, text/plain;q=0.9, */*;q=0.5",
        headers=(
            ("Content-Type", "application/json"),
            (EVENT_HEADER, event_id),
            (SIGNATURE_HEADER, signature(secret, body)),
        ),
    )
    try:
        return fetcher().fetch(request, kind="data").status
    except HTTPStatusError as exc:
        raise DeliveryFailed(f"the webhook answered {exc}", retry_after=exc.retry_after) from exc
    except FetchError as exc:
        raise DeliveryFailed(f"the webhook could not be reached: {exc}") from exc


def alert_json(content: AlertContent) -> dict[str, Any]:
    """One alert as our webhooks, the API and `nextround alerts list --json` show it."""
    return {
        "id": content.alert_id,
        "event_id": content.event_id,
        "created_at": rfc3339(content.created_at),
        "read_at": rfc3339(content.read_at),
        "vacancy": {
            "id": content.vacancy_id,
            "title": content.title,
            "url": content.posting_url,
            "location": content.location,
            "remote": content.remote,
            "companies": content.companies,
            "link": content.link,
        },
        "score": content.score,
        "reasons": content.reasons,
        "repost": content.repost,
        "people": [
            {
                "contact_id": p.contact_id,
                "name": p.name,
                "role": p.role,
                "decision_maker": p.decision_maker,
                "title": p.title,
                "company": p.company,
                "last_touch_on": rfc3339(p.last_touch_on),
                "link": p.link,
                "note_link": p.note_link,
            }
            for p in content.people
        ],
        "next_steps": [{"label": s.label, "url": s.url} for s in content.next_steps],
    }


def body(
    fmt: WebhookFormat, event_id: str, contents: list[AlertContent], *, digest: str = ""
) -> bytes:
    """The exact bytes to sign and send: one alert, or a digest of several (``digest`` period)."""
    payload: dict[str, Any]
    if fmt is WebhookFormat.SLACK:
        payload = {"text": _summary(contents, digest)[:SLACK_LIMIT]}
    elif fmt is WebhookFormat.DISCORD:
        payload = {"content": _summary(contents, digest)[:DISCORD_LIMIT]}
    elif digest:
        payload = {
            "type": "alerts.digest",
            "event_id": event_id,
            "period": digest,
            "alerts": [alert_json(c) for c in contents],
        }
    else:
        payload = {"type": "alerts.vacancy", "event_id": event_id, "alert": alert_json(contents[0])}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def test_body(fmt: WebhookFormat, event_id: str) -> bytes:
    """The body of a "send a test" delivery."""
    text = "Next Round test message: this channel works."
    payload: dict[str, Any]
    if fmt is WebhookFormat.SLACK:
        payload = {"text": text}
    elif fmt is WebhookFormat.DISCORD:
        payload = {"content": text}
    else:
        payload = {"type": "alerts.test", "event_id": event_id, "message": text}
    return json.dumps(payload, separators=(",", ":")).encode()


def _summary(contents: list[AlertContent], digest: str) -> str:
    """Chat text: one paragraph per alert with the people and the next steps."""
    head = f"Next Round digest {digest}: {len(contents)} new vacancies\n\n" if digest else ""
    return head + "\n\n".join(_paragraph(c) for c in contents)


def _paragraph(content: AlertContent) -> str:
    score = f" — score {content.score}" if content.score is not None else ""
    lines = [f"*{content.title}* at {content.company}{score}"]
    if content.reasons:
        lines.append("; ".join(content.reasons))
    for person in content.people:
        touch = f", last in touch {person.last_touch_on}" if person.last_touch_on else ""
        lines.append(f"You know {person.name} ({person.role}{touch})")
    lines.extend(f"{step.label}: {step.url}" for step in content.next_steps)
    return "\n".join(lines)
