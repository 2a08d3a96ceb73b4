"""Who counts at a meeting, and whether the quorum is reached: pure functions, exact.

A member counts when present, or when represented: they gave their proxy to
another member who is present, and did not come themselves (a proxy given by
someone present is void). A holder's proxies count up to the cap, in the
order they were given. The quorum is either a share of the members
(``numerator / denominator``, reached at or above it) or a fixed number of
people; shares are compared with integers, never with floats.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

SHARE = "share"
COUNT = "count"

P = TypeVar("P", bound=Hashable)


@dataclass(frozen=True)
class QuorumRule:
    """``kind`` SHARE: at least numerator/denominator of the members; COUNT: ``count`` people."""

    kind: str = SHARE
    numerator: int = 1
    denominator: int = 2
    count: int = 1

    def __post_init__(self) -> None:
        if self.kind == SHARE and not 0 < self.numerator <= self.denominator:
            raise ValueError("A quorum share lies between 0 (excluded) and 1.")
        if self.kind == COUNT and self.count < 1:
            raise ValueError("A quorum is at least one person.")
        if self.kind not in (SHARE, COUNT):
            raise ValueError(f"Unknown quorum kind {self.kind!r}.")


def required(members: int, rule: QuorumRule) -> int:
    """How many members must be present or represented: the smallest whole number at or
    above the share (``ceil(members * numerator / denominator)``), or the fixed count."""
    if rule.kind == COUNT:
        return rule.count
    return -(-members * rule.numerator // rule.denominator)


def is_reached(counted: int, members: int, rule: QuorumRule) -> bool:
    """At least one person, and as many as the rule requires."""
    return counted > 0 and counted >= required(members, rule)


@dataclass
class Count(Generic[P]):
    """Who counts: present members, represented members (giver → holder), void proxies."""

    members: int
    present: set[P] = field(default_factory=set)
    represented: dict[P, P] = field(default_factory=dict)
    void: list[tuple[P, P]] = field(default_factory=list)

    @property
    def counted(self) -> int:
        return len(self.present) + len(self.represented)


def count(
    *,
    members: Collection[P],
    present: Iterable[P],
    proxies: Iterable[tuple[P, P]],
    cap: int,
) -> Count[P]:
    """Count the members present or represented.

    ``proxies`` are (giver, holder) pairs in the order they were given. A proxy
    is void when either person is not a member, the giver is present (or
    already represented), the holder is absent, or the holder already holds
    ``cap`` proxies that count.
    """
    member_set = set(members)
    here = {person for person in present if person in member_set}
    result: Count[P] = Count(members=len(member_set), present=here)
    held: dict[P, int] = {}
    for giver, holder in proxies:
        valid = (
            giver in member_set
            and holder in member_set
            and giver != holder
            and giver not in here
            and holder in here
            and giver not in result.represented
            and held.get(holder, 0) < cap
        )
        if valid:
            result.represented[giver] = holder
            held[holder] = held.get(holder, 0) + 1
        else:
            result.void.append((giver, holder))
    return result
