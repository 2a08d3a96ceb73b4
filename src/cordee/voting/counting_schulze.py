"""Schulze's beatpath method with winning votes, exact (integer counts only).

A ballot is a list of tie-groups, most preferred first: ``[["A"], ["B", "C"]]``
reads "A, then B and C equally". Candidates missing from a ballot rank below
every candidate it names, tied with one another.

- ``d[a][b]`` is the number of ballots preferring ``a`` to ``b``.
- The link ``a → b`` has strength ``d[a][b]`` when ``d[a][b] > d[b][a]`` (winning
  votes), else there is no link (strength 0).
- ``p[a][b]``, the strength of the strongest path from ``a`` to ``b``, is the
  largest, over paths, of the weakest link on the path (Floyd–Warshall).
- ``a`` beats ``b`` when ``p[a][b] > p[b][a]``.

Schulze proves "beats" transitive, so it is a strict partial order. It is not
always a weak order, though: "neither beats the other" need not be transitive.
With the three ballots ``C``; ``B > A = C``; ``A > C``, C beats B (2 to 1) while A
neither beats nor is beaten by B or C. The ranking is therefore built in
layers, as successive Schulze winners: the first group is every candidate
nobody beats, the next group every candidate nobody else left beats, and so on.
Candidates in one group never beat one another, every candidate is beaten by
some candidate of the group just above, and a candidate that beats another
always ranks above it. Above, the ranking is A and C tied, then B.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import Generic, TypeVar

import numpy as np

C = TypeVar("C", bound=Hashable)

Ballot = Sequence[Collection[C]]


@dataclass(frozen=True)
class SchulzeBeat(Generic[C]):
    """``winner`` beats ``loser``: strongest path ``strength`` against ``against``."""

    winner: C
    loser: C
    strength: int
    against: int


@dataclass(frozen=True)
class SchulzeResult(Generic[C]):
    """Everything the results page shows; matrices follow the order of ``candidates``.

    ``separations[i]`` lists, for each candidate of ``ranking[i + 1]``, a
    candidate of ``ranking[i]`` that beats it.
    """

    candidates: list[C]
    ballot_count: int
    pairwise: list[list[int]]  # pairwise[i][j]: ballots preferring candidates[i] to candidates[j]
    strongest_paths: list[list[int]]
    ranking: list[list[C]]
    separations: list[list[SchulzeBeat[C]]]

    def preferring(self, a: C, b: C) -> int:
        """How many ballots prefer ``a`` to ``b``."""
        return self.pairwise[self._index(a)][self._index(b)]

    def path(self, a: C, b: C) -> int:
        """The strength of the strongest path from ``a`` to ``b``."""
        return self.strongest_paths[self._index(a)][self._index(b)]

    def beats(self, a: C, b: C) -> bool:
        return self.path(a, b) > self.path(b, a)

    def _index(self, candidate: C) -> int:
        return self.candidates.index(candidate)


def schulze(ballots: Iterable[Ballot[C]], candidates: Sequence[C] | None = None) -> list[list[C]]:
    """Rank candidates by Schulze's method: tie-groups, best first.

    Without ``candidates``, they are every candidate named on a ballot, in
    order of first appearance; groups keep that order.
    """
    return schulze_details(ballots, candidates).ranking


def schulze_details(
    ballots: Iterable[Ballot[C]], candidates: Sequence[C] | None = None
) -> SchulzeResult[C]:
    """``schulze`` with the pairwise counts, the strongest paths and who beats whom."""
    names, preferences, ballot_count = pairwise_preferences(ballots, candidates)
    paths = strongest_paths(preferences)
    beats = (paths > paths.T).tolist()
    ranking: list[list[int]] = []
    remaining = list(range(len(names)))
    while remaining:
        unbeaten = [b for b in remaining if not any(beats[a][b] for a in remaining)]
        ranking.append(unbeaten)  # never empty: "beats" is a strict partial order
        remaining = [c for c in remaining if c not in unbeaten]

    def beaten_by(higher: list[int], loser: int) -> SchulzeBeat[C]:
        winner = next(w for w in higher if beats[w][loser])
        return SchulzeBeat(
            names[winner], names[loser], int(paths[winner, loser]), int(paths[loser, winner])
        )

    separations = [
        [beaten_by(higher, loser) for loser in lower] for higher, lower in pairwise(ranking)
    ]
    return SchulzeResult(
        candidates=names,
        ballot_count=ballot_count,
        pairwise=preferences.tolist(),
        strongest_paths=paths.tolist(),
        ranking=[[names[i] for i in group] for group in ranking],
        separations=separations,
    )


def pairwise_preferences(
    ballots: Iterable[Ballot[C]], candidates: Sequence[C] | None = None
) -> tuple[list[C], np.ndarray, int]:
    """The candidates, the matrix ``d`` (int64) and the number of ballots."""
    ballots = ballots if isinstance(ballots, Sequence) else list(ballots)
    if any(issubclass(kind, str | bytes) for kind in set(map(type, chain.from_iterable(ballots)))):
        raise ValueError(
            'Each ballot is a list of tie-groups of candidates, such as [["A"], ["B", "C"]]; '
            "a ballot or a tie-group was given as a bare string."
        )
    # Identical ballots are counted once and weighted: real votes repeat a lot.
    counted = Counter(tuple(map(tuple, ballot)) for ballot in ballots)
    distinct = list(counted)
    if candidates is None:
        names = list(dict.fromkeys(chain.from_iterable(_groups(distinct))))
    else:
        names = list(candidates)
        if len(set(names)) != len(names):
            raise ValueError("Each candidate may appear only once in the candidates.")
    index = {name: i for i, name in enumerate(names)}
    size = len(names)
    try:
        cells = np.fromiter(
            map(index.__getitem__, chain.from_iterable(_groups(distinct))), dtype=np.intp
        )
    except KeyError as error:
        raise ValueError(
            f"A ballot ranks {error.args[0]!r}, which is not among the candidates."
        ) from None

    # Rank level of each cell (its group's position on its ballot) and its ballot, vectorised.
    groups_per_ballot = np.fromiter(map(len, distinct), dtype=np.intp, count=len(distinct))
    group_sizes = np.fromiter(map(len, _groups(distinct)), dtype=np.intp)
    first_group = np.cumsum(groups_per_ballot) - groups_per_ballot
    group_ballot = np.repeat(np.arange(len(distinct)), groups_per_ballot)
    group_level = np.arange(len(group_sizes)) - first_group[group_ballot]
    cell_ballot = np.repeat(group_ballot, group_sizes)
    cell_level = np.repeat(group_level, group_sizes)
    absent = int(groups_per_ballot.max()) + 1 if len(distinct) else 0  # below every level
    levels = np.full((size, len(distinct)), absent, dtype=np.int32)
    levels[cells, cell_ballot] = cell_level
    # A candidate named twice on a ballot fills one cell for two: fewer cells than names.
    named = np.bincount(cell_ballot, minlength=len(distinct))
    filled = np.count_nonzero(levels != absent, axis=0)
    if (named != filled).any():
        ballot = distinct[int(np.flatnonzero(named != filled)[0])]
        twice = next(c for c, n in Counter(chain.from_iterable(ballot)).items() if n > 1)
        raise ValueError(
            f"The ballot {[list(g) for g in ballot]!r} ranks {twice!r} more than once."
        )
    weights = np.fromiter(counted.values(), dtype=np.int64, count=len(distinct))
    preferences = np.zeros((size, size), dtype=np.int64)
    for a in range(size):
        preferences[a] = (levels[a] < levels) @ weights
    return names, preferences, int(weights.sum())


def strongest_paths(preferences: np.ndarray) -> np.ndarray:
    """Strongest path strengths with winning votes (Floyd–Warshall), as int64.

    The diagonal is set to 0; it never feeds other entries, since a path
    through its own start or end is no stronger than the path without the loop.
    """
    paths = np.where(preferences > preferences.T, preferences, 0).astype(np.int64)
    for via in range(len(paths)):
        paths = np.maximum(paths, np.minimum(paths[:, via, None], paths[None, via, :]))
    np.fill_diagonal(paths, 0)
    return paths


def _groups(ballots: Iterable[tuple[tuple[C, ...], ...]]) -> Iterable[tuple[C, ...]]:
    return chain.from_iterable(ballots)
