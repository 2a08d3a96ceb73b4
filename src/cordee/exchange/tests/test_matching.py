"""The matching of needs to offers, a pure function: examples, then properties."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cordee.exchange.matching import (
    Entry,
    keywords,
    match,
    matches_for,
    territory_distance,
)

ARVE = "/aura/haute-savoie/arve/"
ANNECY = "/aura/haute-savoie/annecy/"
SAVOIE = "/aura/savoie/maurienne/"
DAY = date(2027, 3, 1)


def entry(key, side, *, org=None, title="tour multibroche 8 broches", **fields):
    values = {
        "kind": "machine",
        "organisation": org if org is not None else key,
        "territory_path": ARVE,
        "starts_on": DAY,
        "ends_on": DAY + timedelta(days=10),
        "quantity": Decimal(40),
        "unit": "hours",
        "words": keywords(title),
        **fields,
    }
    return Entry(key=key, side=side, **values)


def codes(made):
    return [reason.code for reason in made.reasons]


def test_keywords_drop_accents_plurals_and_empty_words():
    assert keywords("Rectifieuses cylindriques, 2 heures de temps") == {
        "rectifieuse",
        "cylindrique",
        "2",
    }
    assert keywords("Centre d'usinage 5 axes") == {"centre", "usinage", "5", "axe"}
    assert keywords("Métrologie tridimensionnelle") == {"metrologie", "tridimensionnelle"}


def test_a_need_matches_an_offer_of_the_same_machine_with_every_reason():
    need = entry("need", "need", title="Tour multibroches 8 broches")
    offer = entry("offer", "offer", title="Tornos MultiSwiss : tour multibroche 8 broches")
    made = match(need, offer)
    assert made is not None
    assert (made.need, made.offer, made.distance) == ("need", "offer", 0)
    assert codes(made) == ["words", "dates", "quantity_full", "territory"]
    assert made.reasons[0].values["words"] == ["8", "broche", "multibroche", "tour"]


def test_the_same_skill_matches_without_a_word_in_common():
    need = entry("need", "need", title="rectification", skill=7)
    offer = entry("offer", "offer", title="Studer S33", skill=7)
    assert codes(match(need, offer))[0] == "skill"


def test_different_skills_never_match_even_with_words_in_common():
    assert match(entry("n", "need", skill=1), entry("o", "offer", skill=2)) is None


def test_no_skill_and_no_word_in_common_is_no_match():
    assert match(entry("n", "need", title="rectifieuse"), entry("o", "offer", title="MMT")) is None


def test_kind_organisation_dates_and_sides_must_agree():
    need = entry("n", "need")
    assert match(need, entry("o", "offer", kind="equipment")) is None
    assert match(need, entry("o", "offer", org="n")) is None
    assert match(need, entry("o", "need")) is None
    later = entry(
        "o", "offer", starts_on=DAY + timedelta(days=11), ends_on=DAY + timedelta(days=20)
    )
    assert match(need, later) is None
    # One day in common is enough.
    touching = entry(
        "o", "offer", starts_on=DAY + timedelta(days=10), ends_on=DAY + timedelta(days=20)
    )
    made = match(need, touching)
    assert made is not None
    dates = next(r for r in made.reasons if r.code == "dates")
    assert dates.values == {
        "starts_on": DAY + timedelta(days=10),
        "ends_on": DAY + timedelta(days=10),
    }


def test_a_partial_quantity_or_another_unit_still_matches_and_says_so():
    need = entry("n", "need", quantity=Decimal(40))
    assert "quantity_part" in codes(match(need, entry("o", "offer", quantity=Decimal(10))))
    assert "quantity_units" in codes(match(need, entry("o", "offer", unit="days")))


def test_a_territory_only_listing_matches_only_inside_its_territory():
    local_offer = entry("o", "offer", territory_path=ANNECY, visibility="territory")
    assert match(entry("n", "need", territory_path=ARVE), local_offer) is None
    assert match(entry("n", "need", territory_path=ANNECY), local_offer) is not None
    local_need = entry("n", "need", territory_path=ARVE, visibility="territory")
    assert match(local_need, entry("o", "offer", territory_path=ANNECY)) is None


def test_nearest_territory_first_then_the_best_score():
    need = entry("need", "need", quantity=Decimal(40))
    far = entry("far", "offer", territory_path=SAVOIE, quantity=Decimal(100))
    near_small = entry("near-small", "offer", territory_path=ANNECY, quantity=Decimal(5))
    near_big = entry("near-big", "offer", territory_path=ANNECY, quantity=Decimal(100))
    same = entry("same", "offer", territory_path=ARVE, quantity=Decimal(1))
    found = matches_for(need, [far, near_small, near_big, same])
    assert [made.offer for made in found] == ["same", "near-big", "near-small", "far"]
    assert [made.distance for made in found] == [0, 2, 2, 4]


# Properties.

paths = st.sampled_from([ARVE, ANNECY, SAVOIE, "/aura/haute-savoie/", "/aura/"])
words = st.frozensets(
    st.sampled_from(["tour", "multibroche", "axe", "5", "rectifieuse"]), max_size=3
)


@st.composite
def entries(draw, side=None):
    starts = DAY + timedelta(days=draw(st.integers(0, 60)))
    return Entry(
        key=draw(st.integers(0, 10_000)),
        side=side or draw(st.sampled_from(["need", "offer"])),
        kind=draw(st.sampled_from(["machine", "equipment", "staff"])),
        organisation=draw(st.integers(0, 3)),
        territory_path=draw(paths),
        starts_on=starts,
        ends_on=starts + timedelta(days=draw(st.integers(0, 30))),
        quantity=Decimal(draw(st.integers(1, 100))),
        unit=draw(st.sampled_from(["hours", "days"])),
        skill=draw(st.one_of(st.none(), st.integers(1, 3))),
        words=draw(words),
        visibility=draw(st.sampled_from(["network", "territory"])),
    )


@given(entries(), entries())
def test_matching_does_not_depend_on_the_order_of_the_two(first, second):
    assert match(first, second) == match(second, first)


@given(entries(side="need"), entries(side="offer"))
def test_every_match_holds_what_it_promises(need, offer):
    made = match(need, offer)
    if made is None:
        return
    assert need.kind == offer.kind and need.organisation != offer.organisation
    assert max(need.starts_on, offer.starts_on) <= min(need.ends_on, offer.ends_on)
    assert (need.skill and need.skill == offer.skill) or need.words & offer.words
    dates = next(r for r in made.reasons if r.code == "dates").values
    for listing in (need, offer):
        assert listing.starts_on <= dates["starts_on"] <= dates["ends_on"] <= listing.ends_on
    assert made.distance == territory_distance(need.territory_path, offer.territory_path)


@given(entries(side="need"), st.lists(entries(side="offer"), max_size=12))
def test_matches_come_nearest_first_and_only_from_matching_candidates(need, offers):
    found = matches_for(need, offers)
    assert [made.distance for made in found] == sorted(made.distance for made in found)
    assert len(found) == sum(1 for offer in offers if match(need, offer) is not None)


@given(entries(side="need"), entries(side="offer"), st.integers(1, 30))
def test_widening_an_offer_never_loses_its_match(need, offer, days):
    if match(need, offer) is None:
        return
    wider = Entry(**{**offer.__dict__, "ends_on": offer.ends_on + timedelta(days=days)})
    assert match(need, wider) is not None


@given(paths, paths)
def test_territory_distance_is_symmetric_and_zero_only_on_the_same_territory(a, b):
    assert territory_distance(a, b) == territory_distance(b, a)
    assert (territory_distance(a, b) == 0) == (a == b)
