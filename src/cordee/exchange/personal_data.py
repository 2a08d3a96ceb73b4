"""What the capacity exchange holds about a person: the offers and needs they posted and
the contacts they asked or answered. Erasure keeps the offers and needs, which belong to
their organisation, and forgets who posted them and any message they wrote."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cordee.accounts.models import User
from cordee.exchange.models import Contact, Listing


def export_exchange(user: User) -> dict[str, Any]:
    return {
        "posted": [
            {
                "side": listing.side,
                "kind": listing.kind,
                "title": listing.title,
                "organisation": str(listing.organisation),
                "from": listing.starts_on.isoformat(),
                "until": listing.ends_on.isoformat(),
                "status": listing.status,
                "posted_at": listing.created_at.isoformat(),
            }
            for listing in Listing.objects.filter(created_by=user).select_related("organisation")
        ],
        "contacts": [
            {
                "about": contact.asked_from.title,
                "asked": contact.asked_by_id == user.pk,
                "message": contact.message if contact.asked_by_id == user.pk else "",
                "status": contact.status,
                "at": contact.asked_at.isoformat(),
            }
            for contact in Contact.objects.filter(
                Q(asked_by=user) | Q(answered_by=user)
            ).select_related("asked_from")
        ],
    }


def erase_exchange(user: User) -> None:
    Listing.objects.filter(created_by=user).update(created_by=None)
    Contact.objects.filter(asked_by=user).update(asked_by=None, message="")
    Contact.objects.filter(answered_by=user).update(answered_by=None)
