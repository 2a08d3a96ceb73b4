"""The demo network's co-written texts."""

from __future__ import annotations


def load_texts_demo() -> None:
    """Load the demo's co-written texts; safe to run again."""
