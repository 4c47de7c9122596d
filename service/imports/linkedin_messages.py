"""messages.csv and Invitations.csv as touches (pure; see service/imports/linkedin.py).

Whose side a message is on: the user's own profile URL is taken from the messages sent under
the name in Profile.csv when that file is there; otherwise it is the profile that takes part in
the most conversations (ties go to the one that is not among the user's connections, since
nobody is their own connection).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote

from service.contacts.linkedin import linkedin_slug
from service.errors import ValidationFailed
from service.imports import dates
from service.imports.csvfiles import Rejected, Row, Table, cell, width_error

SUMMARY_CHARS = 240
_YES = {"yes", "true", "1", "y"}
_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]{0,500}>")
_PLAIN_PROFILE = re.compile(r"^https?://(?:www\.)?linkedin\.com/in/([^/?#\s]+)/?$", re.IGNORECASE)
_SLUG = re.compile(r"^[\w\-.%]{2,100}$")  # as service.contacts.linkedin accepts


@dataclass(frozen=True)
class TouchRow:
    """One interaction found in messages.csv or Invitations.csv, keyed for de-duplication."""

    file: str
    line: int
    slug: str | None
    name: str  # the other person as the file names them (used when there is no URL)
    occurred_at: datetime
    direction: str  # "incoming" | "outgoing"
    summary: str
    external_key: str


@dataclass(frozen=True)
class _Message:
    line: int
    conversation: str
    sender_slug: str
    sender_name: str
    recipient_slugs: tuple[str, ...]
    recipient_name: str
    sent_at: datetime
    text: str


def touch_key(prefix: str, *parts: str) -> str:
    """A stable ``Touch.external_key``: the prefix and a SHA-1 of the identifying parts."""
    return prefix + hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


def profile_slug(url: str, label: str) -> str | None:
    """The ``/in/<slug>`` of a profile URL, or None when empty; ValueError when not a profile."""
    if not url:
        return None
    if match := _PLAIN_PROFILE.match(url):  # the common shape, without urlsplit (30k rows…)
        slug = unquote(match.group(1)).strip().lower()
        if _SLUG.match(slug):
            return slug
    try:
        return linkedin_slug(url)
    except ValidationFailed as exc:
        raise ValueError(f"{label} {url[:200]!r} is not a LinkedIn profile address") from exc


def excerpt(text: str, limit: int = SUMMARY_CHARS) -> str:
    """One line of at most ``limit`` characters, markup removed."""
    flat = _SPACES.sub(" ", _TAGS.sub(" ", text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def parse_messages(
    table: Table, rejected: list[Rejected], known: set[str], own_name: str | None
) -> list[TouchRow]:
    """Touches from messages.csv, one per person, conversation, day and direction."""
    columns = table.index()
    messages = []
    for row in table.rows:
        try:
            message = _message(table, row, columns)
        except ValueError as exc:
            rejected.append(Rejected(table.filename, row.line, str(exc)))
            continue
        if message is not None:
            messages.append(message)
    own = _own_slug(messages, known, own_name)
    return _collapse(table.filename, messages, own)


def _message(table: Table, row: Row, columns: dict[str, int]) -> _Message | None:
    """The row as a message, None for rows that are not conversations with a person."""
    if reason := width_error(row, len(table.header)):
        raise ValueError(reason)
    draft = cell(row, columns, "is message draft") or cell(row, columns, "is conversation draft")
    if draft.lower() in _YES or cell(row, columns, "folder").upper() == "SPAM":
        return None
    try:
        sender = profile_slug(cell(row, columns, "sender profile url"), "SENDER PROFILE URL")
    except ValueError:
        sender = None  # a company page or other non-person sender, e.g. sponsored InMail
    if sender is None:
        return None
    sent_at = dates.message_date(cell(row, columns, "date"))
    recipients = []
    for url in cell(row, columns, "recipient profile urls").split(","):
        try:
            if slug := profile_slug(url.strip(), "RECIPIENT PROFILE URLS"):
                recipients.append(slug)
        except ValueError:
            continue
    text = cell(row, columns, "subject") or cell(row, columns, "content")
    return _Message(
        line=row.line,
        conversation=cell(row, columns, "conversation id") or f"line-{row.line}",
        sender_slug=sender,
        sender_name=cell(row, columns, "from"),
        recipient_slugs=tuple(recipients),
        recipient_name=cell(row, columns, "to"),
        sent_at=sent_at,
        text=excerpt(text),
    )


def _own_slug(messages: list[_Message], known: set[str], own_name: str | None) -> str | None:
    if own_name:
        mine = Counter(
            m.sender_slug for m in messages if m.sender_name.casefold() == own_name.casefold()
        )
        if mine:
            return mine.most_common(1)[0][0]
    conversations: dict[str, set[str]] = {}
    for m in messages:
        conversations.setdefault(m.conversation, set()).update((m.sender_slug, *m.recipient_slugs))
    counts = Counter(slug for people in conversations.values() for slug in people)
    if not counts:
        return None
    return max(counts, key=lambda slug: (counts[slug], slug not in known, slug))


def _collapse(filename: str, messages: list[_Message], own: str | None) -> list[TouchRow]:
    groups: dict[tuple[str, str, str, str], list[tuple[_Message, str | None, str]]] = {}
    for m in sorted(messages, key=lambda m: (m.sent_at, m.line)):
        outgoing = m.sender_slug == own
        others: list[tuple[str | None, str]]
        if outgoing:
            others = [(s, "") for s in m.recipient_slugs if s != own]
            if not others and m.recipient_name:
                others = [(None, m.recipient_name)]
        else:
            others = [(m.sender_slug, m.sender_name)]
        direction = "outgoing" if outgoing else "incoming"
        for slug, name in others:
            who = slug or "name:" + name.casefold()
            key = (m.conversation, m.sent_at.date().isoformat(), direction, who)
            groups.setdefault(key, []).append((m, slug, name))
    touches = []
    for (conversation, day, direction, who), items in groups.items():
        first, slug, name = items[0]
        verb = "sent" if direction == "outgoing" else "received"
        summary = f"LinkedIn message {verb}"
        if len(items) > 1:
            summary += f" ({len(items)} messages that day)"
        if first.text:
            summary += f": {first.text}"
        touches.append(
            TouchRow(
                file=filename,
                line=first.line,
                slug=slug,
                name=name,
                occurred_at=first.sent_at,
                direction=direction,
                summary=summary,
                external_key=touch_key("li-msg:", conversation, day, direction, who),
            )
        )
    return touches


def parse_invitations(table: Table, rejected: list[Rejected]) -> list[TouchRow]:
    """One touch per invitation, sent or received, with its message."""
    columns = table.index()
    touches = []
    for row in table.rows:
        try:
            touches.append(_invitation(table, row, columns))
        except ValueError as exc:
            rejected.append(Rejected(table.filename, row.line, str(exc)))
    return touches


def _invitation(table: Table, row: Row, columns: dict[str, int]) -> TouchRow:
    if reason := width_error(row, len(table.header)):
        raise ValueError(reason)
    direction = cell(row, columns, "direction").upper()
    if direction == "OUTGOING":
        name, url = cell(row, columns, "to"), cell(row, columns, "inviteeprofileurl")
        slug = profile_slug(url, "inviteeProfileUrl")
    elif direction == "INCOMING":
        name, url = cell(row, columns, "from"), cell(row, columns, "inviterprofileurl")
        slug = profile_slug(url, "inviterProfileUrl")
    else:
        raise ValueError(f"Direction {direction!r} is neither INCOMING nor OUTGOING")
    if not slug and not name:
        raise ValueError("no name and no profile address for the other person")
    sent_at = dates.invitation_sent_at(cell(row, columns, "sent at"))
    summary = "Invitation sent" if direction == "OUTGOING" else "Invitation received"
    if message := excerpt(cell(row, columns, "message"), 1000):
        summary += f": {message}"
    who = slug or "name:" + name.casefold()
    return TouchRow(
        file=table.filename,
        line=row.line,
        slug=slug,
        name=name,
        occurred_at=sent_at,
        direction=direction.lower(),
        summary=summary,
        external_key=touch_key("li-inv:", direction, who, sent_at.isoformat()),
    )
