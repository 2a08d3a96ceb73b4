"""The label's arithmetic and rules, as pure functions (no Django): scores by pillar,
gaps between self and peer levels, conflicts of interest, and the benchmark's
minimum group size."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import median

# No aggregate over fewer companies is ever shown: below this, one company's
# scores could be inferred from the aggregate and a few known others.
MIN_GROUP = 5
# Self and peer levels this far apart are pointed out to the committee.
GAP_TO_FLAG = 2
# At or below this level a criterion is weak: it calls for an improvement action.
WEAK_LEVEL = 2
STRONG_LEVEL = 4


def group_median(values: Sequence[float]) -> float | None:
    """The median of one value per company, or ``None`` when fewer than
    :data:`MIN_GROUP` companies: the one rule every page and export goes through."""
    if len(values) < MIN_GROUP:
        return None
    return float(median(values))


def weighted_mean(levels: Iterable[tuple[int | None, int]]) -> float | None:
    """The mean of ``(level, weight)`` pairs, unanswered levels left out."""
    total = weight_sum = 0
    for level, weight in levels:
        if level is None:
            continue
        total += level * weight
        weight_sum += weight
    if not weight_sum:
        return None
    return round(total / weight_sum, 2)


def pillar_scores(answers: Iterable[tuple[str, int | None, int]]) -> dict[str, float]:
    """Weighted mean level per pillar from ``(pillar, level, weight)`` triples."""
    grouped: dict[str, list[tuple[int | None, int]]] = {}
    for pillar, level, weight in answers:
        grouped.setdefault(pillar, []).append((level, weight))
    return {
        pillar: score
        for pillar, levels in grouped.items()
        if (score := weighted_mean(levels)) is not None
    }


def is_gap(self_level: int | None, peer_level: int | None) -> bool:
    """Self and peer disagree enough for the committee to look at it."""
    if self_level is None or peer_level is None:
        return False
    return abs(self_level - peer_level) >= GAP_TO_FLAG


def is_weak(level: int | None, target: int | None = None) -> bool:
    """A criterion calls for action: level 2 or less, or below the company's target."""
    if level is None:
        return False
    return level <= WEAK_LEVEL or (target is not None and level < target)


@dataclass(frozen=True)
class Company:
    """What conflicts of interest are checked on."""

    id: int
    group: str = ""
    competitor_ids: frozenset[int] = frozenset()


class Conflict:
    SAME_COMPANY = "same_company"
    SAME_GROUP = "same_group"
    COMPETITOR = "competitor"
    RECIPROCAL = "reciprocal"


def conflict_of_interest(
    *, reviewer: Company, assessed: Company, reviewed_by: Mapping[int, set[int]]
) -> str | None:
    """Why ``reviewer``'s company may not review ``assessed``, or ``None``.

    ``reviewed_by`` maps a company to the companies whose people review it in
    the same campaign: a company does not review the one that reviews it.
    """
    if reviewer.id == assessed.id:
        return Conflict.SAME_COMPANY
    if reviewer.group and reviewer.group.strip().casefold() == assessed.group.strip().casefold():
        return Conflict.SAME_GROUP
    if assessed.id in reviewer.competitor_ids or reviewer.id in assessed.competitor_ids:
        return Conflict.COMPETITOR
    if assessed.id in reviewed_by.get(reviewer.id, set()):
        return Conflict.RECIPROCAL
    return None


def missing(required: Iterable[str], answered: Iterable[str]) -> list[str]:
    """The required codes not answered, in their order."""
    done = set(answered)
    return [code for code in required if code not in done]
