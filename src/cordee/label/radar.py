"""The geometry of the benchmark's radar chart, as pure functions (the template draws it)."""

from __future__ import annotations

import math
from collections.abc import Sequence

SIZE = 320
CENTRE = SIZE / 2
RADIUS = 110
MAX_LEVEL = 5


def point(index: int, count: int, value: float, radius: float = RADIUS) -> tuple[float, float]:
    """Where ``value`` (0 to 5) lies on the ``index``-th of ``count`` axes, the first one up."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = radius * max(0.0, min(value, MAX_LEVEL)) / MAX_LEVEL
    return round(CENTRE + distance * math.cos(angle), 1), round(
        CENTRE + distance * math.sin(angle), 1
    )


def polygon(values: Sequence[float | None]) -> str:
    """SVG ``points`` for a polygon through the values (a missing value counts as 0)."""
    count = len(values)
    return " ".join(
        "{},{}".format(*point(index, count, value or 0.0)) for index, value in enumerate(values)
    )


def axes(labels: Sequence[str]) -> list[dict[str, object]]:
    """One axis per label: its end, and where to write the label."""
    count = len(labels)
    result = []
    for index, label in enumerate(labels):
        end = point(index, count, MAX_LEVEL)
        text = point(index, count, MAX_LEVEL, radius=RADIUS + 22)
        anchor = "middle" if abs(text[0] - CENTRE) < 5 else ("start" if text[0] > CENTRE else "end")
        result.append(
            {
                "label": label,
                "x": end[0],
                "y": end[1],
                "tx": text[0],
                "ty": text[1],
                "anchor": anchor,
            }
        )
    return result


def rings(count: int) -> list[str]:
    """Polygons for the levels 1 to 5 over ``count`` axes, drawn as a grid."""
    return [polygon([float(level)] * count) for level in range(1, MAX_LEVEL + 1)]
