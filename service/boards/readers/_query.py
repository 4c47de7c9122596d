"""Query-string helpers the paging readers share: read a counter, set the next page's."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def query_count(url: str, name: str, *, max_digits: int = 9) -> int:
    """A whole-number query parameter of ``url``: 0 when missing, odd or too long."""
    raw = dict(parse_qsl(urlsplit(url).query)).get(name, "0")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= max_digits else 0


def with_query(url: str, **params: str) -> str:
    """``url`` with these query parameters set; the others (blank ones too) kept in order."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))
