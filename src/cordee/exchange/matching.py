"""Matching needs to offers of the capacity exchange: pure functions, no Django.

A need and an offer match when they are of the same kind, belong to two
different organisations, each may see the other, their dates overlap, and
they ask for the same thing: the same skill of the taxonomy or, when either
has none, at least one meaningful word in common in their titles. Each match
carries its reasons, as codes with values that the pages put into words
(:mod:`cordee.exchange.reasons`), and matches are ranked nearest territory
first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

NETWORK = "network"
TERRITORY = "territory"

# Words that say nothing about what is offered or needed.
_STOPWORDS = """
les des une pour par sur dans avec sans aux que qui est son ses nos vos leur leurs
cette ces entre plus moins tres chez sous vers apres avant pendant depuis
the and for with from our your their this that into over under
besoin offre offer need dispo disponible disponibilite available availability
heure heures hour hours jour jours day days semaine semaines week weeks
temps time machine machines capacite capacity personne personnes people
recherche cherche cherchons propose proposons urgent
"""
STOPWORDS = frozenset(_STOPWORDS.split())
_WORD = re.compile(r"[a-z0-9]+")


def keywords(text: str) -> frozenset[str]:
    """The meaningful words of ``text``: lower case, without accents, roughly singular.

    Numbers are kept ("8 broches", "5 axes"), short and empty words dropped.
    """
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    words = set()
    for word in _WORD.findall(plain):
        if word in STOPWORDS:
            continue
        if len(word) > 3 and word[-1] in "sx":
            word = word[:-1]
        if word in STOPWORDS or (len(word) < 3 and not word.isdigit()):
            continue
        words.add(word)
    return frozenset(words)


@dataclass(frozen=True)
class Entry:
    """What matching needs to know of an offer or a need."""

    key: Hashable
    side: str  # "offer" or "need"
    kind: str
    organisation: Hashable
    territory_path: str  # "/region/department/branch/"
    starts_on: date
    ends_on: date
    quantity: Decimal
    unit: str
    skill: str | None = None
    words: frozenset[str] = frozenset()
    visibility: str = NETWORK


@dataclass(frozen=True)
class Reason:
    """One reason for a match: a ``code`` and the values its sentence needs."""

    code: str
    values: dict[str, object] = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True)
class Match:
    need: Hashable
    offer: Hashable
    distance: int  # steps between the two territories in the tree: 0 is the same one
    score: int  # higher is better, among matches at the same distance
    reasons: tuple[Reason, ...]


def territory_distance(first: str, second: str) -> int:
    """Steps from one territory to the other through their nearest common ancestor."""
    a = [part for part in first.split("/") if part]
    b = [part for part in second.split("/") if part]
    common = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        common += 1
    return (len(a) - common) + (len(b) - common)


def sees(viewer: Entry, listing: Entry) -> bool:
    """Whether the organisation of ``viewer`` may see ``listing``."""
    return listing.visibility == NETWORK or viewer.territory_path.startswith(listing.territory_path)


def match(first: Entry, second: Entry) -> Match | None:
    """The match between a need and an offer (in either order), or ``None``."""
    if {first.side, second.side} != {"need", "offer"}:
        return None
    need, offer = (first, second) if first.side == "need" else (second, first)
    if need.kind != offer.kind or need.organisation == offer.organisation:
        return None
    if not (sees(need, offer) and sees(offer, need)):
        return None
    starts, ends = max(need.starts_on, offer.starts_on), min(need.ends_on, offer.ends_on)
    if starts > ends:
        return None

    reasons: list[Reason] = []
    score = 0
    shared = sorted(need.words & offer.words)
    if need.skill and offer.skill:
        if need.skill != offer.skill:
            return None
        reasons.append(Reason("skill", {"skill": need.skill}))
        score += 4
    elif not shared:
        return None
    if shared:
        reasons.append(Reason("words", {"words": shared}))
        score += min(len(shared), 3)

    reasons.append(Reason("dates", {"starts_on": starts, "ends_on": ends}))
    if starts <= need.starts_on and ends >= need.ends_on:
        score += 2

    if need.unit == offer.unit:
        if offer.quantity >= need.quantity:
            reasons.append(Reason("quantity_full", {"quantity": need.quantity, "unit": need.unit}))
            score += 2
        else:
            reasons.append(
                Reason(
                    "quantity_part",
                    {"quantity": offer.quantity, "needed": need.quantity, "unit": need.unit},
                )
            )
            score += 1
    else:
        reasons.append(Reason("quantity_units", {"need": need.unit, "offer": offer.unit}))

    distance = territory_distance(need.territory_path, offer.territory_path)
    reasons.append(Reason("territory", {"distance": distance}))
    return Match(
        need=need.key, offer=offer.key, distance=distance, score=score, reasons=tuple(reasons)
    )


def matches_for(entry: Entry, candidates: Iterable[Entry]) -> list[Match]:
    """The matches of ``entry`` among ``candidates``: nearest territory first, then the
    best score, then the order of the candidates."""
    found = [made for candidate in candidates if (made := match(entry, candidate)) is not None]
    # sorted() is stable: equal matches keep the candidates' order.
    return sorted(found, key=lambda made: (made.distance, -made.score))
