"""Text helpers shared by the readers: HTML to plain text, whitespace, dates."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import lxml.html
from lxml import etree

_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "tr", "section", "article", "header", "footer", "blockquote", "pre", "table",
)  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_LONE_BULLET = re.compile(r"•\s*\n\s*")
_SURROGATE = re.compile("[\ud800-\udfff]")
_END_OF_HTML = re.compile(r"</html\s*>", re.I)
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


def clean(value: object) -> str | None:
    """Collapse runs of white space; None for missing or empty values."""
    if value is None:
        return None
    text = _SPACES.sub(" ", str(value)).strip()
    return text or None


def _utf8(markup: str) -> bytes:
    """``markup`` as UTF-8, lone surrogates made U+FFFD; libxml2 ignores <meta charset> then."""
    try:
        return markup.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", markup).encode("utf-8")


def html_to_text(markup: str | None) -> str | None:
    """Plain text of an HTML fragment (entity-escaped HTML too), keeping paragraph breaks."""
    if not markup or not markup.strip():
        return None
    if "&lt;" in markup and "<" not in markup:
        markup = html_lib.unescape(markup)
    markup = _END_OF_HTML.sub("", markup)  # libxml2 drops whatever follows </html>
    try:
        root = lxml.html.document_fromstring(_utf8(markup), parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None  # nothing but comments, processing instructions or junk
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    for element in root.iter(_BLOCK_TAGS):
        # A line break before and after each block; text order is all that matters here.
        element.text = ("\n• " if element.tag == "li" else "\n") + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(root.itertext()).splitlines())
    text = "\n".join(lines)
    text = _LONE_BULLET.sub("• ", text)  # <li><p>x</p></li> puts the bullet on a line of its own
    text = _BLANK_LINES.sub("\n\n", text).strip()
    return text or None


def iso_datetime(value: object) -> str | None:
    """ISO 8601 from epoch milliseconds/seconds, ISO strings or RFC 822 dates; None if unclear."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return None
