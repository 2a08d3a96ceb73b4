"""French text for search and ranking arithmetic: pure functions, checked with hypothesis."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from cordee.knowledge.search_ranking import (
    boost_by_recency,
    hybrid,
    ndcg_at,
    recall_at,
    recency,
    reciprocal_rank_fusion,
)
from cordee.knowledge.search_text import (
    _WORD,
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    _occurrences,
    closest_word,
    edit_distance,
    highlight,
    index_text,
    normalise,
    parse_query,
    stem,
)

french = st.text(
    alphabet=st.sampled_from(list("abcdeéèêfghiïjklmnoôpqrstuùvwxyzçœ ÉÀ'-<>&\"*()")), max_size=80
)
word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)


def test_accents_case_and_ligatures_are_ignored():
    assert normalise("DÉCOLLETAGE") == "decolletage"
    assert normalise("Œuvre à l'été") == "oeuvre a l'ete"


def test_a_noun_of_action_and_its_verb_share_a_stem():
    assert stem("usinage") == stem("usiner") == stem("usinés".replace("é", "e"))
    assert stem("decolletage") == stem("decolleteur")
    assert stem("reglage") == stem("regler") == stem("regleur")


def test_the_index_keeps_stems_and_drops_stop_words():
    assert index_text("L'usinage des pièces") == "usin piec"


@given(french)
def test_normalising_twice_changes_nothing(text):
    assert normalise(normalise(text)) == normalise(text)


@given(french)
def test_a_query_becomes_a_few_plain_words(text):
    terms = parse_query(text * 50)
    assert len(terms) <= MAX_QUERY_TERMS
    for term in terms:
        assert re.fullmatch(r"\w+", term.word)
        assert '"' not in term.stem and "*" not in term.stem


def test_operators_and_quotes_are_dropped():
    assert [term.word for term in parse_query("'\"; DROP TABLE x; -- NEAR( *")] == [
        "drop",
        "table",
        "x",
        "near",
    ]
    assert parse_query("*") == []
    assert len(parse_query("mot " * 10_000)) == 1
    assert (
        parse_query("a" * (MAX_QUERY_CHARS + 5)) == []
    )  # one 205-letter "word" is cut, then too long


@given(word, word)
def test_edit_distance_is_symmetric_and_zero_only_for_equal_words(a, b):
    assert edit_distance(a, b, 20) == edit_distance(b, a, 20)
    assert (edit_distance(a, b, 20) == 0) == (a == b)


@given(word, st.integers(min_value=0, max_value=3))
def test_edit_distance_never_exceeds_the_limit_plus_one(a, limit):
    assert edit_distance(a, a + "xyz", limit) <= limit + 1


def test_a_swap_of_two_letters_is_one_typo():
    assert edit_distance("decolletgae", "decolletage") == 1


@given(st.lists(word, max_size=30), word)
def test_the_closest_word_is_within_the_allowed_typos(vocabulary, typed):
    found = closest_word(typed, vocabulary)
    if found is not None:
        assert found in vocabulary
        assert edit_distance(typed, found, 2) <= (1 if len(typed) < 8 else 2)


def test_short_words_are_never_corrected():
    assert closest_word("tou", ["tour"]) is None
    assert closest_word("decoletage", ["decolletage", "decoupage"]) == "decolletage"


@given(french, st.sets(word, max_size=3))
def test_a_snippet_escapes_everything_but_its_marks(text, stems):
    snippet = highlight(text, stems)
    without_marks = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks and ">" not in without_marks
    assert html.unescape(without_marks).strip("…") in " ".join(text.split())


def test_a_snippet_marks_every_form_of_the_word():
    snippet = highlight("Usiner le laiton ; l'usinage du LAITON", {stem("laiton"), stem("usinage")})
    assert snippet == (
        "<mark>Usiner</mark> le <mark>laiton</mark> ; l&#x27;<mark>usinage</mark> du <mark>LAITON</mark>"
    )


@given(st.floats(min_value=0, max_value=1e5))
def test_recency_is_between_zero_and_one_and_fades(age):
    assert 0 <= recency(age) <= 1
    assert recency(age + 1) <= recency(age)


def test_recency_only_breaks_near_ties():
    order = boost_by_recency({"old": 10.0, "new": 9.0}, {"old": 3000, "new": 1})
    assert order == ["old", "new"]
    order = boost_by_recency({"old": 10.0, "new": 9.8}, {"old": 3000, "new": 1})
    assert order == ["new", "old"]


@given(st.lists(st.integers(0, 50), unique=True), st.lists(st.integers(0, 50), unique=True))
def test_fusion_keeps_every_item_once(lexical, semantic):
    fused = hybrid(lexical, semantic)
    assert sorted(fused) == sorted(set(lexical) | set(semantic))


def test_an_item_ranked_well_by_both_comes_first():
    assert reciprocal_rank_fusion([(["a", "b", "c"], 1.0), (["b", "c", "a"], 1.0)])[0] == "b"


@given(st.lists(st.integers(0, 30), unique=True), st.sets(st.integers(0, 30), min_size=1))
def test_ndcg_and_recall_are_between_zero_and_one(ranking, relevant):
    assert 0 <= ndcg_at(ranking, relevant) <= 1 + 1e-9
    assert 0 <= recall_at(ranking, relevant) <= 1


def test_a_perfect_ranking_scores_one():
    assert ndcg_at(["a", "b", "x"], {"a", "b"}) == 1
    assert recall_at(["x", "a"], {"a", "b"}) == 0.5


def test_a_snippet_shows_the_passage_with_most_matches_not_the_first():
    text = (
        "Laiton au début. "
        + "Rien à signaler ici. " * 30
        + "Le laiton, le laiton, encore le laiton."
    )
    snippet = highlight(text, {stem("laiton")}, length=60)
    assert snippet.count("<mark>") == 3
    assert snippet.startswith("…")


@given(french, st.sets(st.text(alphabet="aeélnorsœ", min_size=1, max_size=4), max_size=4))
def test_occurrences_are_the_whole_words_among_the_tokens(text, tokens):
    expected = [m.span() for m in _WORD.finditer(text) if m.group() in tokens]
    found = [m.span() for m in _occurrences(frozenset(tokens)).finditer(text)] if tokens else []
    assert found == expected
