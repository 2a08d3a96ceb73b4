"""The counting methods of a vote: pure, exact functions (integers and Fractions).

Rankings are lists of tie-groups, best first; a group keeps the order in which
its options were given. Majority judgment lives in ``counting_judgment`` and
Schulze's method in ``counting_schulze``; both are re-exported here, so callers
import every method from this module.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeVar

from cordee.voting.counting_judgment import (
    MINUS,
    PLUS,
    MajorityJudgmentResult,
    MeritProfile,
    Separation,
    gauge_key,
    majority_judgment,
    majority_judgment_details,
    median_grade,
    merit_profile,
    tally_grades,
)
from cordee.voting.counting_schulze import (
    SchulzeBeat,
    SchulzeResult,
    pairwise_preferences,
    schulze,
    schulze_details,
    strongest_paths,
)

__all__ = [
    "MINUS",
    "PLUS",
    "SIMPLE_MAJORITY",
    "TWO_THIRDS",
    "ConsentResult",
    "MajorityJudgmentResult",
    "MeritProfile",
    "SchulzeBeat",
    "SchulzeResult",
    "Separation",
    "YesNoResult",
    "approval",
    "consent",
    "gauge_key",
    "majority_judgment",
    "majority_judgment_details",
    "median_grade",
    "merit_profile",
    "pairwise_preferences",
    "plurality",
    "rank_by_count",
    "schulze",
    "schulze_details",
    "strongest_paths",
    "tally_grades",
    "yes_no",
]

Option = TypeVar("Option", bound=Hashable)

SIMPLE_MAJORITY = Fraction(1, 2)  # with strict=True: more than half
TWO_THIRDS = Fraction(2, 3)  # with strict=False: at least two thirds


def rank_by_count(counts: Mapping[Option, int]) -> list[list[Option]]:
    """Options by decreasing count, equal counts tied in one group."""
    validated = {}
    for option, count in counts.items():
        try:
            validated[option] = operator.index(count)
        except TypeError:
            raise ValueError(
                f"The count of {option!r} must be a whole number, not {count!r}."
            ) from None
        if validated[option] < 0:
            raise ValueError(f"The count of {option!r} cannot be negative ({count}).")
    ranking: list[list[Option]] = []
    for option in sorted(validated, key=validated.__getitem__, reverse=True):
        if ranking and validated[ranking[-1][0]] == validated[option]:
            ranking[-1].append(option)
        else:
            ranking.append([option])
    return ranking


def plurality(counts: Mapping[Option, int]) -> list[list[Option]]:
    """Plurality (one choice per voter): ``counts`` maps each option to its votes."""
    return rank_by_count(counts)


def approval(counts: Mapping[Option, int]) -> list[list[Option]]:
    """Approval voting: ``counts`` maps each option to the ballots approving it."""
    return rank_by_count(counts)


@dataclass(frozen=True)
class YesNoResult:
    """The outcome of a yes/no vote.

    ``share`` is the yes share of the counted votes (None when nothing was
    counted); ``threshold`` and ``strict`` say what it had to exceed (strict)
    or reach; ``needed`` is the number of yes votes that would have passed it
    with the same counted votes (None when nothing was counted; more than
    ``counted`` when no number of yes votes could have).
    """

    passed: bool
    share: Fraction | None
    needed: int | None
    counted: int
    threshold: Fraction
    strict: bool


def yes_no(
    yes: int,
    no: int,
    abstain: int = 0,
    *,
    threshold: Fraction | int = SIMPLE_MAJORITY,
    strict: bool = True,
    count_abstentions: bool = False,
) -> YesNoResult:
    """Decide a yes/no vote.

    The defaults are a simple majority of the votes cast: more than half of yes
    and no together. Two thirds is ``threshold=TWO_THIRDS, strict=False`` (at
    least two thirds); ``count_abstentions=True`` counts abstentions in the
    denominator, so that they weigh like a no. Without any counted vote, the
    motion does not pass.
    """
    if isinstance(threshold, float) or not isinstance(threshold, Fraction | int):
        raise TypeError(f"The threshold must be exact, such as Fraction(2, 3), not {threshold!r}.")
    threshold = Fraction(threshold)
    if not 0 <= threshold <= 1:
        raise ValueError(f"The threshold is a share between 0 and 1, not {threshold}.")
    yes, no, abstain = (
        _count(name, value) for name, value in (("yes", yes), ("no", no), ("abstain", abstain))
    )
    counted = yes + no + (abstain if count_abstentions else 0)
    if counted == 0:
        return YesNoResult(False, None, None, 0, threshold, strict)
    share = Fraction(yes, counted)
    bar = threshold * counted
    needed = math.floor(bar) + 1 if strict else math.ceil(bar)
    passed = share > threshold if strict else share >= threshold
    return YesNoResult(passed, share, needed, counted, threshold, strict)


@dataclass(frozen=True)
class ConsentResult:
    """Consent passes unless a reasoned objection still stands."""

    passed: bool
    standing_objections: int


def consent(objections: int | Iterable[Any]) -> ConsentResult:
    """Decide by consent.

    ``objections`` is the number of objections still standing, or the objection
    records themselves, each with a ``standing`` flag (attribute or key): an
    objection withdrawn or resolved no longer blocks.
    """
    if isinstance(objections, bool):
        raise TypeError("Pass the number of standing objections or the objections, not a bool.")
    if isinstance(objections, int):
        standing = _count("standing objections", objections)
    else:
        standing = sum(1 for objection in objections if _is_standing(objection))
    return ConsentResult(passed=standing == 0, standing_objections=standing)


def _is_standing(objection: Any) -> bool:
    flag = objection["standing"] if isinstance(objection, Mapping) else objection.standing
    return bool(flag)


def _count(name: str, value: int) -> int:
    if isinstance(value, bool):
        raise TypeError(f"The number of {name} must be a whole number, not {value!r}.")
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"The number of {name} must be a whole number, not {value!r}.") from None
    if number < 0:
        raise ValueError(f"The number of {name} cannot be negative ({number}).")
    return number
