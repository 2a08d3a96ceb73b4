"""Schulze's method: the classic example, properties with hypothesis, a brute-force reference."""

from itertools import pairwise, permutations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cordee.voting.counting import schulze, schulze_details


def reference_schulze(ballots, candidates):
    """Schulze by the definitions: count every pair on every ballot, try every simple path.

    Returns (d, p, ranking) with d and p as dicts keyed by (a, b); the ranking is
    built in layers of candidates nobody left beats.
    """

    def level(ballot, candidate):
        for position, group in enumerate(ballot):
            if candidate in group:
                return position
        return len(ballot)  # unnamed: below every named candidate

    pairs = [(a, b) for a in candidates for b in candidates if a != b]
    d = {
        (a, b): sum(1 for ballot in ballots if level(ballot, a) < level(ballot, b))
        for a, b in pairs
    }
    link = {(a, b): d[a, b] if d[a, b] > d[b, a] else 0 for a, b in pairs}
    p = {}
    for a, b in pairs:
        others = [c for c in candidates if c not in (a, b)]
        p[a, b] = max(
            min(link[x, y] for x, y in pairwise(path))
            for size in range(len(others) + 1)
            for middle in permutations(others, size)
            for path in [(a, *middle, b)]
        )
    ranking, remaining = [], list(candidates)
    while remaining:
        layer = [b for b in remaining if not any(p[a, b] > p[b, a] for a in remaining if a != b)]
        ranking.append(layer)
        remaining = [c for c in remaining if c not in layer]
    return d, p, ranking


@st.composite
def ballots(draw, candidates="ABCDE", max_ballots=12):
    """Ballots naming any subset of the candidates, in tie-groups."""

    def ballot():
        order = draw(st.permutations(candidates))
        named = draw(st.integers(0, len(candidates)))
        groups: list[list[str]] = []
        for candidate in order[:named]:
            if not groups or draw(st.booleans()):
                groups.append([candidate])
            else:
                groups[-1].append(candidate)
        return groups

    return [ballot() for _ in range(draw(st.integers(0, max_ballots)))]


candidate_sets = st.integers(1, 5).map(lambda size: "ABCDE"[:size])


def rank_of(ranking, candidate):
    return next(i for i, group in enumerate(ranking) if candidate in group)


def expand(counted_orders):
    """``[(5, "ACBED"), ...]`` as ballots of single-candidate groups."""
    return [[[c] for c in order] for count, order in counted_orders for _ in range(count)]


SCHULZE_45_VOTERS = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]


def test_schulzes_45_voter_example_ranks_e_a_c_b_d():
    ballots = expand(SCHULZE_45_VOTERS)

    result = schulze_details(ballots, list("ABCDE"))

    assert result.ranking == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert result.ballot_count == 45
    # E beats A: E -> D -> C -> B -> A (links 31, 28, 29, 25: strength 25)
    # against A -> D -> C -> E (links 30, 28, 24: strength 24).
    assert (result.path("E", "A"), result.path("A", "E")) == (25, 24)
    d, p, ranking = reference_schulze(ballots, "ABCDE")
    assert ranking == result.ranking
    assert all(result.preferring(a, b) == d[a, b] for a, b in d)
    assert all(result.path(a, b) == p[a, b] for a, b in p)


def test_an_unbeaten_candidate_may_rank_above_one_it_does_not_beat():
    # Ballots: C; B > A = C; A > C. C beats B 2 to 1; A and B, A and C tie 1 to 1.
    # "Neither beats the other" is not transitive here (A ~ B, A ~ C, yet C beats B),
    # so the ranking is in layers: A and C (nobody beats them), then B.
    ballots = [[["C"]], [["B"], ["A", "C"]], [["A"], ["C"]]]

    result = schulze_details(ballots, ["A", "B", "C"])

    assert result.ranking == [["A", "C"], ["B"]]
    assert not result.beats("A", "B") and not result.beats("B", "A")
    [[beat]] = result.separations
    assert (beat.winner, beat.loser, beat.strength, beat.against) == ("C", "B", 2, 0)
    assert reference_schulze(ballots, "ABC")[2] == result.ranking


def test_candidates_missing_from_a_ballot_rank_below_those_it_names_tied():
    result = schulze_details([[["B"]]], ["A", "B", "C"])

    assert result.ranking == [["B"], ["A", "C"]]
    assert result.preferring("B", "A") == 1
    assert result.preferring("A", "C") == result.preferring("C", "A") == 0


def test_without_a_candidate_list_candidates_come_from_the_ballots_in_order_of_appearance():
    assert schulze([[["B"], ["A", "C"]], [["B"], ["C"]]]) == [["B"], ["C"], ["A"]]


def test_opposite_ballots_tie_everyone():
    assert schulze([[["A"], ["B"]], [["B"], ["A"]]]) == [["A", "B"]]


def test_no_ballots_tie_every_candidate():
    result = schulze_details([], ["A", "B"])

    assert result.ranking == [["A", "B"]]
    assert result.ballot_count == 0


def test_a_candidate_ranked_twice_on_a_ballot_is_refused():
    with pytest.raises(ValueError, match="more than once"):
        schulze([[["A"], ["B", "A"]]])


def test_a_candidate_outside_the_list_is_refused():
    with pytest.raises(ValueError, match="not among the candidates"):
        schulze([[["A"], ["Z"]]], ["A", "B"])


def test_a_tie_group_given_as_a_string_is_refused():
    with pytest.raises(ValueError, match="bare string"):
        schulze([["Alice", "Bob"]])


@given(candidate_sets.flatmap(lambda names: st.tuples(st.just(names), ballots(names))))
def test_schulze_agrees_with_the_brute_force_reference(names_and_ballots):
    names, ballots = names_and_ballots

    result = schulze_details(ballots, list(names))

    d, p, ranking = reference_schulze(ballots, names)
    assert result.ranking == ranking
    assert all(result.preferring(a, b) == d[a, b] for a, b in d)
    assert all(result.path(a, b) == p[a, b] for a, b in p)


@given(ballots(), st.sampled_from("ABCDE"))
def test_a_condorcet_winner_wins_alone(ballots, winner):
    # Enough ballots naming only the winner make it beat every other candidate pairwise.
    ballots = ballots + [[[winner]]] * (len(ballots) + 1)

    assert schulze(ballots, list("ABCDE"))[0] == [winner]


@given(ballots())
def test_a_candidate_beating_every_other_pairwise_wins_alone(ballots):
    result = schulze_details(ballots, list("ABCDE"))

    for a in "ABCDE":
        if all(result.preferring(a, b) > result.preferring(b, a) for b in "ABCDE" if b != a):
            assert result.ranking[0] == [a]


@given(ballots())
def test_ranking_is_a_weak_order_consistent_with_beats(ballots):
    result = schulze_details(ballots, list("ABCDE"))

    assert sorted(c for group in result.ranking for c in group) == list("ABCDE")
    for a in "ABCDE":
        for b in "ABCDE":
            if result.beats(a, b):
                assert rank_of(result.ranking, a) < rank_of(result.ranking, b)
            if rank_of(result.ranking, a) == rank_of(result.ranking, b):
                assert not result.beats(a, b)


@given(ballots())
def test_beats_is_transitive(ballots):
    result = schulze_details(ballots, list("ABCDE"))

    for a, b, c in permutations("ABCDE", 3):
        if result.beats(a, b) and result.beats(b, c):
            assert result.beats(a, c)


@given(ballots())
def test_every_candidate_below_the_top_is_beaten_by_the_group_just_above(ballots):
    result = schulze_details(ballots, list("ABCDE"))

    for higher, lower, beats in zip(
        result.ranking, result.ranking[1:], result.separations, strict=False
    ):
        assert [beat.loser for beat in beats] == lower
        for beat in beats:
            assert beat.winner in higher
            assert beat.strength == result.path(beat.winner, beat.loser) > beat.against


@given(ballots(), st.integers(2, 4), st.randoms())
def test_repeating_or_shuffling_the_ballots_keeps_the_ranking(ballots, times, random):
    shuffled = ballots * times
    random.shuffle(shuffled)

    once, repeated = (
        schulze_details(ballots, list("ABCDE")),
        schulze_details(shuffled, list("ABCDE")),
    )

    assert repeated.ranking == once.ranking
    assert repeated.pairwise == [[times * count for count in row] for row in once.pairwise]
