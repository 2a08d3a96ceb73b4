"""The public pages of the bodies: who sits where, and a page per body."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cordee.governance.composition import (
    bodies_composition,
    body_composition,
    group_by_kind,
    member_organisation_count,
)
from cordee.governance.models import Body, BodyKind, BranchElection
from cordee.network.access import get_access
from cordee.voting.models import Vote

KIND_HEADINGS = {
    BodyKind.GENERAL_ASSEMBLY: _("General assembly"),
    BodyKind.BOARD: _("Board"),
    BodyKind.EXECUTIVE: _("Executive committee"),
    BodyKind.WORKING_GROUP: _("Working groups"),
    BodyKind.CLUB: _("Clubs"),
    BodyKind.BRANCH: _("Territorial branches"),
}


@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    compositions = bodies_composition(access)
    groups = [
        (kind, KIND_HEADINGS[BodyKind(kind)], items) for kind, items in group_by_kind(compositions)
    ]
    return render(
        request,
        "governance/body_list.html",
        {
            "groups": groups,
            "members": member_organisation_count()
            if any(c.body.kind == BodyKind.GENERAL_ASSEMBLY for c in compositions)
            else 0,
            "can_create": access.is_staff,
        },
    )


@require_GET
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_access(request)
    body = get_object_or_404(
        Body.objects.select_related("territory", "delegates_to", "working_group"), slug=slug
    )
    composition = body_composition(access, body)
    elections: list[BranchElection] = []
    if body.kind == BodyKind.BRANCH:
        elections = list(
            BranchElection.objects.filter(branch=body).select_related("vote").order_by("-pk")
        )
        visible = set(
            Vote.objects.visible_to(access)
            .filter(pk__in=[e.vote_id for e in elections])
            .values_list("pk", flat=True)
        )
        for election in elections:
            election.visible = election.vote_id in visible  # type: ignore[attr-defined]
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "composition": composition,
            "members": member_organisation_count() if body.kind == BodyKind.GENERAL_ASSEMBLY else 0,
            "elections": elections,
            "today": timezone.localdate(),
        },
    )
