"""Who may record decisions, and for which bodies.

Editing an existing decision is decided in SQL by ``Decision.objects.managed_by``;
recording a new one must be decided before it exists, here, by the same rules:
staff over the decision's territory (that of its scope, else of its body;
whole-network staff for the rest), and the current chair and secretary of its body.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cordee.decisions.models import RECORDING_ROLES, Action, Decision
from cordee.governance.models import Body, Mandate
from cordee.network.access import Access
from cordee.network.models import Territory
from cordee.network.scopes import Scope


def recording_body_ids(access: Access) -> set[int]:
    """Bodies whose current chair or secretary the person is."""
    if access.user_id is None:
        return set()
    return set(
        Mandate.objects.current()
        .filter(person_id=access.user_id, role__in=RECORDING_ROLES)
        .values_list("body_id", flat=True)
    )


def recordable_bodies(access: Access) -> QuerySet[Body]:
    """The bodies the person may record decisions for."""
    if access.is_staff_for(None):
        return Body.objects.all()
    query = Q(pk__in=recording_body_ids(access))
    if access.is_staff:
        query |= Q(territory__isnull=False) & access.staff_territory_q("territory")
    return Body.objects.filter(query)


def may_record_anything(access: Access) -> bool:
    return access.is_staff or bool(recording_body_ids(access))


def may_record(
    access: Access, *, body: Body | None, scope: str, territory: Territory | None
) -> bool:
    """Whether the person may record (or turn an existing one into) such a decision."""
    if access.is_staff_for(None):
        return True
    if body is not None and body.pk in recording_body_ids(access):
        # A territory's body decides for its territory: its officers do not place
        # decisions in another territory's register (the network's bodies may).
        return (
            scope != Scope.TERRITORY
            or body.territory is None
            or (territory is not None and territory.path.startswith(body.territory.path))
            or (territory is not None and access.is_staff_for(territory))
        )
    if not access.is_staff:
        return False
    if scope == Scope.TERRITORY:
        return territory is not None and access.is_staff_for(territory)
    return body is not None and body.territory is not None and access.is_staff_for(body.territory)


def may_manage(access: Access, decision: Decision) -> bool:
    return Decision.objects.managed_by(access).filter(pk=decision.pk).exists()


def may_update_action(access: Access, action: Action, *, manager: bool) -> bool:
    """The action's owner records its progress, as do the decision's managers."""
    return manager or (access.user_id is not None and action.owner_id == access.user_id)
