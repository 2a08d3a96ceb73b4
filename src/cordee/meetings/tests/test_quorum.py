"""The quorum's arithmetic: exact, and proxies counted as the rules say."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cordee.meetings.quorum import COUNT, SHARE, QuorumRule, count, is_reached, required

shares = st.integers(min_value=1, max_value=12).flatmap(
    lambda d: st.tuples(st.integers(min_value=1, max_value=d), st.just(d))
)


def test_half_of_six_is_three_and_half_of_seven_is_four():
    half = QuorumRule(kind=SHARE, numerator=1, denominator=2)
    assert required(6, half) == 3
    assert required(7, half) == 4
    assert is_reached(3, 6, half)
    assert not is_reached(3, 7, half)


def test_a_fixed_quorum_ignores_the_number_of_members():
    rule = QuorumRule(kind=COUNT, count=5)
    assert required(100, rule) == 5
    assert is_reached(5, 100, rule) and not is_reached(4, 3, rule)


def test_nobody_present_never_makes_a_quorum():
    assert not is_reached(0, 0, QuorumRule())


def test_a_share_above_one_is_refused():
    with pytest.raises(ValueError):
        QuorumRule(kind=SHARE, numerator=3, denominator=2)


@given(members=st.integers(min_value=0, max_value=500), share=shares)
def test_the_share_required_is_the_smallest_whole_number_at_or_above_it(members, share):
    numerator, denominator = share
    rule = QuorumRule(kind=SHARE, numerator=numerator, denominator=denominator)
    needed = required(members, rule)
    exact = Fraction(members * numerator, denominator)
    assert needed >= exact
    assert needed - 1 < exact


@given(
    members=st.integers(min_value=1, max_value=300),
    counted=st.integers(min_value=0, max_value=300),
    share=shares,
)
def test_reached_means_counted_over_members_at_or_above_the_share(members, counted, share):
    numerator, denominator = share
    counted = min(counted, members)
    rule = QuorumRule(kind=SHARE, numerator=numerator, denominator=denominator)
    exact = counted * denominator >= members * numerator and counted > 0
    assert is_reached(counted, members, rule) == exact


people = st.integers(min_value=0, max_value=15)


@given(
    present=st.sets(people),
    proxies=st.lists(st.tuples(people, people), max_size=30),
    cap=st.integers(min_value=0, max_value=4),
)
def test_proxies_count_within_the_rules(present, proxies, cap):
    members = set(range(12))
    result = count(members=members, present=present, proxies=proxies, cap=cap)
    assert result.present == present & members
    assert result.counted <= len(members)
    assert not set(result.represented) & result.present  # a present giver's proxy is void
    assert set(result.represented.values()) <= result.present  # holders are present
    held = list(result.represented.values())
    assert all(held.count(holder) <= cap for holder in held)
    assert len(result.represented) + len(result.void) == len(proxies)


@given(present=st.sets(people), proxies=st.lists(st.tuples(people, people), max_size=20))
def test_someone_arriving_never_lowers_the_count(present, proxies):
    members = set(range(12))
    before = count(members=members, present=present, proxies=proxies, cap=2)
    for newcomer in members - present:
        after = count(members=members, present=present | {newcomer}, proxies=proxies, cap=2)
        assert after.counted >= before.counted


def test_a_proxy_beyond_the_cap_is_void_in_the_order_given():
    result = count(members=range(5), present={0}, proxies=[(1, 0), (2, 0), (3, 0)], cap=2)
    assert result.represented == {1: 0, 2: 0}
    assert result.void == [(3, 0)]
    assert result.counted == 3
