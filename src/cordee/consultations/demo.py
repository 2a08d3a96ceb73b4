"""The demo network's consultations."""

from __future__ import annotations


def load_consultations_demo() -> None:
    """Load the demo's consultations; safe to run again."""
