"""Majority judgment (Balinski & Laraki), exact and fast over grade counts.

Every voter grades every option; an option's *merit profile* is how many grades
it received at each level, lowest level first. Options are ranked by their
*majority value*: the median grade, then the median of the grades left once one
median grade is removed, and so on until no grade is left. Majority values are
compared lexicographically, the higher first. With an even number of grades the
median is the *lower* median.

Why run lengths are enough
--------------------------
Let ``s[0] <= ... <= s[n-1]`` be an option's grades in order and ``k = n // 2``.
The lower median is ``s[(n - 1) // 2]``. Removing it one grade at a time takes:

- ``n`` odd (``n = 2k + 1``): ``s[k]``, then ``s[k-1], s[k+1], s[k-2], s[k+2], ..., s[0], s[2k]``;
- ``n`` even (``n = 2k``): ``s[k-1], s[k], s[k-2], s[k+1], ..., s[0], s[2k-1]``.

Once the centre of an odd list is removed, the even list left has its lower
median just left of the hole; once that is removed, the odd list left has its
median just right of the hole, and so on. So the majority value is the centre
grade ``s[k]`` (odd ``n`` only) followed by the interleaving ``L0, R0, L1, R1,
...`` of the lower half read downward from the centre (``L = s[k-1], ..., s[0]``)
and the upper half read upward (``R = s[n-k], ..., s[n-1]``). Both halves are
monotone, hence at most one run per grade, and their interleaving is a short
list of *chunks* "the pair (l, r), m times". Options with the same number of
grades have the same positions, so two majority values are compared chunk by
chunk in time proportional to the number of grade levels, whatever the number
of voters.

The same reading gives Balinski & Laraki's *majority gauge*: with ``above`` and
``below`` the numbers of grades strictly above and below the median, the upper
half leaves the median grade (upward) before the lower half does (downward)
exactly when ``above > below``. Hence the first tie-break: same median, then
"+" (``above > below``) before "−", then among "+" the larger share above,
among "−" the smaller share below; later steps compare the grades at which the
halves leave the median, and so on.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cmp_to_key
from itertools import chain, pairwise
from typing import Any, Generic, Literal, TypeVar

import numpy as np

Option = TypeVar("Option", bound=Hashable)

PLUS = "+"
MINUS = "−"

# Where two options' majority values first differ: the medians, the majority
# gauge (share above vs share below), or a later median.
SeparationReason = Literal["median", "gauge", "majority_value"]


@dataclass(frozen=True)
class MeritProfile(Generic[Option]):
    """An option's grades for the results page; every share is an exact Fraction."""

    option: Option
    counts: tuple[int, ...]
    total: int
    median: int | None  # lower median grade index; None when nobody graded
    above: Fraction  # share of grades strictly above the median
    below: Fraction  # share of grades strictly below the median
    gauge: str | None  # PLUS when above > below, else MINUS; None when nobody graded

    @property
    def gauge_share(self) -> Fraction:
        """The share the majority gauge compares: above for "+", below for "−"."""
        return self.above if self.gauge == PLUS else self.below


@dataclass(frozen=True)
class Separation(Generic[Option]):
    """Why ``higher`` ranks above ``lower``.

    ``step`` is how many median grades were removed before their majority values
    differ (0: the medians differ); at that step ``higher`` has
    ``higher_grade`` and ``lower`` has ``lower_grade``. With ``reason ==
    "gauge"``, show the two profiles' ``above`` and ``below`` shares.
    """

    higher: Option
    lower: Option
    reason: SeparationReason
    step: int
    higher_grade: int
    lower_grade: int


@dataclass(frozen=True)
class MajorityJudgmentResult(Generic[Option]):
    """The ranking (tie-groups, best first), each option's profile, and the reasons.

    ``separations[i]`` explains why ``ranking[i]`` is above ``ranking[i + 1]``;
    the options of one group have identical merit profiles.
    """

    ranking: list[list[Option]]
    profiles: dict[Option, MeritProfile[Option]]
    separations: list[Separation[Option]]


@dataclass(frozen=True, slots=True)
class _MajorityValue:
    centre: int | None  # the first median when the number of grades is odd
    chunks: tuple[tuple[int, int, int], ...]  # (left grade, right grade, repeats)


def median_grade(counts: Sequence[int]) -> int:
    """The lower median grade index of ``counts`` (counts per grade, lowest first)."""
    counts = _as_counts(counts)
    total = sum(counts)
    if total == 0:
        raise ValueError("No grades were given, so there is no median grade.")
    return _grade_at(counts, (total - 1) // 2)


def merit_profile(option: Option, counts: Sequence[int]) -> MeritProfile[Option]:
    """The results-page profile of one option."""
    counts = _as_counts(counts)
    total = sum(counts)
    if total == 0:
        return MeritProfile(option, counts, 0, None, Fraction(0), Fraction(0), None)
    median = _grade_at(counts, (total - 1) // 2)
    above = Fraction(sum(counts[median + 1 :]), total)
    below = Fraction(sum(counts[:median]), total)
    return MeritProfile(
        option, counts, total, median, above, below, PLUS if above > below else MINUS
    )


def majority_judgment(tallies: Mapping[Option, Sequence[int]]) -> list[list[Option]]:
    """Rank options by majority judgment: tie-groups, best first.

    ``tallies`` maps each option to its grade counts, lowest grade first. Every
    option must have the same total: count an option a voter left ungraded as
    the lowest grade (``tally_grades`` does). Options tie only when their
    profiles are identical; a group keeps the order of ``tallies``.
    """
    return majority_judgment_details(tallies).ranking


def majority_judgment_details(
    tallies: Mapping[Option, Sequence[int]],
) -> MajorityJudgmentResult[Option]:
    """``majority_judgment`` with the profiles and the reason for each step down."""
    counts = _validated(tallies)
    values = {option: _majority_value(option_counts) for option, option_counts in counts.items()}

    def compare(a: Option, b: Option) -> int:
        difference = _first_difference(values[a], values[b])
        if difference is None:
            return 0
        _, grade_a, grade_b = difference
        return -1 if grade_a > grade_b else 1  # better first

    ranking: list[list[Option]] = []
    for option in sorted(counts, key=cmp_to_key(compare)):
        if ranking and compare(ranking[-1][0], option) == 0:
            ranking[-1].append(option)
        else:
            ranking.append([option])

    profiles = {
        option: merit_profile(option, option_counts) for option, option_counts in counts.items()
    }
    separations = [
        _separation(profiles[higher[0]], profiles[lower[0]], values)
        for higher, lower in pairwise(ranking)
    ]
    return MajorityJudgmentResult(ranking, profiles, separations)


def gauge_key(profile: MeritProfile[Any]) -> tuple[int, int, Fraction]:
    """A sort key (larger is better) for Balinski & Laraki's majority gauge.

    It orders by the first tie-break only: options with equal keys may still be
    separated by later medians.
    """
    if profile.median is None:
        return (-1, 0, Fraction(0))
    if profile.gauge == PLUS:
        return (profile.median, 1, profile.above)
    return (profile.median, 0, -profile.below)


def tally_grades(
    ballots: Iterable[Mapping[Option, int]] | np.ndarray,
    options: Sequence[Option],
    grade_count: int,
    weights: Sequence[int] | np.ndarray | None = None,
) -> dict[Option, list[int]]:
    """Count the grades of each option, lowest grade first, ready for ``majority_judgment``.

    ``ballots`` is either an iterable of mappings option → grade index (an
    option missing from a ballot counts as the lowest grade), or an integer
    numpy array with one row per ballot and one column per option, in the
    order of ``options``, where -1 marks an option left ungraded (counted as
    the lowest grade). The array form is the fast one: a million ballots over
    ten options count in a few tens of milliseconds.

    ``weights``, one whole number per ballot, counts each ballot that many
    times (an organisation with a weight of 3 under the statutes).
    """
    if grade_count < 1:
        raise ValueError(f"A grading scale needs at least one grade, not {grade_count}.")
    options = list(options)
    if len(set(options)) != len(options):
        raise ValueError("Each option may appear only once in the options.")
    if isinstance(ballots, np.ndarray):
        return _tally_array(ballots, options, grade_count, _weights(weights, len(ballots)))
    if weights is not None:
        ballots = ballots if isinstance(ballots, Sequence) else list(ballots)
        return _tally_array(
            _as_array(ballots, options), options, grade_count, _weights(weights, len(ballots))
        )
    return _tally_mappings(ballots, options, grade_count)


def _weights(weights: Sequence[int] | np.ndarray | None, ballots: int) -> np.ndarray | None:
    if weights is None:
        return None
    array = np.asarray(weights)
    if array.shape != (ballots,) or (array.size and not np.issubdtype(array.dtype, np.integer)):
        raise ValueError(f"Give one whole-number weight per ballot ({ballots}).")
    if array.size and array.min() < 0:
        raise ValueError("Weights cannot be negative.")
    return array.astype(np.int64)


def _as_array(ballots: Sequence[Mapping[Option, int]], options: list[Option]) -> np.ndarray:
    """Mappings option → grade as rows of grades, -1 where an option is ungraded."""
    column = {option: index for index, option in enumerate(options)}
    grid = np.full((len(ballots), len(options)), -1, dtype=np.int64)
    for row, ballot in enumerate(ballots):
        for option, grade in ballot.items():
            if option not in column:
                raise ValueError(f"A ballot grades {option!r}, which is not among the options.")
            level = _grade_index(grade)
            if level is None:
                raise ValueError(f"A ballot gives {option!r} the grade {grade!r}.")
            grid[row, column[option]] = level
    return grid


def _tally_array(
    ballots: np.ndarray, options: list[Option], grade_count: int, weights: np.ndarray | None
) -> dict[Option, list[int]]:
    if ballots.ndim != 2 or ballots.shape[1] != len(options):
        raise ValueError(
            f"The ballot array must have one column per option ({len(options)}), "
            f"its shape is {ballots.shape}."
        )
    if not np.issubdtype(ballots.dtype, np.integer):
        raise ValueError(f"The ballot array must hold integer grades, not {ballots.dtype}.")
    if ballots.size and (ballots.min() < -1 or ballots.max() >= grade_count):
        raise ValueError(
            f"Grades must lie between 0 and {grade_count - 1} (or -1 for ungraded); "
            f"the array holds {ballots.min()} to {ballots.max()}."
        )
    columns = np.ascontiguousarray(ballots.T)
    tallies: dict[Option, list[int]] = {}
    for option, column in zip(options, columns, strict=True):
        # Shift by one so that "ungraded" (-1) gets bin 0, then merge it into the lowest grade.
        shifted = column.astype(np.intp) + 1
        if weights is None:
            bins = np.bincount(shifted, minlength=grade_count + 1)
        else:
            # Sums of whole weights, exact below 2**53 (far beyond any electorate).
            bins = np.bincount(shifted, weights=weights, minlength=grade_count + 1)
            bins = bins.astype(np.int64)
        counts = [int(count) for count in bins[1:]]
        counts[0] += int(bins[0])
        tallies[option] = counts
    return tallies


def _tally_mappings(
    ballots: Iterable[Mapping[Option, int]], options: list[Option], grade_count: int
) -> dict[Option, list[int]]:
    ballots = ballots if isinstance(ballots, Sequence) else list(ballots)
    # Counting (option, grade) pairs in C is several times faster than a Python loop.
    pairs = Counter(chain.from_iterable(ballot.items() for ballot in ballots))
    tallies = {option: [0] * grade_count for option in options}
    for (option, grade), count in pairs.items():
        if option not in tallies:
            raise ValueError(f"A ballot grades {option!r}, which is not among the options.")
        level = _grade_index(grade)
        if level is None or not 0 <= level < grade_count:
            raise ValueError(
                f"A ballot gives {option!r} the grade {grade!r}; "
                f"grades are whole numbers from 0 to {grade_count - 1}."
            )
        tallies[option][level] += count
    for counts in tallies.values():
        counts[0] += len(ballots) - sum(counts)  # ungraded counts as the lowest grade
    return tallies


def _grade_index(grade: Any) -> int | None:
    if isinstance(grade, bool):
        return None
    try:
        return operator.index(grade)
    except TypeError:
        return None


def _as_counts(counts: Sequence[int]) -> tuple[int, ...]:
    if isinstance(counts, str | bytes):
        raise ValueError("Grade counts must be a sequence of whole numbers, lowest grade first.")
    try:
        result = tuple(operator.index(count) for count in counts)
    except TypeError:
        raise ValueError(
            f"Grade counts must be whole numbers, lowest grade first; got {counts!r}."
        ) from None
    if not result:
        raise ValueError("A grading scale needs at least one grade.")
    if min(result) < 0:
        raise ValueError(f"Grade counts cannot be negative; got {list(result)}.")
    return result


def _validated(tallies: Mapping[Option, Sequence[int]]) -> dict[Option, tuple[int, ...]]:
    counts = {option: _as_counts(option_counts) for option, option_counts in tallies.items()}
    if len({len(option_counts) for option_counts in counts.values()}) > 1:
        sizes = ", ".join(f"{option!r}: {len(c)}" for option, c in counts.items())
        raise ValueError(f"Every option must be graded on the same scale; grade levels: {sizes}.")
    totals = {option: sum(option_counts) for option, option_counts in counts.items()}
    if len(set(totals.values())) > 1:
        listing = ", ".join(f"{option!r}: {total}" for option, total in totals.items())
        raise ValueError(
            "Every option must have the same number of grades (one per ballot); "
            f"got {listing}. Count an option left ungraded as the lowest grade."
        )
    return counts


def _grade_at(counts: tuple[int, ...], position: int) -> int:
    """The grade at ``position`` (0-based) in the grades sorted in increasing order."""
    seen = 0
    for grade, count in enumerate(counts):
        seen += count
        if seen > position:
            return grade
    raise IndexError(position)


def _runs_from_bottom(counts: Iterable[tuple[int, int]], size: int) -> list[list[int]]:
    """The first ``size`` grades of ``counts`` ((grade, count) pairs) as [grade, count] runs."""
    runs: list[list[int]] = []
    for grade, count in counts:
        if size == 0:
            break
        if count:
            taken = min(count, size)
            runs.append([grade, taken])
            size -= taken
    return runs


def _majority_value(counts: tuple[int, ...]) -> _MajorityValue:
    total = sum(counts)
    half = total // 2
    levels = list(enumerate(counts))
    left = _runs_from_bottom(levels, half)[::-1]  # s[half-1] down to s[0]
    right = _runs_from_bottom(levels[::-1], half)[::-1]  # s[total-half] up to s[total-1]
    centre = _grade_at(counts, half) if total % 2 else None
    chunks = []
    i = j = 0
    while i < len(left):
        repeats = min(left[i][1], right[j][1])
        chunks.append((left[i][0], right[j][0], repeats))
        left[i][1] -= repeats
        right[j][1] -= repeats
        i += left[i][1] == 0
        j += right[j][1] == 0
    return _MajorityValue(centre, tuple(chunks))


def _first_difference(a: _MajorityValue, b: _MajorityValue) -> tuple[int, int, int] | None:
    """(position, grade of a, grade of b) where the majority values first differ, or None."""
    if a.centre != b.centre:
        assert a.centre is not None and b.centre is not None, "same totals, so both odd"
        return (0, a.centre, b.centre)
    offset = 0 if a.centre is None else 1
    i = j = 0
    left_a = a.chunks[0][2] if a.chunks else 0
    left_b = b.chunks[0][2] if b.chunks else 0
    pairs_done = 0
    while i < len(a.chunks):
        lower_a, upper_a, _ = a.chunks[i]
        lower_b, upper_b, _ = b.chunks[j]
        if lower_a != lower_b:
            return (offset + 2 * pairs_done, lower_a, lower_b)
        if upper_a != upper_b:
            return (offset + 2 * pairs_done + 1, upper_a, upper_b)
        step = min(left_a, left_b)
        pairs_done += step
        left_a -= step
        left_b -= step
        if left_a == 0:
            i += 1
            left_a = a.chunks[i][2] if i < len(a.chunks) else 0
        if left_b == 0:
            j += 1
            left_b = b.chunks[j][2] if j < len(b.chunks) else 0
    return None


def _separation(
    higher: MeritProfile[Option],
    lower: MeritProfile[Option],
    values: Mapping[Option, _MajorityValue],
) -> Separation[Option]:
    difference = _first_difference(values[higher.option], values[lower.option])
    assert difference is not None, "consecutive groups differ"
    position, higher_grade, lower_grade = difference
    reason: SeparationReason
    if higher.median != lower.median:
        reason = "median"
    elif gauge_key(higher) != gauge_key(lower):
        reason = "gauge"
    else:
        reason = "majority_value"
    return Separation(higher.option, lower.option, reason, position, higher_grade, lower_grade)
