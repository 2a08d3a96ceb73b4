"""Time the counting methods on large votes (a script, not a test).

    .venv/bin/python bench/voting.py

Majority judgment: tally and rank 1,000,000 random ballots over 10 options
(six grades, about 5% of options left ungraded), from a numpy array and from
Python mappings. Schulze: 20 candidates and 100,000 random ballots, strict
rankings then rankings with ties and unranked candidates. Building the random
ballots is not timed; each timing is the best of three runs.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cordee.voting.counting import majority_judgment, schulze, tally_grades

GRADES = 6
OPTIONS = [f"option {i}" for i in range(10)]
CANDIDATES = [f"candidate {i}" for i in range(20)]


def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def majority_judgment_array(ballot_count: int) -> None:
    rng = np.random.default_rng(2024)
    grades = rng.integers(0, GRADES, size=(ballot_count, len(OPTIONS)), dtype=np.int8)
    grades[rng.random(grades.shape) < 0.05] = -1  # left ungraded

    seconds, ranking = best_of(3, lambda: majority_judgment(tally_grades(grades, OPTIONS, GRADES)))
    print(f"majority judgment, {ballot_count:,} ballots x {len(OPTIONS)} options (numpy array):")
    print(f"    tally + rank {seconds:.3f} s; winner {ranking[0]}")


def majority_judgment_mappings(ballot_count: int) -> None:
    rng = random.Random(2024)
    ballots = [
        {option: rng.randrange(GRADES) for option in OPTIONS if rng.random() >= 0.05}
        for _ in range(ballot_count)
    ]

    seconds, ranking = best_of(3, lambda: majority_judgment(tally_grades(ballots, OPTIONS, GRADES)))
    print(f"majority judgment, {ballot_count:,} ballots x {len(OPTIONS)} options (dicts):")
    print(f"    tally + rank {seconds:.3f} s; winner {ranking[0]}")


def schulze_strict(ballot_count: int) -> None:
    rng = random.Random(2024)
    ballots = []
    for _ in range(ballot_count):
        order = CANDIDATES[:]
        rng.shuffle(order)
        ballots.append([[candidate] for candidate in order])

    seconds, ranking = best_of(3, lambda: schulze(ballots, CANDIDATES))
    print(f"Schulze, {len(CANDIDATES)} candidates, {ballot_count:,} strict random ballots:")
    print(f"    rank {seconds:.3f} s; first group {ranking[0]}")


def schulze_with_ties(ballot_count: int) -> None:
    rng = random.Random(2025)
    ballots = []
    for _ in range(ballot_count):
        order = rng.sample(CANDIDATES, rng.randint(1, len(CANDIDATES)))
        groups: list[list[str]] = []
        for candidate in order:
            if groups and rng.random() < 0.3:
                groups[-1].append(candidate)
            else:
                groups.append([candidate])
        ballots.append(groups)

    seconds, ranking = best_of(3, lambda: schulze(ballots, CANDIDATES))
    print(f"Schulze, {len(CANDIDATES)} candidates, {ballot_count:,} ballots with ties, truncated:")
    print(f"    rank {seconds:.3f} s; first group {ranking[0]}")


if __name__ == "__main__":
    majority_judgment_array(1_000_000)
    majority_judgment_mappings(1_000_000)
    schulze_strict(100_000)
    schulze_with_ties(100_000)
