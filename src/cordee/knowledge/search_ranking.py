"""Ranking arithmetic for search: fusion of lexical and semantic rankings, the
recency boost, and the quality measures of the evaluation. Pure functions, no
Django import."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)

# Reciprocal rank fusion constant: the usual 60 flattens the head of short
# lists too much; with at most a hundred candidates a smaller one keeps the
# best lexical hits near the top.
RRF_K = 20
# How much more the lexical ranking counts than the semantic one in the fusion.
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 0.8
# Recency is a mild tie-breaker: at most this share of the score, halving every few years.
RECENCY_WEIGHT = 0.1
RECENCY_HALF_LIFE_DAYS = 3 * 365


def recency(age_days: float | None) -> float:
    """1 for today, 0.5 after the half-life, towards 0 for very old; 0 when undated."""
    if age_days is None:
        return 0.0
    return 0.5 ** (max(0.0, age_days) / RECENCY_HALF_LIFE_DAYS)


def boost_by_recency(scores: Mapping[Key, float], ages: Mapping[Key, float | None]) -> list[Key]:
    """Keys by descending score, each score raised by at most ``RECENCY_WEIGHT`` of itself."""
    boosted = {
        key: score * (1 + RECENCY_WEIGHT * recency(ages.get(key))) for key, score in scores.items()
    }
    return sorted(boosted, key=lambda key: (-boosted[key], str(key)))


def reciprocal_rank_fusion(
    rankings: Sequence[tuple[Sequence[Key], float]], k: int = RRF_K
) -> list[Key]:
    """Fuse ranked lists, each with its weight: an item scores Σ weight / (k + rank)."""
    scores: dict[Key, float] = {}
    first_seen: dict[Key, int] = {}
    for ranking, weight in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
            first_seen.setdefault(key, len(first_seen))
    return sorted(scores, key=lambda key: (-scores[key], first_seen[key]))


def hybrid(
    lexical: Sequence[Key],
    semantic: Sequence[Key],
    *,
    lexical_weight: float = LEXICAL_WEIGHT,
    semantic_weight: float = SEMANTIC_WEIGHT,
) -> list[Key]:
    """The hybrid ranking: lexical and semantic rankings fused."""
    return reciprocal_rank_fusion([(lexical, lexical_weight), (semantic, semantic_weight)])


def ndcg_at(
    ranking: Sequence[Key],
    relevant: set[Key],
    k: int = 10,
    grades: Mapping[Key, float] | None = None,
) -> float:
    """Normalised discounted cumulative gain at ``k``; relevance is binary unless
    ``grades`` gives each relevant item its gain (2 for "the answer", 1 for "useful")."""
    if not relevant:
        return 0.0
    gains = {key: (grades or {}).get(key, 1.0) for key in relevant}
    gain = sum(gains.get(key, 0.0) / math.log2(rank + 2) for rank, key in enumerate(ranking[:k]))
    best = sorted(gains.values(), reverse=True)[:k]
    ideal = sum(value / math.log2(rank + 2) for rank, value in enumerate(best))
    return gain / ideal if ideal else 0.0


def recall_at(ranking: Sequence[Key], relevant: set[Key], k: int = 10) -> float:
    """Share of the relevant items found in the first ``k``."""
    if not relevant:
        return 0.0
    return len(set(ranking[:k]) & relevant) / len(relevant)
