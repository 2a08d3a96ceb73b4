"""The results of a closed vote, counted by the pure functions of ``counting``.

Ballots are read once; each method turns them into what its counting
function expects. Weights count as that many identical ballots.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Count, Sum

from cordee.network.models import Territory
from cordee.voting import counting
from cordee.voting.models import Ballot, Elector, Method, Participation, Threshold, Vote

# A territory with fewer ballots is left out of the breakdown and of the
# exported ballots' territory column: a handful of ballots could be told apart.
MIN_BALLOTS_PER_TERRITORY = 5


@dataclass
class Turnout:
    electors: int
    weight: int
    voted: int
    voted_weight: int
    quorum_percent: Any

    @property
    def share(self) -> Fraction:
        return Fraction(self.voted_weight, self.weight) if self.weight else Fraction(0)

    @property
    def percent(self) -> float:
        return float(self.share * 100)  # for display only; the quorum test is exact

    @property
    def quorum_reached(self) -> bool:
        # Exact: voted / electorate >= quorum / 100, with the Decimal made a Fraction.
        return self.voted_weight * 100 >= Fraction(self.quorum_percent) * self.weight


@dataclass
class Tally:
    """One count of ballots (the whole vote, or one territory)."""

    ballots: int
    ranking: list[list[Any]] = field(default_factory=list)  # option labels, best first
    winners: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Results:
    vote: Vote
    turnout: Turnout
    total: Tally
    territories: list[tuple[Territory, Tally]]
    hidden_territories: int


def turnout(vote: Vote) -> Turnout:
    electors = Elector.objects.filter(vote=vote).aggregate(n=Count("pk"), w=Sum("weight"))
    voted = Participation.objects.filter(elector__vote=vote).aggregate(
        n=Count("pk"), w=Sum("elector__weight")
    )
    return Turnout(
        electors=electors["n"],
        weight=electors["w"] or 0,
        voted=voted["n"],
        voted_weight=voted["w"] or 0,
        quorum_percent=vote.quorum_percent,
    )


def vote_results(vote: Vote) -> Results:
    ballots: list[dict[str, Any]] = [
        dict(row)
        for row in Ballot.objects.filter(vote=vote).values("choices", "weight", "territory_id")
    ]
    options = vote.option_list
    by_territory: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for ballot in ballots:
        by_territory[ballot["territory_id"]].append(ballot)
    territories = []
    hidden = 0
    if len(by_territory) > 1:
        names = Territory.objects.in_bulk([pk for pk in by_territory if pk is not None])
        for pk, group in sorted(by_territory.items(), key=lambda i: str(names.get(i[0], ""))):
            if len(group) < MIN_BALLOTS_PER_TERRITORY or pk not in names:
                hidden += 1
                continue
            territories.append((names[pk], count_ballots(vote, options, group)))
    return Results(
        vote=vote,
        turnout=turnout(vote),
        total=count_ballots(vote, options, ballots),
        territories=territories,
        hidden_territories=hidden,
    )


def count_ballots(vote: Vote, options: list[Any], ballots: list[dict[str, Any]]) -> Tally:
    total = sum(b["weight"] for b in ballots)
    return {
        Method.JUDGMENT: _judgment,
        Method.RANKED: _ranked,
        Method.YES_NO: _yes_no,
        Method.SINGLE: _single,
        Method.APPROVAL: _approval,
        Method.CONSENT: _consent,
    }[Method(vote.method)](vote, options, ballots, total)


def _labels(ranking: list[list[Any]]) -> list[list[str]]:
    return [[option.label for option in group] for group in ranking]


def _judgment(vote: Vote, options: list[Any], ballots: list[dict], total: int) -> Tally:
    grades = vote.grades
    if not total:
        return Tally(ballots=0)
    key = {str(o.pk): o for o in options}
    tallies = counting.tally_grades(
        [
            {
                key[option_id]: grade
                for option_id, grade in ballot["choices"].get("grades", {}).items()
            }
            for ballot in ballots
        ],
        options,
        len(grades),
        weights=[ballot["weight"] for ballot in ballots],
    )
    result = counting.majority_judgment_details(tallies)
    profiles = []
    for group in result.ranking:
        for option in group:
            profile = result.profiles[option]
            profiles.append(
                {
                    "option": option,
                    "profile": profile,
                    "median_label": grades[profile.median] if profile.median is not None else "",
                    "above": round(float(profile.above * 100)),
                    "below": round(float(profile.below * 100)),
                    # Best grade first, as people read a scale.
                    "bars": [
                        {
                            "grade": grades[index],
                            "index": index,
                            "colour": grade_colour(index, len(grades)),
                            "count": profile.counts[index],
                            "percent": round(100 * profile.counts[index] / profile.total, 1)
                            if profile.total
                            else 0,
                        }
                        for index in reversed(range(len(grades)))
                    ],
                }
            )
    separations = [
        {
            "higher": s.higher.label,
            "lower": s.lower.label,
            "reason": s.reason,
            "higher_grade": grades[s.higher_grade],
            "lower_grade": grades[s.lower_grade],
            "higher_profile": result.profiles[s.higher],
            "lower_profile": result.profiles[s.lower],
        }
        for s in result.separations
    ]
    ranking = _labels(result.ranking)
    return Tally(
        ballots=len(ballots),
        ranking=ranking,
        winners=ranking[0] if ranking else [],
        details={
            "profiles": profiles,
            "separations": separations,
            "grades": grades,
            "legend": [
                (grades[i], grade_colour(i, len(grades))) for i in reversed(range(len(grades)))
            ],
        },
    )


def grade_colour(index: int, levels: int) -> str:
    """From dark red (lowest grade) to dark green (highest); dark enough for white borders."""
    hue = round(120 * index / max(levels - 1, 1))
    return f"hsl({hue} 60% {34 + 8 * (index % 2)}%)"


def _ranked(vote: Vote, options: list[Any], ballots: list[dict], total: int) -> Tally:
    key = {str(o.pk): o for o in options}
    weighted: Counter[tuple[tuple[Any, ...], ...]] = Counter()
    for ballot in ballots:
        ranks = ballot["choices"].get("ranks", {})
        groups: dict[int, list[Any]] = defaultdict(list)
        for option_id, option in key.items():
            # Unranked options share the last place.
            groups[ranks.get(option_id, len(options) + 1)].append(option)
        weighted[tuple(tuple(groups[rank]) for rank in sorted(groups))] += ballot["weight"]
    expanded = [list(map(list, order)) for order, weight in weighted.items() for _ in range(weight)]
    result = counting.schulze_details(expanded, candidates=options)
    ranking = _labels(result.ranking)
    return Tally(
        ballots=len(ballots),
        ranking=ranking,
        winners=ranking[0] if ranking and ballots else [],
        details={
            "candidates": [o.label for o in result.candidates],
            "matrix": list(zip([o.label for o in result.candidates], result.pairwise, strict=True)),
            "paths": list(
                zip([o.label for o in result.candidates], result.strongest_paths, strict=True)
            ),
            "separations": [
                [(b.winner.label, b.loser.label, b.strength, b.against) for b in group]
                for group in result.separations
            ],
        },
    )


def _yes_no(vote: Vote, options: list[Any], ballots: list[dict], total: int) -> Tally:
    counts: Counter[str] = Counter()
    for ballot in ballots:
        counts[ballot["choices"].get("answer", "abstain")] += ballot["weight"]
    two_thirds = vote.threshold == Threshold.TWO_THIRDS
    result = counting.yes_no(
        counts["yes"],
        counts["no"],
        counts["abstain"],
        threshold=counting.TWO_THIRDS if two_thirds else counting.SIMPLE_MAJORITY,
        strict=not two_thirds,
        count_abstentions=vote.count_abstentions,
    )
    return Tally(
        ballots=len(ballots),
        details={"result": result, "counts": counts},
    )


def _single(vote: Vote, options: list[Any], ballots: list[dict], total: int) -> Tally:
    counts = dict.fromkeys(options, 0)
    key = {str(o.pk): o for o in options}
    for ballot in ballots:
        option = key.get(str(ballot["choices"].get("option")))
        if option is not None:
            counts[option] += ballot["weight"]
    return _by_count(ballots, counts, counting.plurality(counts))


def _approval(vote: Vote, options: list[Any], ballots: list[dict], total: int) -> Tally:
    counts = dict.fromkeys(options, 0)
    key = {str(o.pk): o for o in options}
    for ballot in ballots:
        for option_id in ballot["choices"].get("options", []):
            if option_id in key:
                counts[key[option_id]] += ballot["weight"]
    return _by_count(ballots, counts, counting.approval(counts))


def _by_count(ballots: list[dict], counts: dict[Any, int], ranking: list[list[Any]]) -> Tally:
    labels = _labels(ranking)
    return Tally(
        ballots=len(ballots),
        ranking=labels,
        winners=labels[0] if labels and ballots else [],
        details={"counts": [(o.label, counts[o]) for group in ranking for o in group]},
    )


def _consent(vote: Vote, options: list[Any], ballots: list[dict], total: int) -> Tally:
    objections = [
        b["choices"].get("objection", "") for b in ballots if b["choices"].get("objection")
    ]
    random.shuffle(objections)  # their order would follow the ballots' random ids anyway
    result = counting.consent(len(objections))
    return Tally(
        ballots=len(ballots),
        details={"result": result, "objections": objections},
    )


def anonymised_ballots(vote: Vote) -> list[dict[str, Any]]:
    """Every counted ballot, shuffled, with option labels and grade names, for recounting."""
    options = {str(o.pk): o.label for o in vote.option_list}
    grades = vote.grades
    rows = list(Ballot.objects.filter(vote=vote).values("choices", "weight", "territory__name"))
    per_territory = Counter(row["territory__name"] for row in rows)
    random.SystemRandom().shuffle(rows)
    exported = []
    for row in rows:
        choices = row["choices"]
        if vote.method == Method.JUDGMENT:
            given = choices.get("grades", {})
            content: Any = {label: grades[given.get(pk, 0)] for pk, label in options.items()}
        elif vote.method == Method.RANKED:
            ranks = choices.get("ranks", {})
            content = {label: ranks.get(pk) for pk, label in options.items()}
        elif vote.method == Method.SINGLE:
            content = options.get(str(choices.get("option")), "")
        elif vote.method == Method.APPROVAL:
            content = [options[pk] for pk in choices.get("options", []) if pk in options]
        elif vote.method == Method.YES_NO:
            content = choices.get("answer", "")
        else:
            content = {"objection": choices.get("objection", "")}
        territory = row["territory__name"] or ""
        if per_territory[row["territory__name"]] < MIN_BALLOTS_PER_TERRITORY:
            territory = ""
        exported.append({"weight": row["weight"], "territory": territory, "ballot": content})
    return exported
