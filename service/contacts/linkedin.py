"""LinkedIn profile URLs: everything is keyed on the ``/in/<slug>`` part."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from service.errors import ValidationFailed

_SLUG = re.compile(r"^[\w\-.%]{2,100}$", re.UNICODE)
# What the API documents (a subset of what is read): empty, a profile name, or a profile URL.
LINKEDIN_PATTERN = (
    r"^(|[\w.-]{2,100}|(https?://)?([A-Za-z0-9-]+\.)*linkedin\.com/(in|pub)/[\w.-]{2,100}/?)$"
)


def linkedin_slug(value: str | None) -> str | None:
    """The lower-cased ``/in/<slug>`` of a profile URL (or a bare slug); None for empty input."""
    if value is None or not value.strip():
        return None
    raw = value.strip()
    if "/" not in raw and "linkedin." not in raw.lower():
        candidate = raw  # a bare profile name such as "jane-doe" or "john.doe"
    else:
        if "://" not in raw:
            raw = "https://" + raw.lstrip("/")
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
        if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
            raise ValidationFailed(
                "That is not a LinkedIn profile URL.", {"linkedin": "not linkedin"}
            )
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) < 2 or segments[0].lower() not in {"in", "pub"}:
            raise ValidationFailed(
                "A LinkedIn profile URL looks like https://www.linkedin.com/in/name/.",
                {"linkedin": "not a profile"},
            )
        candidate = segments[1]
    slug = unquote(candidate).strip()
    if not _SLUG.match(slug):
        raise ValidationFailed("That LinkedIn profile name is not valid.", {"linkedin": "invalid"})
    return slug.lower()
