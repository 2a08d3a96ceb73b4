"""Who sits where, as the public page shows it, in a fixed number of queries.

Composition is public: who decides is public. People who left the directory
are not named: the page says "a member of <organisation>" instead (their own
name is shown to themselves and to the staff who manage the body), as the
directory and the "who knows what" pages do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from cordee.governance.models import Body, BodyKind, Mandate, MandateQuerySet, MandateRole
from cordee.network.access import Access
from cordee.network.models import Organisation
from cordee.voting.models import Vote


@dataclass
class Seat:
    """One mandate, as a reader of the page may see it."""

    mandate: Mandate
    name: str
    named: bool
    organisation_url: str = ""
    results_url: str = ""


@dataclass
class Composition:
    body: Body
    current: list[Seat] = field(default_factory=list)
    upcoming: list[Seat] = field(default_factory=list)
    past: list[Seat] = field(default_factory=list)
    # For a branch: its delegates now sitting in the body it sends them to.
    delegates: list[Seat] = field(default_factory=list)
    can_manage: bool = False

    @property
    def seated(self) -> int:
        """People in the body now; for a branch, its delegates (its seats are theirs)."""
        seats = self.delegates if self.body.kind == BodyKind.BRANCH else self.current
        return len({seat.mandate.person_id for seat in seats})


def in_directory(person: object) -> bool:
    """The directory's rule (see ``network.selectors.directory_people``)."""
    return bool(
        getattr(person, "is_active", False)
        and getattr(person, "erased_at", None) is None
        and getattr(person, "listed_in_directory", False)
    )


ROLE_ORDER = {role: index for index, role in enumerate(MandateRole.values)}


def _mandates() -> MandateQuerySet:
    # Officers first, in the order of MandateRole: chair, vice-chair, secretary...
    role_order = Case(
        *(When(role=role, then=Value(index)) for role, index in ROLE_ORDER.items()),
        default=Value(len(ROLE_ORDER)),
    )
    return (
        Mandate.objects.select_related("person", "organisation", "election", "body", "branch")
        .alias(role_order=role_order)
        .order_by("role_order", "person__last_name", "person__first_name", "starts_on", "pk")
    )


class _Reader:
    """Names, links and results as ``access`` may see them; queries once for all mandates."""

    def __init__(self, access: Access, mandates: Iterable[Mandate], managed: set[int]):
        mandates = list(mandates)
        self.access = access
        self.managed = managed
        votes = {m.election_id for m in mandates if m.election_id}
        self.visible_results = (
            set(
                Vote.objects.visible_to(access)
                .filter(pk__in=votes, results_published_at__isnull=False)
                .values_list("pk", flat=True)
            )
            if votes and access.is_authenticated
            else set()
        )

    def seat(self, mandate: Mandate, body: Body) -> Seat:
        person, organisation = mandate.person, mandate.organisation
        named = in_directory(person) or person.pk == self.access.user_id or body.pk in self.managed
        if named:
            name = person.display_name
        elif organisation is not None:
            name = _("a member of %(organisation)s") % {"organisation": organisation.name}
        else:
            name = _("a member of the network")
        sees_organisation = organisation is not None and (
            self.access.sees_member_content
            or organisation.showcase
            or organisation.pk in self.access.organisation_ids
        )
        return Seat(
            mandate=mandate,
            name=name,
            named=named,
            organisation_url=organisation.get_absolute_url()
            if organisation is not None and sees_organisation
            else "",
            results_url=f"{mandate.election.get_absolute_url()}results/"
            if mandate.election is not None and mandate.election_id in self.visible_results
            else "",
        )


def _managed_ids(access: Access) -> set[int]:
    if not access.is_staff:
        return set()
    return set(Body.objects.managed_by(access).values_list("pk", flat=True))


def bodies_composition(access: Access, *, on: date | None = None) -> list[Composition]:
    """Every body with its current mandates (and each branch's delegates): five queries
    at most, whatever the number of bodies and mandates."""
    on = on or timezone.localdate()
    bodies = list(Body.objects.select_related("territory", "delegates_to", "working_group"))
    managed = _managed_ids(access)
    mandates = list(_mandates().current(on))
    reader = _Reader(access, mandates, managed)
    compositions = {
        body.pk: Composition(body=body, can_manage=body.pk in managed) for body in bodies
    }
    by_id = {body.pk: body for body in bodies}
    for mandate in mandates:
        body = by_id[mandate.body_id]
        compositions[body.pk].current.append(reader.seat(mandate, body))
        if mandate.branch_id in compositions:
            compositions[mandate.branch_id].delegates.append(reader.seat(mandate, body))
    return list(compositions.values())


def body_composition(access: Access, body: Body, *, on: date | None = None) -> Composition:
    """One body: its current, upcoming and past mandates, and a branch's delegates."""
    on = on or timezone.localdate()
    managed = _managed_ids(access)
    mine = Q(body=body)
    if body.kind == BodyKind.BRANCH:
        mine |= Q(branch=body)
    mandates = list(_mandates().filter(mine))
    reader = _Reader(access, mandates, managed)
    composition = Composition(body=body, can_manage=body.pk in managed)
    for mandate in mandates:
        if mandate.body_id != body.pk:
            if mandate.is_current(on):
                composition.delegates.append(reader.seat(mandate, mandate.body))
            continue
        seat = reader.seat(mandate, body)
        if mandate.starts_on > on:
            composition.upcoming.append(seat)
        elif mandate.is_current(on):
            composition.current.append(seat)
        else:
            composition.past.append(seat)
    composition.past.sort(key=lambda seat: seat.mandate.ends_on or on, reverse=True)
    return composition


def member_organisation_count() -> int:
    """The general assembly: every member organisation with its membership up to date."""
    return Organisation.objects.in_good_standing().count()


def group_by_kind(compositions: list[Composition]) -> list[tuple[str, list[Composition]]]:
    """Compositions in the order of ``BodyKind`` (assembly, board, ... branches)."""
    groups: dict[str, list[Composition]] = defaultdict(list)
    for composition in compositions:
        groups[composition.body.kind].append(composition)
    return [(kind, groups[kind]) for kind in BodyKind.values if groups[kind]]
