"""Filling a branch's seats from a ranking with ties: properties of ``fill_seats``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cordee.governance.services import fill_seats


@st.composite
def rankings(draw):
    sizes = draw(st.lists(st.integers(min_value=1, max_value=4), max_size=8))
    candidates = iter(range(sum(sizes)))
    return [[next(candidates) for _ in range(size)] for size in sizes]


@given(rankings(), st.integers(min_value=1, max_value=12))
def test_the_elected_are_the_best_ranked_and_never_too_many(ranking, seats):
    elected, tied, remaining = fill_seats(ranking, seats)
    flat = [c for group in ranking for c in group]
    assert elected == flat[: len(elected)]
    assert len(elected) <= seats
    if tied:
        # A whole group straddles the last seats: staff choose ``remaining`` of it.
        assert 0 < remaining < len(tied)
        assert len(elected) + remaining == seats
        assert tied == flat[len(elected) : len(elected) + len(tied)]
    else:
        assert remaining == 0
        assert len(elected) == min(seats, len(flat))


def test_a_tie_within_the_seats_elects_both():
    assert fill_seats([["a"], ["b", "c"], ["d"]], 3) == (["a", "b", "c"], [], 0)


def test_a_tie_across_the_last_seat_is_left_to_choose():
    assert fill_seats([["a"], ["b", "c"], ["d"]], 2) == (["a"], ["b", "c"], 1)
