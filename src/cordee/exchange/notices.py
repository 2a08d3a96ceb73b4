"""Telling the people of an offer or a need: matches found, contact asked and answered,
end date past."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cordee.accounts.models import User
from cordee.exchange.models import Contact, ContactStatus, Listing, Match
from cordee.network.models import Affiliation
from cordee.notifications.services import notify

MATCHED = "exchange.matched"
CONTACT = "exchange.contact"
EXPIRED = "exchange.expired"


def listing_people(listing: Listing) -> list[User]:
    """Who is told about a listing: the person who posted it while they still work for its
    organisation, else its company heads."""
    heads = Affiliation.objects.current().filter(organisation_id=listing.organisation_id)
    poster = listing.created_by
    if poster is not None and heads.filter(person=poster).exists():
        return [poster]
    return list(User.objects.filter(pk__in=heads.filter(is_head=True).values("person_id")))


def _period(listing: Listing) -> str:
    return _("from %(start)s to %(end)s") % {
        "start": listing.starts_on.strftime("%d/%m/%Y"),
        "end": listing.ends_on.strftime("%d/%m/%Y"),
    }


def notify_matches(listing: Listing, matches: list[Match]) -> None:
    """Tell the listing's people how many matches it has, and each other side of one."""
    with translation.override(settings.LANGUAGE_CODE):
        count = len(matches)
        if listing.is_offer:
            title = ngettext(
                "%(count)s need matches your offer: %(title)s",
                "%(count)s needs match your offer: %(title)s",
                count,
            )
        else:
            title = ngettext(
                "%(count)s offer matches your need: %(title)s",
                "%(count)s offers match your need: %(title)s",
                count,
            )
        notify(
            recipients=listing_people(listing),
            kind=MATCHED,
            title=title % {"count": count, "title": listing.title},
            body=_("Open it to see why they match and to get in touch."),
            url=listing.get_absolute_url(),
        )
        for made in Match.objects.filter(pk__in=[m.pk for m in matches]).select_related(
            "need__organisation", "offer__organisation"
        ):
            other = made.other(listing)
            if listing.is_offer:
                title = _("An offer matches your need: %(title)s")
                body = _("%(organisation)s offers %(title)s %(period)s.")
            else:
                title = _("A need matches your offer: %(title)s")
                body = _("%(organisation)s needs %(title)s %(period)s.")
            notify(
                recipients=listing_people(other),
                kind=MATCHED,
                title=title % {"title": other.title},
                body=body
                % {
                    "organisation": listing.organisation.name,
                    "title": listing.title,
                    "period": _period(listing),
                },
                url=other.get_absolute_url(),
            )


def notify_expired(listings: list[Listing]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        for listing in listings:
            if listing.is_offer:
                title = _("Your offer has expired: %(title)s")
            else:
                title = _("Your need has expired: %(title)s")
            notify(
                recipients=listing_people(listing),
                kind=EXPIRED,
                title=title % {"title": listing.title},
                body=_("Its end date is past. Post it again if it still holds."),
                url=listing.get_absolute_url(),
            )


def notify_contact_asked(contact: Contact) -> None:
    contact = Contact.objects.select_related(
        "match__need__organisation", "match__offer__organisation", "asked_from__organisation"
    ).get(pk=contact.pk)
    asked_to = contact.asked_to
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=listing_people(asked_to),
            kind=CONTACT,
            title=_("%(organisation)s would like to get in touch")
            % {"organisation": contact.asked_from.organisation.name},
            body=_("About %(title)s. Accept to see each other's contact details, or decline.")
            % {"title": asked_to.title},
            url=asked_to.get_absolute_url(),
        )


def notify_contact_answered(contact: Contact) -> None:
    contact = Contact.objects.select_related(
        "match__need__organisation", "match__offer__organisation", "asked_by"
    ).get(pk=contact.pk)
    asked_to = contact.asked_to
    with translation.override(settings.LANGUAGE_CODE):
        if contact.status == ContactStatus.ACCEPTED:
            title = _("%(organisation)s accepted to get in touch")
            body = _("You can now see each other's contact details.")
        else:
            title = _("%(organisation)s declined to get in touch")
            body = _("Other matches may suit you: see the page of your offer or need.")
        recipients = listing_people(contact.asked_from)
        if contact.asked_by is not None:
            recipients.append(contact.asked_by)
        notify(
            recipients=recipients,
            kind=CONTACT,
            title=title % {"organisation": asked_to.organisation.name},
            body=body,
            url=contact.asked_from.get_absolute_url(),
        )
