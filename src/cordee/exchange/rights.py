"""Who may post, change and answer for an organisation on the capacity exchange.

Company heads may, and the colleagues they allow (every colleague, or people
they name); network staff may for the organisations of their territories. Only
organisations whose membership is in good standing take part.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cordee.exchange.models import Listing
from cordee.network.access import Access
from cordee.network.models import Organisation


def posting_organisations(access: Access) -> QuerySet[Organisation]:
    """The organisations ``access`` may post and answer for."""
    if not access.is_authenticated:
        return Organisation.objects.none()
    colleague = Q(pk__in=access.organisation_ids) & (
        Q(exchange_rights__every_colleague=True) | Q(exchange_rights__people=access.user_id)
    )
    allowed = Q(pk__in=access.head_of_ids) | colleague
    if access.is_staff:
        allowed |= access.staff_territory_q("territory")
    members = Organisation.objects.in_good_standing().values("pk")
    return Organisation.objects.filter(
        pk__in=Organisation.objects.filter(allowed).values("pk")
    ).filter(pk__in=members)


def may_post_for(access: Access, organisation: Organisation) -> bool:
    return posting_organisations(access).filter(pk=organisation.pk).exists()


def may_act_for(access: Access, listing: Listing) -> bool:
    """Whether ``access`` may change ``listing`` and answer for its side of a match."""
    return may_post_for(access, listing.organisation)


def may_manage_rights(access: Access, organisation: Organisation) -> bool:
    """Company heads and the staff over the organisation choose who may post for it."""
    return access.can_manage_organisation(organisation)
