"""Reading a response body under a size cap and the fetch's deadline."""

from __future__ import annotations

from collections.abc import Callable

import requests

from service.boards.errors import FetchTimeout, too_large
from service.boards.pinning import Deadline

CHUNK_BYTES = 64 * 1024


def read_body(
    response: requests.Response,
    cap: int,
    *,
    truncate: bool,
    deadline: Deadline,
    timeout: Callable[[str], FetchTimeout],
) -> bytes:
    """Stream the decoded body, stopping at the cap (or truncating) and at the deadline."""
    url = response.url or ""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > cap and not truncate:
        raise too_large(url, cap, f"it announces {int(declared):,} bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=CHUNK_BYTES):
        if deadline.expired:
            raise timeout(url)
        size += len(chunk)
        chunks.append(chunk)
        if size > cap:
            if truncate:
                break
            raise too_large(url, cap, "its decompressed body is larger")
    if deadline.fired:
        raise timeout(url)
    return b"".join(chunks)[:cap]
