"""Running the bodies: creating and editing them, seating and ending mandates,
branch elections and the confirmation of their delegates."""

from __future__ import annotations

import typing
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from cordee.accounts.models import User
from cordee.core.permissions import staff_required
from cordee.governance.forms import (
    BodyForm,
    ConfirmForm,
    ElectionForm,
    MandateEndForm,
    MandateForm,
)
from cordee.governance.models import Body, BodyKind, BranchElection, Candidate, Mandate
from cordee.governance.services import (
    body_save,
    election_confirm,
    election_open,
    election_outcome,
    mandate_add,
    mandate_end,
)
from cordee.network.access import get_access


def _user(request: HttpRequest) -> User:
    return typing.cast(User, request.user)


def managed_body(request: HttpRequest, slug: str) -> Body:
    """The body (404 if none); 403 unless the person is staff over its territory."""
    body = get_object_or_404(
        Body.objects.select_related("territory", "delegates_to", "working_group"), slug=slug
    )
    if not Body.objects.managed_by(get_access(request)).filter(pk=body.pk).exists():
        raise PermissionDenied
    return body


def _body_page(request: HttpRequest, body: Body | None) -> HttpResponse:
    # Before the form changes the instance: a refused new short name has no page yet.
    back = body.get_absolute_url() if body else reverse("governance:bodies")
    form = BodyForm(request.POST or None, instance=body, access=get_access(request))
    if request.method == "POST" and form.is_valid():
        try:
            saved = body_save(body=form.save(commit=False), by=_user(request), request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if body is None:
                messages.success(request, _("Body created. Now seat its members."))
            else:
                messages.success(request, _("Body saved."))
            return redirect(saved)
    return render(request, "governance/body_form.html", {"form": form, "body": body, "back": back})


@staff_required
@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest) -> HttpResponse:
    return _body_page(request, None)


@staff_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _body_page(request, managed_body(request, slug))


@staff_required
@require_http_methods(["GET", "POST"])
def mandate_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = managed_body(request, slug)
    form = MandateForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mandate = mandate_add(
                body=body,
                person=data["affiliation"].person,
                organisation=data["affiliation"].organisation,
                role=data["role"],
                source=data["source"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                branch=data.get("branch"),
                by=_user(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(person)s now sits in %(body)s.")
                % {"person": mandate.person.display_name, "body": body},
            )
            return redirect(body)
    return render(
        request,
        "governance/mandate_form.html",
        {"form": form, "body": body},
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def mandate_finish(request: HttpRequest, public_id: UUID) -> HttpResponse:
    mandate = get_object_or_404(
        Mandate.objects.select_related("body", "person", "organisation"), public_id=public_id
    )
    body = managed_body(request, mandate.body.slug)
    form = MandateEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mandate_end(
                mandate=mandate,
                ends_on=form.cleaned_data["ends_on"],
                by=_user(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mandate ended."))
            return redirect(body)
    return render(
        request,
        "governance/mandate_end.html",
        {"form": form, "mandate": mandate, "body": body},
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def election_create(request: HttpRequest, slug: str) -> HttpResponse:
    branch = managed_body(request, slug)
    if branch.kind != BodyKind.BRANCH:
        raise PermissionDenied
    form = ElectionForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            election = election_open(
                branch=branch,
                title=data["title"],
                description=data["description"],
                candidates=list(data["candidates"]),
                seats=data["seats"],
                method=data["method"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                by=_user(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            electors = election.vote.electors.count()
            messages.success(
                request,
                ngettext(
                    "Election opened: %(count)d member organisation votes; it and the "
                    "candidates were told.",
                    "Election opened: %(count)d member organisations vote; they and the "
                    "candidates were told.",
                    electors,
                )
                % {"count": electors},
            )
            return redirect(election)
    return render(
        request,
        "governance/election_form.html",
        {"form": form, "branch": branch},
        status=400 if form.errors else 200,
    )


def _managed_election(request: HttpRequest, public_id: UUID) -> BranchElection:
    election = get_object_or_404(
        BranchElection.objects.select_related("vote", "branch__territory", "branch__delegates_to"),
        vote__public_id=public_id,
    )
    managed_body(request, election.branch.slug)
    return election


@staff_required
@require_http_methods(["GET", "POST"])
def election_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The election for the staff: its candidates, then its outcome and the confirmation."""
    election = _managed_election(request, public_id)
    vote = election.vote
    outcome = election_outcome(election) if vote.results_published_at else None
    tied = (
        Candidate.objects.filter(pk__in=[c.pk for c in outcome.tied]).select_related("option")
        if outcome and outcome.tied
        else None
    )
    form = ConfirmForm(request.POST or None, tied=tied)
    if request.method == "POST":
        if outcome is None:
            messages.error(request, _("The vote is not closed yet: close it, then confirm."))
            return redirect(election)
        if form.is_valid():
            try:
                mandates = election_confirm(
                    election=election,
                    starts_on=form.cleaned_data["starts_on"],
                    ends_on=form.cleaned_data["ends_on"],
                    tie_break=list(form.cleaned_data.get("tie_break") or []),
                    by=_user(request),
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d delegate now sits in %(body)s.",
                        "%(count)d delegates now sit in %(body)s.",
                        len(mandates),
                    )
                    % {"count": len(mandates), "body": election.branch.delegates_to},
                )
                return redirect(election.branch)
    return render(
        request,
        "governance/election_detail.html",
        {
            "election": election,
            "vote": vote,
            "candidates": election.candidates.select_related("person", "organisation", "option"),
            "outcome": outcome,
            "form": form,
        },
        status=400 if form.errors else 200,
    )
