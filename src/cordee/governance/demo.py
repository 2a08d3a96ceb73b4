"""The demo network's governance: its general assembly, board, executive committee
(*bureau*), one branch per territory with its delegates to the board, and the
bodies of three clubs and working groups.

People are company heads of member organisations, taken in a fixed order so
that the demo is the same everywhere; the demo's company head sits on the
board. Mandates go in with ``bulk_create``: no notification, no audit record.
Colleagues' demos find the bodies by their slugs.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from cordee.governance.models import Body, BodyKind, Mandate, MandateRole, MandateSource
from cordee.governance.services import network_affiliations
from cordee.network.models import Affiliation, Territory, WorkingGroup

ASSEMBLY = "assemblee-generale"
BOARD = "conseil-administration"
EXECUTIVE = "bureau"
BRANCH_PREFIX = "antenne-"
# Delegates each branch elects to the board.
BRANCH_SEATS = {"arve": 2, "annecy": 1, "chablais": 1}
BOARD_ELECTED = 8  # by the general assembly; the branches' delegates make up the rest
# (working group slug, kind): the bodies of existing groups keep the group's slug.
GROUP_BODIES = (
    ("club-dirigeants-arve", BodyKind.CLUB),
    ("club-rse", BodyKind.CLUB),
    ("commission-qualite", BodyKind.WORKING_GROUP),
)
DEMO_HEAD_EMAIL = "head@example.org"


def load_governance_demo() -> None:
    """Load the demo's governance; safe to run again."""
    if Body.objects.filter(slug=BOARD).exists():
        return
    branches = list(Territory.objects.filter(slug__in=BRANCH_SEATS).order_by("path"))
    if not branches:
        return  # no demo network
    year = timezone.localdate().year
    # The last general assembly elected the board for three years; the one before, the
    # previous board.
    elected_on, ends_on = date(year - 1, 6, 20), date(year + 2, 6, 19)
    previous = (date(year - 4, 6, 21), date(year - 1, 6, 19))
    with transaction.atomic():
        assembly = Body.objects.create(
            name="Assemblée générale",
            slug=ASSEMBLY,
            kind=BodyKind.GENERAL_ASSEMBLY,
            description="Toutes les entreprises adhérentes à jour de leur cotisation, une "
            "voix chacune. Elle élit le conseil d'administration et vote les grandes "
            "orientations du réseau.",
        )
        board = Body.objects.create(
            name="Conseil d'administration",
            slug=BOARD,
            kind=BodyKind.BOARD,
            seats=BOARD_ELECTED + sum(BRANCH_SEATS.values()),
            description="Huit administrateurs élus par l'assemblée générale et les délégués "
            "élus par chaque antenne territoriale.",
        )
        executive = Body.objects.create(
            name="Bureau",
            slug=EXECUTIVE,
            kind=BodyKind.EXECUTIVE,
            seats=5,
            description="Le président, la vice-présidente, le secrétaire et la trésorière, "
            "avec un membre du conseil : il prépare les décisions du conseil.",
        )
        branch_bodies = [
            Body.objects.create(
                name=f"Antenne {territory.name}",
                slug=f"{BRANCH_PREFIX}{territory.slug}",
                kind=BodyKind.BRANCH,
                territory=territory,
                delegates_to=board,
                seats=BRANCH_SEATS[territory.slug],
                description=f"Les entreprises adhérentes du territoire « {territory.name} » "
                "élisent leurs délégués au conseil d'administration.",
            )
            for territory in branches
        ]
        groups = {g.slug: g for g in WorkingGroup.objects.filter(slug__in=dict(GROUP_BODIES))}
        group_bodies = [
            Body.objects.create(
                name=groups[slug].name,
                slug=slug,
                kind=kind,
                territory=groups[slug].territory,
                working_group=groups[slug],
                description=groups[slug].description,
            )
            for slug, kind in GROUP_BODIES
            if slug in groups
        ]

        heads = _heads(network_affiliations())
        used: set[int] = set()

        def take(affiliations: list[Affiliation], count: int) -> list[Affiliation]:
            chosen = [a for a in affiliations if a.person_id not in used][:count]
            used.update(a.person_id for a in chosen)
            return chosen

        def mandate(body: Body, a: Affiliation, role: str, **fields: object) -> Mandate:
            values = {
                "source": MandateSource.ELECTED,
                "starts_on": elected_on,
                "ends_on": ends_on,
                **fields,
            }
            return Mandate(
                body=body, person=a.person, organisation=a.organisation, role=role, **values
            )

        demo_head = [a for a in heads if a.person.email == DEMO_HEAD_EMAIL]
        elected = take(demo_head, 1) + take(heads, BOARD_ELECTED - len(demo_head))
        # The demo's head is the treasurer: the board's officers come first.
        officers = [elected[1], elected[2], elected[3], elected[0]]
        roles = [
            MandateRole.CHAIR,
            MandateRole.VICE_CHAIR,
            MandateRole.SECRETARY,
            MandateRole.TREASURER,
        ]
        rows = [mandate(board, a, role) for a, role in zip(officers, roles, strict=True)]
        rows += [mandate(board, a, MandateRole.MEMBER) for a in elected[4:]]
        rows += [mandate(executive, a, role) for a, role in zip(officers, roles, strict=True)]
        rows += [mandate(executive, elected[4], MandateRole.MEMBER)]
        chair, secretary = officers[0], officers[2]
        rows += [
            mandate(assembly, chair, MandateRole.CHAIR, source=MandateSource.EX_OFFICIO),
            mandate(assembly, secretary, MandateRole.SECRETARY, source=MandateSource.EX_OFFICIO),
        ]
        # The previous chair, and a board member who stepped down.
        former = take(heads, 2)
        rows += [
            mandate(
                board, former[0], MandateRole.CHAIR, starts_on=previous[0], ends_on=previous[1]
            ),
            mandate(
                board, former[1], MandateRole.MEMBER, starts_on=previous[0], ends_on=previous[1]
            ),
        ]
        for branch in branch_bodies:
            local = _heads(network_affiliations(branch))
            delegates = take(local, branch.seats or 1)
            rows += [
                mandate(
                    board, a, MandateRole.DELEGATE, branch=branch, starts_on=date(year - 1, 3, 15)
                )
                for a in delegates
            ]
            rows += [
                mandate(
                    branch,
                    a,
                    MandateRole.CHAIR,
                    source=MandateSource.APPOINTED,
                    starts_on=date(year - 1, 3, 15),
                    ends_on=None,
                )
                for a in take(local, 1)
            ]
        for body in group_bodies:
            members = list(
                network_affiliations(body).filter(
                    person_id__in=WorkingGroup.members.through.objects.filter(
                        workinggroup=groups[body.slug]
                    ).values("user_id")
                )[:40]
            )
            rows += [
                mandate(
                    body,
                    a,
                    MandateRole.CHAIR,
                    source=MandateSource.APPOINTED,
                    starts_on=date(year - 2, 9, 1),
                    ends_on=None,
                )
                for a in take(members, 1)
            ]
            rows += [
                mandate(
                    body,
                    a,
                    MandateRole.SECRETARY,
                    source=MandateSource.APPOINTED,
                    starts_on=date(year - 1, 9, 1),
                    ends_on=None,
                )
                for a in take(members, 1)
            ]
        Mandate.objects.bulk_create(rows)


def _heads(affiliations) -> list[Affiliation]:
    """Company heads in the directory, in a fixed order (by organisation)."""
    return list(
        affiliations.filter(is_head=True, person__listed_in_directory=True).order_by(
            "organisation__legal_name", "person__last_name", "pk"
        )
    )
