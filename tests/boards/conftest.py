"""Fixtures shared by the board tests."""

from pathlib import Path

import pytest

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured"


@pytest.fixture
def board_samples() -> Path:
    """The real captured board responses kept in tests/data/boards/captured (see SOURCES.md)."""
    return CAPTURED
