"""The demo network's governance."""

from __future__ import annotations


def load_governance_demo() -> None:
    """Load the demo's governance; safe to run again."""
