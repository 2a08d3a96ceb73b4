"""Majority judgment: properties checked with hypothesis, and a brute-force reference."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from cordee.voting.counting import (
    gauge_key,
    majority_judgment,
    majority_judgment_details,
    median_grade,
    tally_grades,
)


def reference_majority_value(counts):
    """Balinski & Laraki by the book: one grade per voter, remove the lower median until empty."""
    grades = sorted(grade for grade, count in enumerate(counts) for _ in range(count))
    value = []
    while grades:
        value.append(grades.pop((len(grades) - 1) // 2))
    return value


def reference_ranking(tallies):
    values = {option: reference_majority_value(counts) for option, counts in tallies.items()}
    ranking: list[list[str]] = []
    for option in sorted(tallies, key=values.__getitem__, reverse=True):  # stable
        if ranking and values[ranking[-1][0]] == values[option]:
            ranking[-1].append(option)
        else:
            ranking.append([option])
    return ranking


@st.composite
def tallies(draw, min_options=1, max_options=5, max_voters=12, max_grades=6):
    grades = draw(st.integers(1, max_grades))
    voters = draw(st.integers(0, max_voters))
    options = draw(st.integers(min_options, max_options))
    result = {}
    for option in "ABCDEFGH"[:options]:
        votes = draw(st.lists(st.integers(0, grades - 1), min_size=voters, max_size=voters))
        result[option] = [votes.count(grade) for grade in range(grades)]
    return result


def rank_of(ranking, option):
    return next(i for i, group in enumerate(ranking) if option in group)


@given(tallies())
def test_majority_judgment_agrees_with_the_brute_force_reference(tallies):
    assert majority_judgment(tallies) == reference_ranking(tallies)


@given(tallies(min_options=2))
def test_separations_point_at_the_first_differing_median(tallies):
    result = majority_judgment_details(tallies)

    for separation in result.separations:
        higher = reference_majority_value(tallies[separation.higher])
        lower = reference_majority_value(tallies[separation.lower])
        step = next(i for i, (h, low) in enumerate(zip(higher, lower, strict=True)) if h != low)
        assert separation.step == step
        assert (separation.higher_grade, separation.lower_grade) == (higher[step], lower[step])
        assert (separation.reason == "median") == (step == 0)


@given(tallies())
def test_ranking_is_a_weak_order_covering_every_option_once(tallies):
    ranking = majority_judgment(tallies)

    flat = [option for group in ranking for option in group]
    assert sorted(flat) == sorted(tallies)
    assert all(group for group in ranking)


@given(tallies())
def test_options_tie_exactly_when_their_profiles_are_identical(tallies):
    ranking = majority_judgment(tallies)

    for a in tallies:
        for b in tallies:
            same_group = rank_of(ranking, a) == rank_of(ranking, b)
            assert same_group == (tallies[a] == tallies[b])


@given(tallies(), st.data())
def test_a_copy_of_an_option_ties_with_it(tallies, data):
    original = data.draw(st.sampled_from(sorted(tallies)))
    with_copy = {**tallies, "copy": list(tallies[original])}

    ranking = majority_judgment(with_copy)

    assert rank_of(ranking, "copy") == rank_of(ranking, original)


@given(tallies(max_voters=20), st.data())
def test_an_option_whose_profile_dominates_another_never_ranks_below_it(tallies, data):
    # Raising some grades of "A" yields a profile that first-order stochastically
    # dominates it: at least as many grades at or above every level.
    grades = len(tallies["A"])
    votes = sorted(grade for grade, count in enumerate(tallies["A"]) for _ in range(count))
    raised = [data.draw(st.integers(vote, grades - 1)) for vote in votes]
    dominating = {**tallies, "raised": [raised.count(grade) for grade in range(grades)]}

    ranking = majority_judgment(dominating)

    if dominating["raised"] == tallies["A"]:
        assert rank_of(ranking, "raised") == rank_of(ranking, "A")
    else:  # the majority value reads the sorted grades in a fixed order: strictly better
        assert rank_of(ranking, "raised") < rank_of(ranking, "A")


@given(tallies(min_options=2, max_voters=15), st.data())
def test_a_new_grade_above_an_options_median_never_lowers_its_rank(tallies, data):
    # A new ballot grades "A" above its median and every other option at or
    # below its own: no option that was at or below "A" overtakes it.
    grades = len(tallies["A"])
    voters = sum(tallies["A"])
    median = median_grade(tallies["A"]) if voters else -1
    if median == grades - 1:
        return  # no grade above the top
    after = {option: list(counts) for option, counts in tallies.items()}
    after["A"][data.draw(st.integers(median + 1, grades - 1))] += 1
    for option, counts in tallies.items():
        if option != "A":
            top = median_grade(counts) if voters else 0
            after[option][data.draw(st.integers(0, top))] += 1

    before_ranking, after_ranking = majority_judgment(tallies), majority_judgment(after)

    for option in tallies:
        if rank_of(before_ranking, option) >= rank_of(before_ranking, "A"):
            assert rank_of(after_ranking, option) >= rank_of(after_ranking, "A")


@given(tallies(min_options=2))
def test_a_better_majority_gauge_always_ranks_higher(tallies):
    result = majority_judgment_details(tallies)

    for a, profile_a in result.profiles.items():
        for b, profile_b in result.profiles.items():
            if gauge_key(profile_a) > gauge_key(profile_b):
                assert rank_of(result.ranking, a) < rank_of(result.ranking, b)


@given(tallies())
def test_profiles_shares_are_exact_and_add_up(tallies):
    result = majority_judgment_details(tallies)

    for option, profile in result.profiles.items():
        assert profile.counts == tuple(tallies[option])
        if profile.total:
            votes = sorted(g for g, count in enumerate(tallies[option]) for _ in range(count))
            assert profile.median == votes[(len(votes) - 1) // 2]
            at_median = profile.counts[profile.median]
            assert profile.above + profile.below + Fraction(at_median, profile.total) == 1


@given(
    st.integers(1, 5).flatmap(
        lambda grades: st.tuples(
            st.just(grades),
            st.lists(
                st.dictionaries(st.sampled_from("ABC"), st.integers(0, grades - 1)), max_size=20
            ),
        )
    )
)
def test_tally_counts_every_ballot_for_every_option_missing_as_lowest(grades_and_ballots):
    grades, ballots = grades_and_ballots

    counts = tally_grades(ballots, ["A", "B", "C"], grades)

    assert all(sum(option_counts) == len(ballots) for option_counts in counts.values())
    for option in "ABC":
        votes = [ballot.get(option, 0) for ballot in ballots]
        assert counts[option] == [votes.count(grade) for grade in range(grades)]
