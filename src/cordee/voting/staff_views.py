"""Organising a vote: drafting, publishing, closing, proxies, delegates, who voted."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cordee.accounts.models import User
from cordee.core.permissions import staff_required
from cordee.network.access import WHOLE_NETWORK, get_access
from cordee.network.models import Affiliation, Organisation
from cordee.voting.forms import DelegateForm, ProxyForm, VoteForm, territory_choices
from cordee.voting.models import Delegate, Elector, Participation, Proxy, Vote
from cordee.voting.services import (
    delegate_name,
    electorate_organisations,
    proxies_open,
    proxy_record,
    proxy_revoke,
    vote_close,
    vote_delete,
    vote_open,
    vote_save,
)
from cordee.voting.views import get_vote, voter


def _vote_form(request: HttpRequest, vote: Vote | None) -> VoteForm:
    access = get_access(request)
    form = VoteForm(request.POST or None, instance=vote, territories=territory_choices(access))
    if WHOLE_NETWORK not in access.staff_paths:
        # Staff of one territory organise votes there, not over the whole network.
        form.fields["territory"].required = True
    return form


@staff_required
@require_http_methods(["GET", "POST"])
def vote_create(request: HttpRequest) -> HttpResponse:
    form = _vote_form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            vote = vote_save(
                vote=form.save(), options=form.option_labels(), by=voter(request), request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft saved. Check it, record proxies, then publish it."))
            return redirect(vote)
    return render(request, "voting/vote_form.html", {"form": form, "vote": None})


@staff_required
@require_http_methods(["GET", "POST"])
def vote_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    vote = get_vote(request, public_id, manage=True)
    if vote.opened_at is not None:
        messages.error(request, _("This vote is published: it can no longer change."))
        return redirect(vote)
    form = _vote_form(request, vote)
    if request.method == "POST" and form.is_valid():
        try:
            vote = vote_save(
                vote=form.save(), options=form.option_labels(), by=voter(request), request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(vote)
    return render(request, "voting/vote_form.html", {"form": form, "vote": vote})


@staff_required
@require_POST
def vote_publish(request: HttpRequest, public_id: UUID) -> HttpResponse:
    vote = get_vote(request, public_id, manage=True)
    try:
        count = vote_open(vote=vote, by=voter(request), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "Vote published: %(count)d elector was told.",
                "Vote published: %(count)d electors were told.",
                count,
            )
            % {"count": count},
        )
    return redirect(vote)


@staff_required
@require_POST
def vote_remove(request: HttpRequest, public_id: UUID) -> HttpResponse:
    vote = get_vote(request, public_id, manage=True)
    try:
        vote_delete(vote=vote, by=voter(request), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(vote)
    messages.success(request, _("Draft deleted."))
    return redirect("voting:list")


@staff_required
@require_POST
def vote_end(request: HttpRequest, public_id: UUID) -> HttpResponse:
    vote = get_vote(request, public_id, manage=True)
    try:
        vote_close(vote=vote, by=voter(request), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(vote)
    messages.success(request, _("Vote closed: the results are published."))
    return redirect("voting:results", vote.public_id)


@staff_required
@require_GET
def participation(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Who voted and when: public to organisers; never what they chose."""
    vote = get_vote(request, public_id, manage=True)
    electors = (
        Elector.objects.filter(vote=vote)
        .select_related("organisation", "person", "territory", "proxy_holder")
        .order_by("organisation__legal_name", "person__last_name", "pk")
    )
    voted = {
        p.elector_id: p
        for p in Participation.objects.filter(elector__vote=vote).select_related("cast_by")
    }
    rows = [(elector, voted.get(elector.pk)) for elector in electors]
    return render(
        request,
        "voting/participation.html",
        {"vote": vote, "rows": rows, "voted": len(voted), "total": len(rows)},
    )


def _proxy_givers(request: HttpRequest, vote: Vote, manager: bool) -> QuerySet[Organisation]:
    organisations = electorate_organisations(vote).order_by("legal_name")
    if manager:
        return organisations
    return organisations.filter(pk__in=get_access(request).head_of_ids)


@login_required
@require_http_methods(["GET", "POST"])
def proxies(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Staff record proxies; company heads give their own organisation's."""
    vote = get_vote(request, public_id)
    manager = Vote.objects.managed_by(get_access(request)).filter(pk=vote.pk).exists()
    givers = _proxy_givers(request, vote, manager)
    if not manager and not givers.exists():
        raise PermissionDenied
    form = ProxyForm(
        request.POST or None,
        organisations=electorate_organisations(vote).order_by("legal_name"),
        givers=givers,
    )
    if request.method == "POST" and form.is_valid():
        try:
            proxy_record(
                vote=vote,
                giver=form.cleaned_data["giver"],
                holder=form.cleaned_data["holder"],
                by=voter(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Proxy recorded."))
            return redirect("voting:proxies", vote.public_id)
    standing = Proxy.objects.filter(vote=vote, revoked_at__isnull=True).select_related(
        "giver", "holder", "recorded_by"
    )
    if not manager:
        standing = standing.filter(giver__in=givers)
    return render(
        request,
        "voting/proxies.html",
        {
            "vote": vote,
            "form": form,
            "proxies": standing,
            "manager": manager,
            "proxies_open": proxies_open(vote),
        },
    )


@login_required
@require_POST
def proxy_cancel(request: HttpRequest, public_id: UUID, proxy_id: UUID) -> HttpResponse:
    vote = get_vote(request, public_id)
    proxy = get_object_or_404(Proxy, vote=vote, public_id=proxy_id, revoked_at__isnull=True)
    access = get_access(request)
    manager = Vote.objects.managed_by(access).filter(pk=vote.pk).exists()
    if not manager and proxy.giver_id not in access.head_of_ids:
        raise PermissionDenied
    try:
        proxy_revoke(proxy=proxy, by=voter(request), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Proxy revoked."))
    return redirect("voting:proxies", vote.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def delegate(request: HttpRequest, public_id: UUID, slug: str) -> HttpResponse:
    """A company head names the colleague who votes for the organisation."""
    vote = get_vote(request, public_id)
    organisation = get_object_or_404(Organisation, slug=slug)
    if organisation.pk not in get_access(request).head_of_ids:
        raise PermissionDenied
    people = User.objects.filter(
        pk__in=Affiliation.objects.current().filter(organisation=organisation).values("person_id")
    ).order_by("last_name", "first_name")
    current = Delegate.objects.filter(vote=vote, organisation=organisation).first()
    form = DelegateForm(
        request.POST or None,
        people=people,
        initial={"person": current.person_id if current else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            delegate_name(
                vote=vote,
                organisation=organisation,
                person=form.cleaned_data["person"],
                by=voter(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Saved: who votes for %(organisation)s.") % {"organisation": organisation},
            )
            return redirect(vote)
    return render(
        request,
        "voting/delegate.html",
        {"vote": vote, "organisation": organisation, "form": form},
    )
