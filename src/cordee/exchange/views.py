"""The capacity exchange: the list of offers and needs, a page for each with its matches,
posting and changing them, getting in touch, and one's organisation's offers and needs."""

from __future__ import annotations

import typing
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from cordee.accounts.models import User
from cordee.exchange.forms import ContactForm, ListingFilterForm, ListingForm, PostingRightsForm
from cordee.exchange.models import (
    Contact,
    ContactStatus,
    Kind,
    Listing,
    Match,
    PostingRights,
    Side,
    Status,
)
from cordee.exchange.reasons import describe
from cordee.exchange.rights import may_act_for, may_manage_rights, posting_organisations
from cordee.exchange.selectors import filter_listings
from cordee.exchange.services import (
    contact_answer,
    contact_ask,
    listing_end,
    listing_save,
    posting_rights_save,
)
from cordee.network.access import get_access
from cordee.network.models import Affiliation, Organisation

PAGE_SIZE = 24


def person(request: HttpRequest) -> User:
    """The logged-in person (views that call this are behind ``login_required``)."""
    return typing.cast(User, request.user)


def get_listing(request: HttpRequest, public_id: UUID, *, act: bool = False) -> Listing:
    """The listing if the person may see it (else 404); ``act``: may change it (else 403)."""
    access = get_access(request)
    listing = get_object_or_404(
        Listing.objects.visible_to(access).select_related(
            "organisation", "territory", "skill", "created_by"
        ),
        public_id=public_id,
    )
    if act and not may_act_for(access, listing):
        raise PermissionDenied
    return listing


def _partial(request: HttpRequest) -> bool:
    htmx: HtmxDetails = request.htmx  # type: ignore[attr-defined]
    return bool(htmx) and not htmx.history_restore_request


# The list.


@login_required
@require_GET
@vary_on_headers("HX-Request")
def listing_list(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    if not access.sees_member_content:
        raise PermissionDenied
    form = ListingFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound:
        # A wrong filter is named on the form and left out; the valid ones still apply.
        form.is_valid()
        filters = form.cleaned_data
    listings = filter_listings(Listing.objects.visible_to(access).open(), filters)
    page = Paginator(
        listings.select_related("organisation", "territory", "skill"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "active_filters": sum(1 for name in form.fields if name != "q" and request.GET.get(name)),
        "can_post": posting_organisations(access).exists(),
    }
    if _partial(request):
        return render(request, "exchange/_results.html", context)
    return render(request, "exchange/list.html", context)


# Posting and changing.


@login_required
@require_http_methods(["GET", "POST"])
def listing_create(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    organisations = posting_organisations(access)
    if not organisations.exists():
        raise PermissionDenied
    initial = {
        "side": request.GET.get("side") if request.GET.get("side") in Side.values else Side.NEED,
        "kind": request.GET.get("kind") if request.GET.get("kind") in Kind.values else None,
    }
    # Most people post for the organisation they work for; staff choose.
    initial["organisation"] = organisations.filter(pk__in=access.organisation_ids).first()
    form = ListingForm(request.POST or None, organisations=organisations, initial=initial)
    return _listing_form(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def listing_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    listing = get_listing(request, public_id, act=True)
    if not listing.is_open:
        messages.error(request, _("This offer or need is no longer open: post a new one instead."))
        return redirect(listing)
    form = ListingForm(
        request.POST or None,
        instance=listing,
        organisations=Organisation.objects.filter(pk=listing.organisation_id),
    )
    return _listing_form(request, form)


def _listing_form(request: HttpRequest, form: ListingForm) -> HttpResponse:
    """Show the form; once valid, post or save the listing and show its page."""
    listing = form.instance
    creating = listing.pk is None
    if request.method == "POST" and form.is_valid():
        try:
            matches = listing_save(
                listing=listing, by=person(request), access=get_access(request), request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _saved_message(listing, len(matches), creating=creating))
            return redirect(listing)
    return render(
        request, "exchange/form.html", {"form": form, "listing": None if creating else listing}
    )


def _saved_message(listing: Listing, matches: int, *, creating: bool) -> str:
    done = _("Posted.") if creating else _("Saved.")
    if not matches:
        if creating:
            return done + " " + _("No match yet: you will be told as soon as one appears.")
        return done
    if listing.is_offer:
        found = ngettext(
            "%(count)s need matches your offer: see it below.",
            "%(count)s needs match your offer: see them below.",
            matches,
        )
    else:
        found = ngettext(
            "%(count)s offer matches your need: see it below.",
            "%(count)s offers match your need: see them below.",
            matches,
        )
    return done + " " + found % {"count": matches}


def _end(request: HttpRequest, public_id: UUID, status: Status, done: str) -> HttpResponse:
    listing = get_listing(request, public_id, act=True)
    try:
        listing_end(
            listing=listing,
            status=status,
            by=person(request),
            access=get_access(request),
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(listing)


@login_required
@require_POST
def listing_close(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _end(request, public_id, Status.CLOSED, _("Closed. Thank you for telling the network."))


@login_required
@require_POST
def listing_withdraw(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _end(request, public_id, Status.WITHDRAWN, _("Withdrawn."))


# A listing's page and its matches.


def _match_rows(request: HttpRequest, listing: Listing, acting: set[int]) -> list[dict[str, Any]]:
    access = get_access(request)
    other = "offer" if listing.side == Side.NEED else "need"
    can_act = listing.organisation_id in acting
    matches = (
        Match.objects.filter(**{listing.side: listing})
        .filter(**{f"{other}__in": Listing.objects.visible_to(access)})
        .filter(Q(**{f"{other}__status": Status.OPEN}) | Q(contact__isnull=False))
        .select_related(
            f"{other}__organisation",
            f"{other}__territory",
            "need__skill",
            "contact__asked_by",
            "contact__answered_by",
        )
    )
    rows = []
    for made in matches:
        counterpart = getattr(made, other)
        setattr(made, listing.side, listing)
        contact = getattr(made, "contact", None)
        party = can_act or counterpart.organisation_id in acting
        revealed = party and contact is not None and contact.status == ContactStatus.ACCEPTED
        rows.append(
            {
                "match": made,
                "other": counterpart,
                "reasons": [describe(r, need=made.need, other=counterpart) for r in made.reasons],
                "contact": contact if party else None,
                "can_ask": can_act
                and contact is None
                and listing.is_open
                and counterpart.is_open
                and not listing.is_hidden,
                "can_answer": can_act
                and contact is not None
                and contact.status == ContactStatus.PENDING
                and contact.asked_from_id == counterpart.pk,
                "revealed": revealed,
                "people": _people_in_touch(contact, listing, counterpart) if revealed else [],
            }
        )
    return rows


def _people_in_touch(contact: Contact, listing: Listing, other: Listing) -> list[dict[str, str]]:
    """The two people of an accepted contact, with the organisation each answers for."""
    by_listing = {listing.pk: listing, other.pk: other}
    asked_from = by_listing[contact.asked_from_id]
    asked_to = other if asked_from is listing else listing
    people = []
    for someone, side in ((contact.asked_by, asked_from), (contact.answered_by, asked_to)):
        if someone is not None and someone.is_active:
            people.append(
                {
                    "display_name": someone.display_name,
                    "organisation": side.organisation.name,
                    "email": someone.email,
                    "phone": someone.phone,
                }
            )
    return people


@login_required
@require_GET
def listing_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    listing = get_listing(request, public_id)
    acting = set(posting_organisations(get_access(request)).values_list("pk", flat=True))
    context = {
        "listing": listing,
        "can_act": listing.organisation_id in acting,
        "rows": _match_rows(request, listing, acting),
    }
    return render(request, "exchange/detail.html", context)


# Getting in touch.


@login_required
@require_POST
def contact_request(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    visible = Listing.objects.visible_to(access)
    made = get_object_or_404(
        Match.objects.filter(need__in=visible, offer__in=visible).select_related(
            "need__organisation", "offer__organisation"
        ),
        public_id=public_id,
    )
    sides = {str(made.need.public_id): made.need, str(made.offer.public_id): made.offer}
    asked_from = sides.get(request.POST.get("from", ""))
    if asked_from is None or not may_act_for(access, asked_from):
        raise PermissionDenied
    form = ContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your message is too long: keep it under 1,000 characters."))
        return redirect(asked_from)
    try:
        contact_ask(
            match=made,
            asked_from=asked_from,
            message=form.cleaned_data["message"],
            by=person(request),
            access=access,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Asked. %(organisation)s is told; you will see each other's contact details "
                "once they accept."
            )
            % {"organisation": made.other(asked_from).organisation.name},
        )
    return redirect(asked_from)


@login_required
@require_POST
def contact_reply(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    visible = Listing.objects.visible_to(access)
    contact = get_object_or_404(
        Contact.objects.filter(match__need__in=visible, match__offer__in=visible).select_related(
            "match__need__organisation", "match__offer__organisation", "asked_from"
        ),
        public_id=public_id,
    )
    asked_to = contact.asked_to
    if not may_act_for(access, asked_to):
        raise PermissionDenied
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or to decline."))
        return redirect(asked_to)
    try:
        contact_answer(
            contact=contact,
            accept=answer == "accept",
            by=person(request),
            access=access,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if answer == "accept":
            messages.success(request, _("Accepted: you can now see each other's contact details."))
        else:
            messages.success(request, _("Declined. They are told, without any reason given."))
    return redirect(asked_to)


# My organisation's offers and needs.


@login_required
@require_GET
def my_listings(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    listings = list(
        Listing.objects.filter(organisation_id__in=access.organisation_ids)
        .select_related("organisation", "territory", "skill")
        .order_by("status", "-created_at")
    )
    waiting = list(
        Contact.objects.filter(status=ContactStatus.PENDING)
        .filter(
            Q(match__need__organisation_id__in=access.organisation_ids)
            | Q(match__offer__organisation_id__in=access.organisation_ids)
        )
        .exclude(asked_from__organisation_id__in=access.organisation_ids)
        .select_related("match__need", "match__offer", "asked_from__organisation")
    )
    organisations = list(
        Organisation.objects.filter(pk__in=access.organisation_ids)
        .select_related("territory")
        .order_by("legal_name")
    )
    context = {
        "open": [listing for listing in listings if listing.is_open],
        "ended": [listing for listing in listings if not listing.is_open],
        "waiting": waiting,
        "organisations": organisations,
        "managed": [o for o in organisations if may_manage_rights(access, o)],
        "can_post": posting_organisations(access).exists(),
    }
    return render(request, "exchange/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def posting_rights(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_access(request)
    organisation = get_object_or_404(Organisation.objects.visible_to(access), slug=slug)
    if not may_manage_rights(access, organisation):
        raise PermissionDenied
    rights = PostingRights.objects.filter(organisation=organisation).first()
    colleagues = User.objects.filter(
        pk__in=Affiliation.objects.current()
        .filter(organisation=organisation, is_head=False)
        .values("person_id"),
        is_active=True,
    ).order_by("last_name", "first_name")
    initial = (
        {"every_colleague": rights.every_colleague, "people": list(rights.people.all())}
        if rights
        else {}
    )
    form = PostingRightsForm(request.POST or None, colleagues=colleagues, initial=initial)
    if request.method == "POST" and form.is_valid():
        posting_rights_save(
            organisation=organisation,
            every_colleague=form.cleaned_data["every_colleague"],
            people=form.cleaned_data["people"],
            by=person(request),
            access=access,
            request=request,
        )
        messages.success(
            request,
            _("Saved: they may now post and answer for %(name)s.") % {"name": organisation.name},
        )
        return redirect("exchange:mine")
    return render(request, "exchange/rights.html", {"form": form, "organisation": organisation})
