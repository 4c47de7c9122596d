"""Uploaded files between the upload and the job that applies them: on disk, never in memory.

An upload is copied in chunks into ``IMPORT_UPLOAD_FOLDER`` (default: the instance folder's
``uploads/``) under a random name that the run keeps. The file is removed once its run is DONE;
a FAILED run keeps it for "Start it again", until a later attempt succeeds or the run goes.
The web process and the workers must see the same folder: a worker on another machine needs it
on shared storage (a volume both mount), as the database is shared.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import BinaryIO

from flask import current_app

from service.errors import ValidationFailed

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
_SUFFIX = ".upload"


def folder() -> Path:
    """Where uploads wait for their job (made on first use)."""
    configured = current_app.config.get("IMPORT_UPLOAD_FOLDER")
    path = Path(configured) if configured else Path(current_app.instance_path) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(name: str) -> Path:
    """The file of a stored upload (the name is ours: random hex, never the user's)."""
    if not name.endswith(_SUFFIX) or not name.removesuffix(_SUFFIX).isalnum():
        raise ValueError(f"not an upload name: {name!r}")
    return folder() / name


def save(filename: str, content: bytes | BinaryIO) -> str:
    """Copy an upload to disk in chunks, within IMPORT_MAX_BYTES; the stored file's name."""
    name = new_name()
    target = folder() / name
    size = 0
    try:
        with target.open("xb") as out:
            if isinstance(content, bytes):
                size = len(content)
                check_size(filename, size)
                out.write(content)
            else:
                while chunk := content.read(CHUNK):
                    size += len(chunk)
                    if size > _limit():
                        check_size(filename, size)
                    out.write(chunk)
        check_size(filename, size)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return name


def new_name() -> str:
    """A fresh random name for a stored upload."""
    return secrets.token_hex(16) + _SUFFIX


def _limit() -> int:
    return int(current_app.config["IMPORT_MAX_BYTES"])


def check_size(filename: str, size: int) -> None:
    """ValidationFailed when an upload is empty or larger than IMPORT_MAX_BYTES."""
    limit = _limit()
    if size > limit:
        raise ValidationFailed(
            f"{filename} is too large: imports are limited to {limit / 1e6:.0f} MB.",
            {"file": "too large"},
        )
    if size == 0:
        raise ValidationFailed(f"{filename} is empty.", {"file": "empty"})


def remove(name: str | None) -> None:
    """Delete a stored upload; a missing file is already gone."""
    if name:
        try:
            path_of(name).unlink(missing_ok=True)
        except (OSError, ValueError):
            log.warning("could not remove upload %s", name, exc_info=True)
