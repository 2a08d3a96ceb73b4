"""The demo network's mutual aid."""

from __future__ import annotations


def load_mutualaid_demo() -> None:
    """Load the demo's mutual aid; safe to run again."""
