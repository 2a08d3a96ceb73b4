"""The routing's scoring on its own: a pure function of the evidence."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from cordee.mutualaid.routing import (
    DEFAULT_WEIGHTS,
    MAX_SOLICITATIONS,
    TAGS_ONLY,
    ArticleEvidence,
    CandidateEvidence,
    candidate_score,
    matching_expertise,
    name_stems,
    score_candidates,
)

articles = st.builds(
    ArticleEvidence,
    article_id=st.integers(1, 10_000),
    title=st.just("Un article"),
    relevance=st.floats(0.01, 1.0),
)
evidence = st.builds(
    CandidateEvidence,
    person_id=st.integers(1, 60),
    organisation_ids=st.frozensets(st.integers(1, 8), max_size=2),
    declared=st.lists(st.sampled_from(["8D", "AMDEC", "MSP", "SMED"]), max_size=3).map(tuple),
    organisation_skills=st.lists(st.sampled_from(["Décolletage", "Métrologie"]), max_size=2).map(
        tuple
    ),
    articles=st.lists(articles, max_size=4).map(tuple),
    solutions=st.integers(0, 10),
    answers=st.integers(0, 10),
    same_territory=st.booleans(),
    last_active_days=st.none() | st.floats(0, 5000),
    recent_solicitations=st.integers(0, MAX_SOLICITATIONS - 1),
    available=st.just(True),
)

# Each kind of evidence, made stronger.
STRONGER = {
    "declared": lambda e: replace(e, declared=(*e.declared, "Tornos")),
    "organisation skill": lambda e: replace(
        e, organisation_skills=(*e.organisation_skills, "Rectification")
    ),
    "article": lambda e: replace(e, articles=(*e.articles, ArticleEvidence(99_999, "Autre", 0.5))),
    "solution": lambda e: replace(e, solutions=e.solutions + 1),
    "answer": lambda e: replace(e, answers=e.answers + 1),
    "territory": lambda e: replace(e, same_territory=True),
    "recency": lambda e: replace(
        e, last_active_days=0.0 if e.last_active_days is None else e.last_active_days / 2
    ),
}


@given(evidence, st.sampled_from(sorted(STRONGER)))
def test_more_evidence_of_any_kind_never_lowers_the_score(candidate, kind):
    stronger = STRONGER[kind](candidate)
    for weights in (DEFAULT_WEIGHTS, TAGS_ONLY):
        assert candidate_score(stronger, weights) >= candidate_score(candidate, weights)


@given(evidence)
def test_knowledge_of_the_topic_strictly_raises_the_score(candidate):
    for kind in ("declared", "article", "solution", "answer"):
        assert candidate_score(STRONGER[kind](candidate)) > candidate_score(candidate)


@given(evidence)
def test_being_asked_often_lately_lowers_the_score(candidate):
    busier = replace(candidate, recent_solicitations=candidate.recent_solicitations + 1)
    assert candidate_score(busier) <= candidate_score(candidate)


def test_nearby_alone_is_no_reason_to_be_asked():
    nearby = CandidateEvidence(person_id=1, same_territory=True, last_active_days=1)
    assert candidate_score(nearby) == 0
    assert score_candidates([nearby]) == []


@given(st.lists(evidence, max_size=20), st.integers(1, 60), st.integers(1, 8))
def test_the_asker_and_their_company_are_never_proposed(candidates, asker_id, organisation_id):
    ranked = score_candidates(candidates, asker_id=asker_id, asker_organisation_id=organisation_id)
    for candidate in ranked:
        assert candidate.evidence.person_id != asker_id
        assert organisation_id not in candidate.evidence.organisation_ids


@given(st.lists(evidence, max_size=20))
def test_people_unavailable_or_asked_too_often_are_left_out(candidates):
    away = [replace(c, available=False) for c in candidates[::2]]
    flooded = [replace(c, recent_solicitations=MAX_SOLICITATIONS) for c in candidates[1::2]]
    assert score_candidates(away + flooded) == []


@given(st.lists(evidence, max_size=25), st.randoms(use_true_random=False))
def test_the_order_does_not_depend_on_the_input_order(candidates, rng):
    # One evidence per person, as the gathering gives it.
    unique = list({c.person_id: c for c in candidates}.values())
    shuffled = unique[:]
    rng.shuffle(shuffled)
    first = [(c.evidence.person_id, c.score) for c in score_candidates(unique)]
    second = [(c.evidence.person_id, c.score) for c in score_candidates(shuffled)]
    assert first == second
    scores = [score for _, score in first]
    assert scores == sorted(scores, reverse=True)


def test_ties_go_to_the_lower_person_id():
    same = [CandidateEvidence(person_id=pk, declared=("8D",)) for pk in (7, 3, 5)]
    random.Random(1).shuffle(same)
    ranked = score_candidates(same, limit=2)
    assert [c.evidence.person_id for c in ranked] == [3, 5]


def test_an_author_who_answered_outranks_someone_who_only_declared():
    author = CandidateEvidence(
        person_id=2, articles=(ArticleEvidence(1, "8D", 1.0),), solutions=1, declared=("8D",)
    )
    declared = CandidateEvidence(person_id=1, declared=("8D",))
    assert [c.evidence.person_id for c in score_candidates([declared, author])] == [2, 1]


def test_tags_only_ignores_what_people_wrote_and_answered():
    author = CandidateEvidence(person_id=2, articles=(ArticleEvidence(1, "8D", 1.0),), solutions=3)
    assert score_candidates([author], TAGS_ONLY) == []


def test_an_expertise_matches_when_all_its_words_are_in_the_text():
    names = {1: "audit interne", 2: "8D", 3: "IATF 16949", 4: "lean"}
    text = name_stems("Préparer un audit interne IATF 16949 après une réclamation (8D)")
    assert sorted(matching_expertise(names, text)) == [1, 2, 3]
    assert matching_expertise(names, name_stems("un audit client")) == []
