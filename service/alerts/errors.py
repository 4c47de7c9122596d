"""The expected ways a delivery fails: saved on the row and tried again later."""

from __future__ import annotations


class DeliveryFailed(Exception):
    """A channel refused or could not be reached; ``retry_after`` is the receiver's wish."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
