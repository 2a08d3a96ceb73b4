"""Reading the capacity exchange: the list's filters and the staff's activity figures."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from cordee.exchange.models import Contact, ContactStatus, Kind, Listing, Match, Side
from cordee.network.models import Territory


def filter_listings(listings: QuerySet[Listing], filters: dict[str, Any]) -> QuerySet[Listing]:
    """``listings`` narrowed by the list's filters (a filter form's ``cleaned_data``)."""
    if text := (filters.get("q") or "").strip():
        listings = listings.filter(
            Q(title__icontains=text)
            | Q(description__icontains=text)
            | Q(skill__name_fr__icontains=text)
            | Q(skill__name_en__icontains=text)
            | Q(organisation__legal_name__icontains=text)
            | Q(organisation__trade_name__icontains=text)
        )
    if side := filters.get("side"):
        listings = listings.filter(side=side)
    if kind := filters.get("kind"):
        listings = listings.filter(kind=kind)
    if territory := filters.get("territory"):
        listings = listings.filter(territory__path__startswith=territory.path)
    if skill := filters.get("skill"):
        listings = listings.filter(skill=skill)
    # Available at some time between the two dates.
    if start := filters.get("available_from"):
        listings = listings.filter(ends_on__gte=start)
    if end := filters.get("available_until"):
        listings = listings.filter(starts_on__lte=end)
    return listings


def activity_figures(territory: Territory, start: date, end: date) -> dict[str, Any]:
    """What happened on the exchange in ``territory`` (and under it) between two days:
    offers and needs posted (by kind), matches found, contacts asked and made.

    A match or a contact counts for the territory when either side is in it.
    """
    in_territory = Q(territory__path__startswith=territory.path)
    posted = Listing.objects.filter(
        in_territory, created_at__date__gte=start, created_at__date__lte=end
    )
    by_kind = {
        row["kind"]: row
        for row in posted.order_by()
        .values("kind")
        .annotate(
            offers=Count("pk", filter=Q(side=Side.OFFER)),
            needs=Count("pk", filter=Q(side=Side.NEED)),
        )
    }
    sides = Q(need__territory__path__startswith=territory.path) | Q(
        offer__territory__path__startswith=territory.path
    )
    matches = Match.objects.filter(
        sides, created_at__date__gte=start, created_at__date__lte=end
    ).count()
    contacts = Contact.objects.filter(
        Q(match__need__territory__path__startswith=territory.path)
        | Q(match__offer__territory__path__startswith=territory.path),
        asked_at__date__gte=start,
        asked_at__date__lte=end,
    ).aggregate(asked=Count("pk"), made=Count("pk", filter=Q(status=ContactStatus.ACCEPTED)))
    kinds = [
        {
            "kind": kind,
            "offers": by_kind.get(kind.value, {}).get("offers", 0),
            "needs": by_kind.get(kind.value, {}).get("needs", 0),
        }
        for kind in Kind
    ]
    return {
        "kinds": kinds,
        "offers": sum(row["offers"] for row in kinds),
        "needs": sum(row["needs"] for row in kinds),
        "matches": matches,
        "contacts_asked": contacts["asked"],
        "contacts_made": contacts["made"],
        "open_now": Listing.objects.open().filter(in_territory).count(),
    }
