"""JSON helpers shared by the API board readers: decoding, field text, links, error wording."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from service.boards.base import ReadError
from service.boards.text import clean

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_KINDS = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}


def scrub_surrogates(value: Any) -> Any:
    """``value`` with lone UTF-16 surrogates (from escapes like ``\\ud800``) made U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [scrub_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {scrub_surrogates(key): scrub_surrogates(item) for key, item in value.items()}
    return value


def refuse_constant(name: str) -> Any:
    """``parse_constant`` hook: NaN and Infinity are not JSON, so refuse them."""
    raise ValueError(f"{name} is not a JSON value")


def finite_float(text: str) -> float:
    """``parse_float`` hook: a number too large for a float (``1e999``) is refused."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:40]} is too large")
    return value


def strict_loads(text: str | bytes) -> Any:
    """``json.loads`` refusing NaN, Infinity and overflowing floats with ValueError.

    Integers longer than Python's digit limit raise ValueError as well.
    """
    return json.loads(text, parse_constant=refuse_constant, parse_float=finite_float)


def load_json(body: bytes, reader: str) -> Any:
    """Decoded JSON with lone surrogates replaced, or ReadError saying why not."""
    try:
        text = body.decode(json.detect_encoding(body))
        data = strict_loads(text)
        return scrub_surrogates(data) if _SURROGATE_ESCAPE.search(text) else data
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReadError(f"{reader}: the response is not valid JSON ({exc})") from exc
    except RecursionError as exc:
        raise ReadError(f"{reader}: the JSON is nested too deeply") from exc


def json_kind(value: object) -> str:
    """How a JSON value looks, for error messages ("a list", "an object with keys 'a', 'b'")."""
    if isinstance(value, dict) and value:
        return "an object with keys " + ", ".join(repr(k) for k in list(value)[:6])
    return _JSON_KINDS.get(type(value), "null" if value is None else "a number")


def json_objects(items: list[Any], where: str) -> Iterator[dict[str, Any]]:
    """Each item of a list of postings; ReadError names the first one that is not an object."""
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ReadError(f"{where}[{index}] should be an object, got {json_kind(item)}")
        yield item


def json_text(value: object) -> str | None:
    """A cleaned string from a JSON string or number; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return clean(value)


def absolute_link(link: object, base: str) -> str | None:
    """``link`` made absolute against ``base``; None unless it is an http(s) URL."""
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        absolute = urljoin(base, link.strip())
        parts = urlsplit(absolute)
    except ValueError:
        return None
    return absolute if parts.scheme in ("http", "https") and parts.netloc else None


def check_url(url: str, reader: str) -> None:
    """ReadError unless ``url`` (where the response came from) parses as a URL."""
    try:
        urlsplit(url)
    except ValueError as exc:
        raise ReadError(f"{reader}: the response URL {url!r} is not a valid URL ({exc})") from exc
