"""Plurality, approval, yes/no thresholds and consent."""

from dataclasses import dataclass
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cordee.voting.counting import (
    SIMPLE_MAJORITY,
    TWO_THIRDS,
    approval,
    consent,
    plurality,
    yes_no,
)


def test_plurality_ranks_by_votes_with_equal_counts_tied():
    assert plurality({"A": 3, "B": 7, "C": 3, "D": 0}) == [["B"], ["A", "C"], ["D"]]


def test_approval_ranks_by_approvals_with_equal_counts_tied():
    assert approval({"A": 2, "B": 2}) == [["A", "B"]]


def test_counts_must_be_whole_and_not_negative():
    with pytest.raises(ValueError, match="negative"):
        plurality({"A": -1})
    with pytest.raises(ValueError, match="whole number"):
        approval({"A": 1.0})  # type: ignore[dict-item]


@given(st.dictionaries(st.text(max_size=3), st.integers(0, 20)))
def test_plurality_groups_are_decreasing_and_cover_every_option(counts):
    ranking = plurality(counts)

    assert sorted(option for group in ranking for option in group) == sorted(counts)
    group_counts = [{counts[option] for option in group} for group in ranking]
    assert all(len(values) == 1 for values in group_counts)
    flat = [values.pop() for values in group_counts]
    assert flat == sorted(flat, reverse=True) and len(set(flat)) == len(flat)


def test_a_simple_majority_needs_more_than_half():
    assert yes_no(51, 49).passed
    assert not yes_no(50, 50).passed
    assert yes_no(50, 50).needed == 51


def test_abstentions_are_left_out_of_the_share_by_default():
    result = yes_no(3, 2, 10)

    assert result.passed
    assert result.share == Fraction(3, 5)


def test_abstentions_counted_in_the_denominator_weigh_like_a_no():
    result = yes_no(3, 2, 10, count_abstentions=True)

    assert not result.passed
    assert (result.share, result.counted, result.needed) == (Fraction(3, 15), 15, 8)


def test_two_thirds_is_reached_at_exactly_two_thirds():
    assert yes_no(20, 10, threshold=TWO_THIRDS, strict=False).passed
    assert not yes_no(19, 10, threshold=TWO_THIRDS, strict=False).passed
    assert not yes_no(20, 10, threshold=TWO_THIRDS, strict=True).passed


def test_a_vote_nobody_cast_does_not_pass():
    for result in (yes_no(0, 0), yes_no(0, 0, 4), yes_no(0, 0, 4, count_abstentions=True)):
        assert not result.passed
    assert yes_no(0, 0).share is None


def test_only_abstentions_counted_does_not_pass():
    result = yes_no(0, 0, 4, count_abstentions=True)

    assert not result.passed
    assert result.share == 0


def test_a_floating_point_threshold_is_refused():
    with pytest.raises(TypeError, match="exact"):
        yes_no(1, 0, threshold=0.5)  # type: ignore[arg-type]


def test_a_threshold_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        yes_no(1, 0, threshold=Fraction(3, 2))


def test_negative_vote_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        yes_no(-1, 0)


@given(
    st.integers(0, 200),
    st.integers(0, 200),
    st.integers(0, 200),
    st.sampled_from([SIMPLE_MAJORITY, TWO_THIRDS, Fraction(3, 5), Fraction(1), Fraction(0)]),
    st.booleans(),
    st.booleans(),
)
def test_a_motion_passes_exactly_when_yes_reaches_the_votes_needed(
    yes, no, abstain, threshold, strict, count_abstentions
):
    result = yes_no(
        yes, no, abstain, threshold=threshold, strict=strict, count_abstentions=count_abstentions
    )

    if result.needed is None:
        assert result.counted == 0
        assert not result.passed
    else:
        assert result.passed == (yes >= result.needed)
        assert isinstance(result.share, Fraction)
        # needed is the smallest such number: one fewer yes would not pass.
        share_short = Fraction(result.needed - 1, result.counted)
        assert not (share_short > threshold if strict else share_short >= threshold)


@dataclass
class Objection:
    standing: bool


def test_consent_passes_without_a_standing_objection():
    assert consent(0).passed
    assert consent([Objection(standing=False), {"standing": False}]).passed


def test_one_standing_objection_blocks_consent():
    result = consent([Objection(standing=False), Objection(standing=True)])

    assert not result.passed
    assert result.standing_objections == 1
    assert not consent(1).passed
    assert not consent([{"standing": True}]).passed


def test_consent_refuses_a_negative_number_of_objections():
    with pytest.raises(ValueError, match="negative"):
        consent(-1)
