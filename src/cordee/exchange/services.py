"""Workflows of the capacity exchange: posting and changing an offer or a need (and
matching it), ending it, expiring it, getting in touch from a match, choosing who may
post for an organisation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cordee.accounts.models import User
from cordee.audit.models import ACTION_LABELS
from cordee.audit.services import audit_record
from cordee.exchange import matching
from cordee.exchange.models import Contact, ContactStatus, Listing, Match, PostingRights, Status
from cordee.exchange.notices import (
    notify_contact_answered,
    notify_contact_asked,
    notify_expired,
    notify_matches,
)
from cordee.exchange.rights import may_act_for, may_manage_rights, may_post_for
from cordee.network.access import Access
from cordee.network.models import Affiliation, Organisation

ACTION_LABELS.update(
    {
        "exchange.posted": gettext_lazy("Posted an offer or a need on the capacity exchange"),
        "exchange.updated": gettext_lazy("Changed an offer or a need of the capacity exchange"),
        "exchange.closed": gettext_lazy("Closed an offer or a need of the capacity exchange"),
        "exchange.withdrawn": gettext_lazy("Withdrew an offer or a need of the capacity exchange"),
        "exchange.contact_asked": gettext_lazy("Asked to get in touch on the capacity exchange"),
        "exchange.contact_accepted": gettext_lazy(
            "Accepted to get in touch on the capacity exchange"
        ),
        "exchange.contact_declined": gettext_lazy(
            "Declined to get in touch on the capacity exchange"
        ),
        "exchange.rights_changed": gettext_lazy(
            "Changed who may post for an organisation on the capacity exchange"
        ),
    }
)


# Posting and changing.


def listing_save(
    *,
    listing: Listing,
    by: User,
    access: Access,
    request: HttpRequest | None = None,
    announce: bool = True,
) -> list[Match]:
    """Post a new offer or need, or save changes to an open one, and match it.

    Raises ``PermissionDenied`` when ``by`` may not post for the organisation,
    ``ValidationError`` when the listing is no longer open or its dates are wrong.
    Returns the matches found for the first time: both sides are told of them
    (unless ``announce`` is False, as in the demo).
    """
    if not may_post_for(access, listing.organisation):
        raise PermissionDenied(_("You cannot post for this organisation."))
    created = listing.pk is None
    if not created and Listing.objects.get(pk=listing.pk).status != Status.OPEN:
        raise ValidationError(_("This offer or need is no longer open: post a new one instead."))
    if created and listing.ends_on < timezone.localdate():
        raise ValidationError({"ends_on": _("This date is past: choose today or a later day.")})
    listing.territory_id = listing.organisation.territory_id
    listing.full_clean()
    with transaction.atomic():
        if created:
            listing.created_by = by
        listing.save()
        audit_record(
            action="exchange.posted" if created else "exchange.updated",
            request=request,
            actor=by,
            target=listing,
            details={"side": listing.side, "kind": listing.kind},
        )
        new = listing_match(listing=listing)
        if new and announce:
            transaction.on_commit(lambda: notify_matches(listing, new))
    return new


def listing_match(*, listing: Listing) -> list[Match]:
    """Bring the listing's matches up to date with the open listings of the other side.

    Matches no longer true go, unless someone asked to get in touch through them.
    Returns the new matches.
    """
    listing = Listing.objects.select_related("territory").get(pk=listing.pk)
    existing = {
        made.other_id: made
        for made in Match.objects.filter(**{listing.side: listing}).annotate(
            other_id=_other_id(listing)
        )
    }
    found: dict[int, matching.Match] = {}
    if listing.is_open and not listing.is_hidden:
        other_side = Listing.Side.NEED if listing.is_offer else Listing.Side.OFFER
        candidates = (
            Listing.objects.open()
            .filter(
                side=other_side,
                kind=listing.kind,
                starts_on__lte=listing.ends_on,
                ends_on__gte=listing.starts_on,
            )
            .exclude(organisation_id=listing.organisation_id)
            # A lapsed member's listings wait: its people no longer see members' offers
            # and needs, and would learn of them by being told of a match.
            .filter(organisation__in=Organisation.objects.in_good_standing().values("pk"))
            .select_related("territory")
            .order_by("pk")
        )
        for made in matching.matches_for(listing.as_entry(), (c.as_entry() for c in candidates)):
            other = made.offer if listing.side == Listing.Side.NEED else made.need
            found[other] = made
    stale = [made.pk for other, made in existing.items() if other not in found]
    Match.objects.filter(pk__in=stale, contact__isnull=True).delete()
    new = []
    for other, made in found.items():
        fields = {
            "distance": made.distance,
            "score": made.score,
            "reasons": reasons_to_json(made.reasons),
        }
        if other in existing:
            Match.objects.filter(pk=existing[other].pk).update(**fields)
        else:
            new.append(Match.objects.create(need_id=made.need, offer_id=made.offer, **fields))
    return new


def _other_id(listing: Listing) -> F:
    return F("offer_id") if listing.side == Listing.Side.NEED else F("need_id")


def reasons_to_json(reasons: Iterable[matching.Reason]) -> list[dict[str, Any]]:
    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return value

    return [
        {"code": reason.code, "values": {key: plain(v) for key, v in reason.values.items()}}
        for reason in reasons
    ]


def listing_end(
    *,
    listing: Listing,
    status: Status,
    by: User,
    access: Access,
    request: HttpRequest | None = None,
) -> Listing:
    """Close (it was met) or withdraw an open listing."""
    if status not in (Status.CLOSED, Status.WITHDRAWN):
        raise ValueError(status)
    if not may_act_for(access, listing):
        raise PermissionDenied(_("You cannot change the offers and needs of this organisation."))
    with transaction.atomic():
        listing = Listing.objects.select_for_update().get(pk=listing.pk)
        if not listing.is_open:
            raise ValidationError(_("This offer or need is already ended."))
        listing.end(status)
        audit_record(action=f"exchange.{status}", request=request, actor=by, target=listing)
    return listing


def listings_expire_due(*, today: date | None = None) -> int:
    """End the open listings whose end date is past, and tell their people. Returns how many."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(
            Listing.objects.select_for_update(of=("self",))
            .filter(status=Status.OPEN, ends_on__lt=today)
            .select_related("organisation", "created_by")
        )
        now = timezone.now()
        Listing.objects.filter(pk__in=[listing.pk for listing in due]).update(
            status=Status.EXPIRED, ended_at=now
        )
        if due:
            transaction.on_commit(lambda: notify_expired(due))
    return len(due)


# Getting in touch.


def contact_ask(
    *,
    match: Match,
    asked_from: Listing,
    message: str = "",
    by: User,
    access: Access,
    request: HttpRequest | None = None,
) -> Contact:
    """Ask, for ``asked_from``'s side of ``match``, to get in touch with the other side."""
    if asked_from.pk not in (match.need_id, match.offer_id):
        raise PermissionDenied
    if not may_act_for(access, asked_from):
        raise PermissionDenied(_("You cannot answer for this organisation."))
    other = match.other(asked_from)
    if not (asked_from.is_open and other.is_open) or asked_from.is_hidden or other.is_hidden:
        raise ValidationError(_("One side of this match is no longer open."))
    with transaction.atomic():
        match = Match.objects.select_for_update().get(pk=match.pk)
        if Contact.objects.filter(match=match).exists():
            raise ValidationError(_("Someone already asked to get in touch about this match."))
        contact = Contact.objects.create(
            match=match, asked_from=asked_from, asked_by=by, message=message.strip()[:1000]
        )
        audit_record(action="exchange.contact_asked", request=request, actor=by, target=asked_from)
        transaction.on_commit(lambda: notify_contact_asked(contact))
    return contact


def contact_answer(
    *,
    contact: Contact,
    accept: bool,
    by: User,
    access: Access,
    request: HttpRequest | None = None,
) -> Contact:
    """Accept (both sides then see each other's contact details) or decline."""
    if not may_act_for(access, contact.asked_to):
        raise PermissionDenied(_("You cannot answer for this organisation."))
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.status != ContactStatus.PENDING:
            raise ValidationError(_("This request is already answered."))
        contact.status = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
        contact.answered_by = by
        contact.answered_at = timezone.now()
        contact.save(update_fields=["status", "answered_by", "answered_at"])
        audit_record(
            action=f"exchange.contact_{contact.status}",
            request=request,
            actor=by,
            target=contact.asked_to,
        )
        transaction.on_commit(lambda: notify_contact_answered(contact))
    return contact


# Who may post.


def posting_rights_save(
    *,
    organisation: Organisation,
    every_colleague: bool,
    people: Iterable[User],
    by: User,
    access: Access,
    request: HttpRequest | None = None,
) -> PostingRights:
    """Let every colleague, or the named colleagues, post for ``organisation``."""
    if not may_manage_rights(access, organisation):
        raise PermissionDenied
    people = list(people)
    colleagues = set(
        Affiliation.objects.current()
        .filter(organisation=organisation)
        .values_list("person_id", flat=True)
    )
    if any(person.pk not in colleagues for person in people):
        raise ValidationError(_("Only people of the organisation may post for it."))
    with transaction.atomic():
        rights, _created = PostingRights.objects.get_or_create(organisation=organisation)
        rights.every_colleague = every_colleague
        rights.save()
        rights.people.set(people)
        audit_record(
            action="exchange.rights_changed",
            request=request,
            actor=by,
            target=organisation,
            details={"every_colleague": every_colleague, "people": len(people)},
        )
    return rights
