"""What a company gets from the label: its certificate, its improvement plan, its
benchmark against comparable companies."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cordee.label import radar, services
from cordee.label.forms import ActionForm
from cordee.label.models import Criterion, Decision, ImprovementAction
from cordee.label.selectors import (
    answers_of,
    get_assessment,
    progression,
    user_of,
)
from cordee.label.selectors import (
    benchmark as benchmark_of,
)
from cordee.label.suggestions import suggestions_for
from cordee.network.access import get_access
from cordee.network.spreadsheets import CSV_CONTENT_TYPE, CSV_ENCODING, csv_text


@login_required
def certificate(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = get_assessment(get_access(request), public_id)
    decision = Decision.objects.filter(assessment=item, outcome__in=Decision.GRANTED).first()
    if decision is None:
        raise Http404
    verify_url = request.build_absolute_uri(reverse("label:verify", args=[decision.public_id]))
    html = render_to_string(
        "label/certificate.html",
        {"assessment": item, "decision": decision, "verify_url": verify_url},
    )
    # Imported here: WeasyPrint takes a while to load, and only this page needs it.
    from weasyprint import HTML

    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="label-{item.organisation.slug}.pdf"'
    return response


@login_required
def plan(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    item = get_assessment(access, public_id)
    can_edit = item.organisation_id in access.head_of_ids
    criteria = Criterion.objects.filter(framework_id=item.campaign.framework_id)
    form = ActionForm(request.POST or None, criteria=criteria)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.action_add(
                    assessment=item,
                    criterion=data["criterion"],
                    title=data["title"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    by=user_of(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Action added to the plan."))
                return redirect("label:plan", public_id=item.public_id)
    weak = suggestions_for(item, answers_of(item), access)
    return render(
        request,
        "label/plan.html",
        {
            "assessment": item,
            "weak": weak,
            "actions": item.actions.select_related("criterion"),
            "form": form,
            "can_edit": can_edit,
            "statuses": ImprovementAction.Status.choices,
        },
    )


@login_required
def benchmark(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = get_assessment(get_access(request), public_id)
    group = "size" if request.GET.get("group") == "size" else "territory"
    result = benchmark_of(item, group=group)
    labels = [row.label for row in result.rows]
    chart = None
    if len(labels) >= 3:
        chart = {
            "size": radar.SIZE,
            "axes": radar.axes(labels),
            "rings": radar.rings(len(labels)),
            "mine": radar.polygon([row.mine for row in result.rows]),
            "peers": radar.polygon([row.peers for row in result.rows]) if result.enough else "",
        }
    return render(
        request,
        "label/benchmark.html",
        {
            "assessment": item,
            "benchmark": result,
            "chart": chart,
            "group": group,
            "progression": progression(item),
            "pillars": [(row.slug, row.label) for row in result.rows],
        },
    )


@require_POST
@login_required
def action_status(request: HttpRequest, public_id: UUID, action_id: UUID) -> HttpResponse:
    access = get_access(request)
    item = get_assessment(access, public_id, edit=True)
    action = get_object_or_404(ImprovementAction, assessment=item, public_id=action_id)
    status = request.POST.get("status", "")
    if status not in ImprovementAction.Status.values:
        messages.error(request, _("Choose one of the statuses offered."))
    else:
        action.status = status
        action.save(update_fields=["status"])
        messages.success(request, _("Status of “%(action)s” saved.") % {"action": action})
    return redirect("label:plan", public_id=item.public_id)


@login_required
def benchmark_export(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The benchmark's table as CSV: the same numbers as the page, the same five-company rule."""
    item = get_assessment(get_access(request), public_id)
    group = "size" if request.GET.get("group") == "size" else "territory"
    result = benchmark_of(item, group=group)
    not_enough = _("not enough companies to compare (at least 5)")
    rows = [
        [
            row.label,
            row.mine if row.mine is not None else "",
            not_enough if row.peers is None else row.peers,
        ]
        for row in result.rows
    ]
    headers = [_("Pillar"), _("Your company"), _("Median of comparable companies")]
    response = HttpResponse(
        csv_text(headers, rows).encode(CSV_ENCODING), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="benchmark-{item.organisation.slug}.csv"'
    )
    return response


@require_POST
@login_required
def plan_target(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = get_assessment(get_access(request), public_id, edit=True)
    value = request.POST.get("target_level", "")
    if value not in ("", "3", "4", "5"):
        messages.error(request, _("Choose a target level of 3, 4 or 5, or none."))
    else:
        item.target_level = int(value) if value else None
        item.save(update_fields=["target_level"])
        messages.success(request, _("Target level saved."))
    return redirect("label:plan", public_id=item.public_id)
