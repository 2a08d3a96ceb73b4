"""Who took part in a consultation, compared with the make-up of the network it
was addressed to, so that a part of the ecosystem that was not heard shows.

Participants are counted by organisation (the one each person spoke for): an
organisation took part when one of its people contributed, commented or
supported. The reference is the member organisations in good standing of the
consultation's scope. :func:`compare` is pure and says, for each part of an
axis (a territory, a size, an activity), its share among participants and
among members, and flags the parts much less present than they are in the
network.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cordee.consultations.models import Comment, Consultation, Contribution, Support
from cordee.network.models import Organisation, SizeBand, Territory
from cordee.network.scopes import Scope

# A part of the network is flagged when its share among participants is below
# this fraction of its share among members (e.g. 20% of members, under 10% of
# participants).
UNDER_REPRESENTED_RATIO = 0.5
# ...and holds at least this many member organisations: two firms out of three
# hundred are no trend.
UNDER_REPRESENTED_MIN_MEMBERS = 3

# NAF sections by division (the first two digits), as in NAF rev. 2 and NAF 2025.
NAF_SECTIONS: list[tuple[int, int, str, object]] = [
    (1, 3, "A", _("Agriculture, forestry and fishing")),
    (5, 9, "B", _("Mining and quarrying")),
    (10, 33, "C", _("Manufacturing")),
    (35, 35, "D", _("Energy supply")),
    (36, 39, "E", _("Water, waste and remediation")),
    (41, 43, "F", _("Construction")),
    (45, 47, "G", _("Trade")),
    (49, 53, "H", _("Transport and storage")),
    (55, 56, "I", _("Accommodation and food")),
    (58, 63, "J", _("Information and communication")),
    (64, 66, "K", _("Finance and insurance")),
    (68, 68, "L", _("Real estate")),
    (69, 75, "M", _("Professional, scientific and technical activities")),
    (77, 82, "N", _("Administrative and support services")),
    (84, 84, "O", _("Public administration")),
    (85, 85, "P", _("Education")),
    (86, 88, "Q", _("Health and social work")),
    (90, 93, "R", _("Arts and recreation")),
    (94, 96, "S", _("Other services")),
    (97, 99, "T", _("Households and extraterritorial bodies")),
]


def naf_section(code: str) -> str:
    """The section letter of a NAF code ("25.62A" → "C"); "" when unknown."""
    try:
        division = int(code[:2])
    except (TypeError, ValueError):
        return ""
    for low, high, letter, _label in NAF_SECTIONS:
        if low <= division <= high:
            return letter
    return ""


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    participants: int
    members: int
    participant_share: float
    member_share: float
    under_represented: bool


def compare(
    participants: Mapping[str, int],
    members: Mapping[str, int],
    labels: Mapping[str, str],
    *,
    ratio: float = UNDER_REPRESENTED_RATIO,
    min_members: int = UNDER_REPRESENTED_MIN_MEMBERS,
    participant_total: int | None = None,
    member_total: int | None = None,
) -> list[Row]:
    """One row per part present among members or participants, the largest first.

    Shares are of each side's total (0 when a side is empty): the sum of the
    parts, unless a total is given (for an axis where an organisation belongs
    to several parts, such as its skills, the total is the organisations). A
    part is under-represented when at least ``min_members`` members hold it and
    its participant share is below ``ratio`` times its member share.
    """
    if participant_total is None:
        participant_total = sum(participants.values())
    if member_total is None:
        member_total = sum(members.values())
    rows = []
    for key in set(participants) | set(members):
        took_part, belong = participants.get(key, 0), members.get(key, 0)
        participant_share = took_part / participant_total if participant_total else 0.0
        member_share = belong / member_total if member_total else 0.0
        rows.append(
            Row(
                key=key,
                label=labels.get(key, key),
                participants=took_part,
                members=belong,
                participant_share=participant_share,
                member_share=member_share,
                under_represented=belong >= min_members
                and participant_share < ratio * member_share,
            )
        )
    rows.sort(key=lambda row: (-row.members, -row.participants, row.label))
    return rows


@dataclass(frozen=True)
class Participation:
    people: int
    organisations: int
    member_organisations: int
    without_organisation: int
    contributions: int
    comments: int
    supports: int
    axes: list[tuple[str, list[Row]]]

    @property
    def under_represented(self) -> list[tuple[str, Row]]:
        return [(axis, row) for axis, rows in self.axes for row in rows if row.under_represented]


def reference_organisations(consultation: Consultation) -> QuerySet[Any]:
    """The member organisations (in good standing) of the consultation's scope."""
    organisations = Organisation.objects.in_good_standing()
    if consultation.scope == Scope.TERRITORY and consultation.scope_territory is not None:
        organisations = organisations.in_territory(consultation.scope_territory)
    elif consultation.scope == Scope.GROUP and consultation.scope_group is not None:
        organisations = organisations.filter(
            affiliations__person__working_groups=consultation.scope_group,
            affiliations__ended_on__isnull=True,
        )
    return organisations.values("pk")


def participation(consultation: Consultation) -> Participation:
    """Who took part, by territory, size and activity, against the scope's members."""
    contributions = Contribution.objects.filter(consultation=consultation)
    comments = Comment.objects.filter(contribution__consultation=consultation)
    supports = Support.objects.filter(contribution__consultation=consultation)
    acts = [
        (person, organisation)
        for queryset, person_field in (
            (contributions, "author_id"),
            (comments, "author_id"),
            (supports, "person_id"),
        )
        for person, organisation in queryset.values_list(person_field, "organisation_id")
        .order_by()
        .distinct()
    ]
    people = {person for person, _org in acts}
    participating = {organisation for _person, organisation in acts if organisation}
    with_organisation = {person for person, organisation in acts if organisation}
    organisations = {
        row[0]: row
        for row in Organisation.objects.filter(
            Q(pk__in=participating) | Q(pk__in=reference_organisations(consultation))
        ).values_list("pk", "territory_id", "size_band", "naf_code")
    }
    members = set(
        Organisation.objects.filter(pk__in=reference_organisations(consultation)).values_list(
            "pk", flat=True
        )
    )
    skills: dict[int, list[int]] = {}
    for organisation_id, skill_id in Organisation.activities.through.objects.filter(
        organisation_id__in=list(organisations)
    ).values_list("organisation_id", "skill_id"):
        skills.setdefault(organisation_id, []).append(skill_id)

    territories = _branch_names(
        {row[1] for row in organisations.values()}, consultation.scope_territory
    )

    def axis(key_of: Callable[[int, Any], list[str]]) -> tuple[Counter[str], Counter[str]]:
        took_part: Counter[str] = Counter()
        belong: Counter[str] = Counter()
        for organisation_id, row in organisations.items():
            keys = key_of(organisation_id, row)
            for key in keys:
                if organisation_id in participating:
                    took_part[key] += 1
                if organisation_id in members:
                    belong[key] += 1
        return took_part, belong

    by_territory = axis(lambda pk, row: [territories.get(row[1], ("", ""))[0]])
    territory_labels = dict(territories.values())
    by_size = axis(lambda pk, row: [row[2]])
    size_labels = {value: str(label) for value, label in SizeBand.choices}
    by_section = axis(lambda pk, row: [naf_section(row[3]) or "?"])
    section_labels = {letter: f"{letter} – {label}" for _l, _h, letter, label in NAF_SECTIONS}
    section_labels["?"] = str(_("NAF code unknown"))
    by_skill = axis(lambda pk, row: [str(skill) for skill in skills.get(pk, [])])
    from cordee.network.models import Skill

    skill_labels = {
        str(skill.pk): skill.name
        for skill in Skill.objects.filter(pk__in={s for ids in skills.values() for s in ids})
    }
    # Skills an organisation may have several of: keep the parts that weigh most.
    skill_rows = compare(
        *by_skill,
        skill_labels,
        participant_total=len(participating),
        member_total=len(members),
    )[:12]
    return Participation(
        people=len(people),
        organisations=len(participating),
        member_organisations=len(members),
        without_organisation=len(people - with_organisation),
        contributions=contributions.count(),
        comments=comments.count(),
        supports=supports.count(),
        axes=[
            (str(_("Territory")), compare(*by_territory, territory_labels)),
            (str(_("Organisation size")), compare(*by_size, size_labels)),
            (str(_("Activity (NAF section)")), compare(*by_section, section_labels)),
            (str(_("Activities and skills")), skill_rows),
        ],
    )


def _branch_names(territory_ids: set[int], scope: Territory | None) -> dict[int, tuple[str, str]]:
    """territory id → (key, name) of the level the page compares: the branches under the
    consultation's territory (or the territory itself when it has none)."""
    territories = {t.pk: t for t in Territory.objects.all()}
    by_path = {t.path: t for t in territories.values()}
    depth = (scope.depth + 1) if scope is not None else None
    names = {}
    for pk in territory_ids:
        territory = territories.get(pk)
        if territory is None:
            continue
        parts = territory.ancestor_paths()
        if depth is None:
            # The whole network: compare branches (the deepest level).
            chosen = territory
        else:
            chosen = by_path.get(parts[min(depth, len(parts)) - 1], territory)
        names[pk] = (chosen.slug, chosen.name)
    return names
