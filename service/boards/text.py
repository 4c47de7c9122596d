"""Text helpers shared by the readers: HTML to plain text, whitespace, dates.

Converting HTML is the costly part of reading a board. Within `reusing(...)`, markup whose hash
is known is not converted again: its stored text is returned (the watch's poll passes the texts
it stored, so only new or changed descriptions are converted; readers stay pure functions).
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from lxml import etree

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "tr", "section", "article", "header", "footer", "blockquote", "pre", "table",
}  # fmt: skip
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head",
    "textarea", "xmp", "noembed", "noframes", "title",
)  # fmt: skip
# Text still looking like markup after a pass: the input was escaped twice.
# (``<everyone>`` alone stays: an unknown name without attributes is inert and may be prose.)
_HTML_TAGS = (
    "a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|blockquote|body|br|button|canvas|"
    "caption|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|div|dl|dt|em|embed|"
    "fieldset|figcaption|figure|font|footer|form|frame|frameset|h[1-6]|head|header|hr|html|i|"
    "iframe|img|input|ins|kbd|label|legend|li|link|main|map|mark|marquee|math|menu|meta|meter|"
    "nav|noembed|noframes|noscript|object|ol|optgroup|option|output|p|param|picture|plaintext|"
    "pre|progress|q|rp|rt|ruby|s|samp|script|section|select|slot|small|source|span|strike|"
    "strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|"
    "title|tr|track|tt|u|ul|var|video|wbr|xmp"
)
_MARKUP = re.compile(
    rf"<(?:!|/?(?:{_HTML_TAGS})(?![\w-])|[A-Za-z][\w:-]*[\s/][^<>]*=)", re.IGNORECASE
)
_TAG = re.compile(r"<[A-Za-z!/][^<>]*>")
_PASSES = 2
_SPACE = r"[ \t\u00a0\u2000-\u200b\u3000]"
# Runs of spaces except a lone " ": re.sub replacing every single space by itself is slow.
_SPACES = re.compile(rf"(?: {_SPACE}|[\t\u00a0\u2000-\u200b\u3000]){_SPACE}*")
_ODD_SPACES = "\t\u00a0\u3000" + "".join(map(chr, range(0x2000, 0x200C)))
_TO_SPACE = dict.fromkeys(map(ord, _ODD_SPACES), " ")
_RUNS = re.compile("  +")
# White space and line breaks (str.isspace, str.splitlines) left after _collapse_spaces.
_OTHER_WHITE = "\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u1680\u2028\u2029\u202f\u205f"
_BLANK_LINES = re.compile("\n\n\n+")  # (a literal start: searched much faster than \n{3,})
_LONE_BULLET = re.compile(r"•\s*\n\s*")
_SURROGATE = re.compile("[\ud800-\udfff]")
_END_OF_HTML = re.compile(r"</html\s*>", re.I)
_OTHER_ENTITY = re.compile(r"&(?!(?:lt|gt|amp|quot|#39|#x27);)")
_BASIC_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&#x27;", "'"))
# Plain etree elements: lxml.html's element classes cost a Python call per element.
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


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


# The text of a tree with a line break before and after each block ("\n• " before a list item),
# leaving out scripts and the like (their tails stay): done by libxslt in C, since walking the
# elements in Python costs more than parsing them.
_FLATTEN = etree.XSLT(
    etree.XML(
        '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:output method="text" encoding="UTF-8"/>'
        f'<xsl:template match="{"|".join(_DROP_TAGS)}"/>'
        f'<xsl:template match="{"|".join(sorted(_BLOCK_TAGS - {"li"}))}">'
        "<xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text>"
        "</xsl:template>"
        '<xsl:template match="li">'
        "<xsl:text>&#10;\u2022 </xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text>"
        "</xsl:template>"
        "</xsl:stylesheet>"
    )
)


def _flatten(root: etree._Element) -> str:
    """The text of ``root`` in document order, with a line break before and after each block."""
    return str(_FLATTEN(root))


def _collapse_spaces(text: str) -> str:
    """`_SPACES` applied, faster: odd spaces made plain, then runs of plain ones collapsed."""
    if any(char in text for char in _ODD_SPACES):  # (faster than a character class)
        text = text.translate(_TO_SPACE)
    return _RUNS.sub(" ", text) if "  " in text else text


def _strip_lines(text: str) -> str:
    """Each line stripped, as ``"\n".join(line.strip() for line in text.splitlines())`` but
    faster (a trailing line break may stay: the caller strips the whole text).

    Once `_collapse_spaces` ran, a text whose only white space is " " and "\n" has at most one
    space on either side of a line break.
    """
    if any(char in text for char in _OTHER_WHITE):
        return "\n".join(line.strip() for line in text.splitlines())
    return text.replace(" \n", "\n").replace("\n ", "\n")


def _text_of(markup: str) -> str | None:
    """One pass: parse ``markup`` and return its text, dropping scripts and the like."""
    markup = _END_OF_HTML.sub("", markup)  # libxml2 drops whatever follows </html>
    try:
        root = etree.fromstring(_utf8(markup), _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError):
        return None
    if root is None:
        return None  # nothing but comments, processing instructions or white space
    text = _strip_lines(_collapse_spaces(_flatten(root)))
    if "\u2022\n" in text:  # <li><p>x</p></li> puts the bullet on a line of its own
        text = _LONE_BULLET.sub("\u2022 ", text)
    if "\n\n\n" in text:  # lines are stripped: a blank line is two line breaks in a row
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip() or None


TEXT_VERSION = "1"
"""Part of every markup hash: bump it when conversion changes, so stored texts are redone."""


@dataclass
class KnownTexts:
    """Texts converted before, by markup hash (loaded on first use), and those of this read."""

    load: Callable[[], dict[str, str]]
    known: dict[str, str] | None = None
    hashes: dict[str, str] = field(default_factory=dict)
    """Each text met in this read → the hash of the markup it came from."""
    converted: int = 0

    def text_of(self, markup: str) -> str | None:
        if self.known is None:
            self.known = self.load()
        key = markup_hash(markup)
        text = self.known.get(key)
        if text is None:
            text = _convert(markup)
            self.converted += 1
        if text is not None:
            self.hashes[text] = key
        return text


_KNOWN: ContextVar[KnownTexts | None] = ContextVar("known_texts", default=None)


def markup_hash(markup: str) -> str:
    """A short, stable hash of ``markup`` and of the conversion's version."""
    data = f"{TEXT_VERSION}\0{markup}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=10).hexdigest()


@contextmanager
def reusing(load: Callable[[], dict[str, str]]) -> Iterator[KnownTexts]:
    """Within the block, `html_to_text` returns the known text of markup seen before."""
    memo = KnownTexts(load)
    token = _KNOWN.set(memo)
    try:
        yield memo
    finally:
        _KNOWN.reset(token)


def html_to_text(markup: str | None) -> str | None:
    """Plain text of an HTML fragment; the text known for it within `reusing` (see the top)."""
    if not markup or not markup.strip():
        return None
    memo = _KNOWN.get()
    return _convert(markup) if memo is None else memo.text_of(markup)


def _convert(markup: str) -> str | None:
    """Plain text of an HTML fragment (entity-escaped HTML too), keeping paragraph breaks.

    Text that still looks like markup after parsing (HTML escaped twice, or a ``<textarea>``'s
    raw content) is parsed once more; tags left after that are removed.
    """
    if "&lt;" in markup and "<" not in markup:
        markup = _unescape(markup)
    text = markup
    for _ in range(_PASSES):
        parsed = _text_of(text)
        if parsed is None or not _MARKUP.search(parsed):
            return parsed
        text = parsed
    return _TAG.sub("", text).strip() or None


def _unescape(markup: str) -> str:
    """``html.unescape``, by plain replacements when only the escaping entities occur (faster)."""
    if _OTHER_ENTITY.search(markup):
        return html_lib.unescape(markup)
    for entity, char in _BASIC_ENTITIES:
        markup = markup.replace(entity, char)
    return markup.replace("&amp;", "&")


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
