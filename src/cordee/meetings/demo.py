"""The demo network's meetings."""

from __future__ import annotations


def load_meetings_demo() -> None:
    """Load the demo's meetings; safe to run again."""
