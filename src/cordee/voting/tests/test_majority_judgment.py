"""Majority judgment: worked examples computed by hand, the results-page data, tallying.

Grades in the examples use the usual French scale, index 0 to 5: À rejeter,
Insuffisant, Passable, Assez bien, Bien, Très bien. ``s`` is an option's grades
sorted in increasing order; the majority value is the sequence of lower
medians obtained by removing the median grade one at a time (Balinski & Laraki).
"""

from fractions import Fraction

import numpy as np
import pytest

from cordee.voting.counting import (
    MINUS,
    PLUS,
    majority_judgment,
    majority_judgment_details,
    median_grade,
    merit_profile,
    tally_grades,
)

REJECT, INSUFFICIENT, PASSABLE, FAIR, GOOD, VERY_GOOD = range(6)


def test_a_higher_median_grade_wins_at_the_first_step():
    # A: s = 2, 3, 3, 3, 4 -> median s[2] = Assez bien.
    # B: s = 1, 2, 2, 3, 4 -> median s[2] = Passable. A wins on the medians alone.
    tallies = {"B": [0, 1, 2, 1, 1, 0], "A": [0, 0, 1, 3, 1, 0]}

    result = majority_judgment_details(tallies)

    assert result.ranking == [["A"], ["B"]]
    [separation] = result.separations
    assert (separation.reason, separation.step) == ("median", 0)
    assert (separation.higher_grade, separation.lower_grade) == (FAIR, PASSABLE)


def test_with_an_even_number_of_grades_the_lower_median_decides():
    # Four voters. A: s = 1, 1, 3, 3; B: s = 2, 2, 2, 2.
    # Lower median s[1]: A has Insuffisant, B Passable, so B wins. (With the
    # upper median s[2], A would have won with Assez bien.)
    tallies = {"A": [0, 2, 0, 2, 0, 0], "B": [0, 0, 4, 0, 0, 0]}

    result = majority_judgment_details(tallies)

    assert result.ranking == [["B"], ["A"]]
    assert result.profiles["A"].median == INSUFFICIENT
    assert result.separations[0].reason == "median"
    assert (result.separations[0].higher_grade, result.separations[0].lower_grade) == (
        PASSABLE,
        INSUFFICIENT,
    )


def test_a_tie_on_the_median_is_broken_at_the_second_step():
    # Three voters. A: s = 1, 2, 3; B: s = 0, 2, 2. Both medians are Passable.
    # Remove one Passable: A has 1, 3 left, B has 0, 2; the lower medians are
    # Insuffisant for A and À rejeter for B, so A wins at the second step.
    # Their majority gauges are equal ("−" with a third below), so the gauge
    # alone does not separate them.
    tallies = {"B": [1, 0, 2, 0, 0, 0], "A": [0, 1, 1, 1, 0, 0]}

    result = majority_judgment_details(tallies)

    assert result.ranking == [["A"], ["B"]]
    separation = result.separations[0]
    assert (separation.reason, separation.step) == ("majority_value", 1)
    assert (separation.higher_grade, separation.lower_grade) == (INSUFFICIENT, REJECT)
    assert result.profiles["A"].gauge == result.profiles["B"].gauge == MINUS
    assert result.profiles["A"].below == result.profiles["B"].below == Fraction(1, 3)


def test_a_tie_on_two_medians_is_broken_at_the_third_step():
    # Four voters. A: s = 0, 2, 2, 3; B: s = 1, 2, 2, 2.
    # Step 0, lower median s[1]: Passable for both. Step 1, the median of the
    # three left (s[2]): Passable for both. Step 2, the lower median of the two
    # left (s[0]): À rejeter for A, Insuffisant for B. B wins at the third step.
    tallies = {"A": [1, 0, 2, 1, 0, 0], "B": [0, 1, 3, 0, 0, 0]}

    result = majority_judgment_details(tallies)

    assert result.ranking == [["B"], ["A"]]
    separation = result.separations[0]
    assert (separation.reason, separation.step) == ("majority_value", 2)
    assert (separation.higher_grade, separation.lower_grade) == (INSUFFICIENT, REJECT)


def test_same_median_is_separated_by_the_majority_gauge():
    # A hundred voters, every median is s[49] = Bien.
    #   C: 40 below Bien, 16 Bien, 44 above: "+", 44% above (more above than below).
    #   B: 38 below, 20 Bien, 42 above: "+", 42% above.
    #   A: 40 below, 35 Bien, 25 above: "−", 40% below.
    # "+" beats "−", and between two "+" the larger share above wins: C, B, A.
    # Where the majority values part: the lower half is read down from s[49],
    # the upper half up from s[50], alternating (positions 0, 1, 2, ...).
    #   C vs B: C's upper half leaves Bien at s[56] (pair 6, position 13) with
    #   Très bien, where B still has Bien.
    #   B vs A: B's upper half leaves Bien at s[58] (pair 8, position 17), while
    #   A's lower half would leave it only at s[39] (pair 10).
    tallies = {
        "A": [5, 10, 10, 15, 35, 25],
        "B": [4, 8, 10, 16, 20, 42],
        "C": [2, 8, 12, 18, 16, 44],
    }

    result = majority_judgment_details(tallies)

    assert result.ranking == [["C"], ["B"], ["A"]]
    b = result.profiles["B"]
    assert (b.median, b.above, b.below, b.gauge) == (
        GOOD,
        Fraction(42, 100),
        Fraction(38, 100),
        PLUS,
    )
    a = result.profiles["A"]
    assert (a.median, a.above, a.below, a.gauge) == (GOOD, Fraction(1, 4), Fraction(2, 5), MINUS)
    assert [(s.higher, s.lower, s.reason, s.step) for s in result.separations] == [
        ("C", "B", "gauge", 13),
        ("B", "A", "gauge", 17),
    ]
    assert all((s.higher_grade, s.lower_grade) == (VERY_GOOD, GOOD) for s in result.separations)


def test_identical_profiles_share_a_group_in_the_order_given():
    tallies = {"Z": [1, 2, 3], "Y": [3, 2, 1], "X": [1, 2, 3]}

    assert majority_judgment(tallies) == [["Z", "X"], ["Y"]]


def test_huge_tallies_are_ranked_without_expanding_ballots():
    # Expanding to one entry per voter would need petabytes; run lengths do not.
    big = 10**15
    tallies = {"A": [big, big + 1, big], "B": [big, big, big + 1]}

    assert majority_judgment(tallies) == [["B"], ["A"]]


def test_options_with_different_numbers_of_grades_are_refused():
    with pytest.raises(ValueError, match="same number of grades"):
        majority_judgment({"A": [1, 2], "B": [1, 1]})


def test_options_graded_on_different_scales_are_refused():
    with pytest.raises(ValueError, match="same scale"):
        majority_judgment({"A": [1, 2], "B": [1, 2, 0]})


def test_negative_or_fractional_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        majority_judgment({"A": [3, -1]})
    with pytest.raises(ValueError, match="whole numbers"):
        majority_judgment({"A": [1.5, 1]})  # type: ignore[list-item]


def test_no_options_give_an_empty_ranking():
    assert majority_judgment({}) == []


def test_options_nobody_graded_all_tie():
    result = majority_judgment_details({"A": [0, 0], "B": [0, 0]})

    assert result.ranking == [["A", "B"]]
    assert result.profiles["A"].median is None


def test_median_grade_is_the_lower_median():
    assert median_grade([1, 1]) == 0
    assert median_grade([1, 1, 1]) == 1
    assert median_grade([0, 2, 0, 2]) == 1
    with pytest.raises(ValueError, match="No grades"):
        median_grade([0, 0, 0])


def test_merit_profile_gives_exact_shares_and_the_gauge_sign():
    profile = merit_profile("A", [1, 1, 2, 4])

    assert profile.total == 8
    assert profile.median == 2
    assert (profile.above, profile.below) == (Fraction(1, 2), Fraction(1, 4))
    assert profile.gauge == PLUS
    assert profile.gauge_share == Fraction(1, 2)


def test_tally_counts_a_missing_option_as_the_lowest_grade():
    ballots = [{"A": 2, "B": 1}, {"A": 1}, {}]

    assert tally_grades(ballots, ["A", "B"], 3) == {"A": [1, 1, 1], "B": [2, 1, 0]}


def test_tally_accepts_a_generator_of_ballots():
    ballots = ({"A": grade} for grade in [0, 1, 1])

    assert tally_grades(ballots, ["A"], 2) == {"A": [1, 2]}


def test_tally_of_a_numpy_array_matches_the_tally_of_mappings():
    rng = np.random.default_rng(7)
    grades = rng.integers(-1, 6, size=(500, 4), dtype=np.int8)
    options = ["A", "B", "C", "D"]
    mappings = [
        {option: int(grade) for option, grade in zip(options, row, strict=True) if grade >= 0}
        for row in grades
    ]

    assert tally_grades(grades, options, 6) == tally_grades(mappings, options, 6)


def test_tally_refuses_grades_outside_the_scale():
    with pytest.raises(ValueError, match="grades are whole numbers from 0 to 2"):
        tally_grades([{"A": 3}], ["A"], 3)
    with pytest.raises(ValueError, match="between 0 and 2"):
        tally_grades(np.array([[3]]), ["A"], 3)
    with pytest.raises(ValueError, match="between 0 and 2"):
        tally_grades(np.array([[-2]]), ["A"], 3)


def test_tally_refuses_an_option_outside_the_list():
    with pytest.raises(ValueError, match="not among the options"):
        tally_grades([{"Z": 0}], ["A"], 3)


def test_tally_refuses_an_array_of_the_wrong_shape_or_type():
    with pytest.raises(ValueError, match="one column per option"):
        tally_grades(np.zeros((3, 2), dtype=np.int8), ["A"], 3)
    with pytest.raises(ValueError, match="integer grades"):
        tally_grades(np.zeros((3, 1)), ["A"], 3)


def test_weights_count_a_ballot_as_many_times():
    ballots = [{"A": 2, "B": 0}, {"A": 0}]
    weighted = tally_grades(ballots, ["A", "B"], 3, weights=[3, 1])
    repeated = tally_grades([ballots[0]] * 3 + [ballots[1]], ["A", "B"], 3)

    assert weighted == repeated == {"A": [1, 0, 3], "B": [4, 0, 0]}
    as_array = tally_grades(np.array([[2, 0], [0, -1]]), ["A", "B"], 3, weights=[3, 1])
    assert as_array == weighted


def test_weights_must_be_one_whole_number_per_ballot():
    with pytest.raises(ValueError, match="one whole-number weight per ballot"):
        tally_grades([{"A": 0}], ["A"], 3, weights=[1, 2])
    with pytest.raises(ValueError, match="negative"):
        tally_grades([{"A": 0}], ["A"], 3, weights=[-1])


# The Orsay experiment of the 2007 French presidential election, as published by
# Balinski & Laraki ("Election by Majority Judgement: Experimental Evidence",
# Cahier 2007-28, hal-00243076; and "A theory of measuring, electing, and ranking",
# PNAS 104(21), 2007): the share of each grade in tenths of a percent, from Très bien
# down to Insuffisant; "À rejeter" is the rest, and takes in the ballots that gave the
# candidate no grade, as the authors count them. Royal and Le Pen are left out: the
# copies of their rows that could be checked do not add up to 100 %, so they are not
# the published figures.
ORSAY_2007 = {
    "Bayrou": [136, 307, 251, 148, 84],
    "Sarkozy": [191, 198, 143, 115, 71],
    "Voynet": [29, 93, 175, 237, 261],
    "Besancenot": [41, 99, 163, 160, 226],
    "Buffet": [25, 76, 125, 206, 264],
    "Bové": [15, 60, 114, 160, 257],
    "Laguiller": [21, 53, 102, 166, 259],
    "Nihous": [3, 18, 53, 110, 267],
    "de Villiers": [24, 64, 87, 113, 158],
    "Schivardi": [5, 10, 39, 95, 249],
}


def test_the_orsay_2007_experiment_ranks_as_balinski_and_laraki_published():
    tallies = {name: [1000 - sum(shares), *reversed(shares)] for name, shares in ORSAY_2007.items()}

    result = majority_judgment_details(tallies)

    assert result.ranking == [
        ["Bayrou"],
        ["Sarkozy"],
        ["Voynet"],
        ["Besancenot"],
        ["Buffet"],
        ["Bové"],
        ["Laguiller"],
        ["Nihous"],
        ["de Villiers"],
        ["Schivardi"],
    ]
    # Their majority grades: Bayrou and Sarkozy "Assez bien" (Good), Bayrou with a "+"
    # and Sarkozy with a "−"; Voynet "Passable−"; the last three "À rejeter".
    grades = {name: (p.median, p.gauge) for name, p in result.profiles.items()}
    assert grades["Bayrou"] == (FAIR, PLUS)
    assert grades["Sarkozy"] == (FAIR, MINUS)
    assert grades["Voynet"] == (PASSABLE, MINUS)
    assert {grades[name][0] for name in ("Nihous", "de Villiers", "Schivardi")} == {REJECT}
