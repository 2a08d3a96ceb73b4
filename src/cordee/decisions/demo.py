"""The demo network's decisions."""

from __future__ import annotations


def load_decisions_demo() -> None:
    """Load the demo's decisions; safe to run again."""
