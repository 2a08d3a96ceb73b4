"""The label's pure rules, with hypothesis."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cordee.label import radar
from cordee.label.scoring import (
    MIN_GROUP,
    Company,
    Conflict,
    conflict_of_interest,
    group_median,
    is_gap,
    is_weak,
    missing,
    pillar_scores,
    weighted_mean,
)

levels = st.integers(min_value=1, max_value=5)
scores = st.floats(min_value=1, max_value=5, allow_nan=False)


@given(st.lists(scores, max_size=MIN_GROUP - 1))
def test_an_aggregate_over_fewer_than_five_companies_is_never_given(values):
    assert group_median(values) is None


@given(st.lists(scores, min_size=MIN_GROUP, max_size=60))
def test_the_median_of_five_companies_or_more_lies_within_their_scores(values):
    median = group_median(values)
    assert median is not None
    assert min(values) <= median <= max(values)


def test_a_group_of_four_shows_nothing_and_a_group_of_five_its_median():
    assert group_median([1.0, 2.0, 3.0, 4.0]) is None
    assert group_median([1.0, 2.0, 3.0, 4.0, 5.0]) == 3.0


@given(st.lists(st.tuples(st.one_of(st.none(), levels), st.integers(1, 5))))
def test_a_weighted_mean_stays_on_the_scale(pairs):
    mean = weighted_mean(pairs)
    if all(level is None for level, _weight in pairs):
        assert mean is None
    else:
        assert mean is not None and 1 <= mean <= 5


@given(st.lists(st.tuples(st.sampled_from(["innovation", "rse"]), levels, st.integers(1, 5))))
def test_every_answered_pillar_gets_a_score(answers):
    assert set(pillar_scores(answers)) == {pillar for pillar, _level, _weight in answers}


@given(levels, levels)
def test_a_gap_is_two_levels_or_more_either_way(mine, peer):
    assert is_gap(mine, peer) == (abs(mine - peer) >= 2)
    assert is_gap(mine, peer) == is_gap(peer, mine)


@given(levels)
def test_weak_means_level_two_or_less(level):
    assert is_weak(level) == (level <= 2)
    assert is_weak(level, target=5) == (level < 5)


companies = st.builds(
    Company,
    id=st.integers(1, 20),
    group=st.sampled_from(["", "Groupe A", "groupe a ", "Groupe B"]),
    competitor_ids=st.frozensets(st.integers(1, 20), max_size=3),
)


@given(companies, companies)
def test_a_company_never_reviews_itself_its_group_or_its_competitors(reviewer, assessed):
    conflict = conflict_of_interest(reviewer=reviewer, assessed=assessed, reviewed_by={})
    if reviewer.id == assessed.id:
        assert conflict == Conflict.SAME_COMPANY
    elif reviewer.group and reviewer.group.strip().lower() == assessed.group.strip().lower():
        assert conflict == Conflict.SAME_GROUP
    elif assessed.id in reviewer.competitor_ids or reviewer.id in assessed.competitor_ids:
        assert conflict == Conflict.COMPETITOR
    else:
        assert conflict is None


def test_a_company_does_not_review_the_company_that_reviews_it():
    a, b = Company(id=1), Company(id=2)
    assert conflict_of_interest(reviewer=a, assessed=b, reviewed_by={1: {2}}) == (
        Conflict.RECIPROCAL
    )
    assert conflict_of_interest(reviewer=a, assessed=b, reviewed_by={2: {1}}) is None


@given(st.lists(st.text(min_size=1, max_size=4), unique=True), st.data())
def test_missing_lists_the_unanswered_in_order(codes, data):
    answered = data.draw(st.lists(st.sampled_from(codes), unique=True) if codes else st.just([]))
    result = missing(codes, answered)
    assert result == [code for code in codes if code not in answered]


@given(st.integers(3, 6), st.lists(scores, min_size=6, max_size=6))
def test_radar_points_stay_inside_the_chart(count, values):
    for index, value in enumerate(values[:count]):
        x, y = radar.point(index, count, value)
        assert 0 <= x <= radar.SIZE and 0 <= y <= radar.SIZE
