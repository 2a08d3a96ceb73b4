"""The demo network's capacity exchange."""

from __future__ import annotations


def load_exchange_demo() -> None:
    """Load the demo's capacity exchange; safe to run again."""
