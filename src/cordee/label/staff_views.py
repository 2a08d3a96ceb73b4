"""The staff's pages: frameworks, campaigns, reviewer assignment, the committee."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cordee.core.permissions import staff_required
from cordee.label import services
from cordee.label.forms import (
    CampaignForm,
    CriterionForm,
    DecisionForm,
    FrameworkForm,
    FrameworkImportForm,
    ReviewAssignForm,
)
from cordee.label.models import Assessment, Campaign, Criterion, Framework
from cordee.label.selectors import (
    comparisons,
    get_staff_assessment,
    progress_by_pillar,
    user_of,
)
from cordee.label.spreadsheets import framework_xlsx, read_framework
from cordee.network.access import get_access
from cordee.network.spreadsheets import XLSX_CONTENT_TYPE


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@staff_required
def frameworks(request: HttpRequest) -> HttpResponse:
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        framework = form.save()
        messages.success(request, _("Framework created: add its criteria, or import them."))
        return redirect(framework)
    items = Framework.objects.all()
    return render(request, "label/staff/frameworks.html", {"frameworks": items, "form": form})


@staff_required
def framework(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(Framework, public_id=public_id)
    criteria = list(item.criteria.all())
    return render(
        request,
        "label/staff/framework.html",
        {"framework": item, "criteria": criteria, "frozen": item.is_frozen},
    )


@staff_required
def criterion_edit(
    request: HttpRequest, public_id: UUID, criterion_id: UUID | None = None
) -> HttpResponse:
    item = get_object_or_404(Framework, public_id=public_id)
    criterion = (
        get_object_or_404(Criterion, framework=item, public_id=criterion_id)
        if criterion_id
        else Criterion(framework=item, position=item.criteria.count() + 1)
    )
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST":
        try:
            services.framework_check_editable(item)
        except ValidationError as error:
            _refused(request, error)
            return redirect(item)
        if form.is_valid():
            form.save()
            messages.success(request, _("Criterion saved."))
            return redirect(item)
    return render(
        request,
        "label/staff/criterion_edit.html",
        {"framework": item, "form": form, "criterion": criterion, "frozen": item.is_frozen},
    )


@require_POST
@staff_required
def framework_new_version(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(Framework, public_id=public_id)
    copy = services.framework_new_version(framework=item, by=user_of(request))
    messages.success(
        request, _("Version %(version)s created: edit it.") % {"version": copy.version}
    )
    return redirect(copy)


@staff_required
def framework_export(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(Framework, public_id=public_id)
    response = HttpResponse(framework_xlsx(item), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="referentiel-v{item.version}.xlsx"'
    return response


@staff_required
def framework_import(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(Framework, public_id=public_id)
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    row_errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_check_editable(item)
            rows = read_framework(form.cleaned_data["file"].read())
            row_errors = rows.errors
            if not row_errors:
                services.framework_replace_criteria(
                    framework=item, criteria=rows.criteria, by=user_of(request)
                )
                messages.success(
                    request,
                    _("%(count)s criteria imported.") % {"count": len(rows.criteria)},
                )
                return redirect(item)
        except ValidationError as error:
            form.add_error("file", error)
    return render(
        request,
        "label/staff/framework_import.html",
        {"framework": item, "form": form, "row_errors": row_errors},
    )


@staff_required
def campaigns(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_open(by=user_of(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error("framework", error)
        else:
            messages.success(request, _("Campaign opened: companies can apply."))
            return redirect(campaign)
    items = Campaign.objects.select_related("framework")
    return render(request, "label/staff/campaigns.html", {"campaigns": items, "form": form})


@staff_required
def campaign(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(Campaign.objects.select_related("framework"), public_id=public_id)
    access = get_access(request)
    assessments = (
        Assessment.objects.filter(campaign=item)
        .filter(access.staff_territory_q("organisation__territory"))
        .select_related("organisation", "decision")
        .prefetch_related("reviews__reviewer")
    )
    return render(
        request, "label/staff/campaign.html", {"campaign": item, "assessments": assessments}
    )


@require_POST
@staff_required
def campaign_close(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(Campaign, public_id=public_id)
    services.campaign_close(campaign=item, by=user_of(request))
    messages.success(request, _("Applications are closed."))
    return redirect(item)


@staff_required
def review_assign(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_staff_assessment(get_access(request), public_id)
    form = ReviewAssignForm(
        request.POST or None, exclude_organisation_id=assessment.organisation_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_assign(assessment=assessment, by=user_of(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error("reviewer", error)
        else:
            messages.success(request, _("Reviewer assigned."))
            return redirect("label:review_assign", public_id=assessment.public_id)
    reviews = assessment.reviews.select_related("reviewer", "reviewer_organisation")
    return render(
        request,
        "label/staff/review_assign.html",
        {"assessment": assessment, "form": form, "reviews": reviews},
    )


@staff_required
def committee(request: HttpRequest, public_id: UUID) -> HttpResponse:
    assessment = get_staff_assessment(get_access(request), public_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                assessment=assessment, by=user_of(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(assessment)
    rows = comparisons(assessment)
    return render(
        request,
        "label/staff/committee.html",
        {
            "assessment": assessment,
            "form": form,
            "rows": rows,
            "gaps": sum(1 for row in rows if row.gap),
            "progress": progress_by_pillar([row.answer for row in rows]),
            "reviews": assessment.reviews.select_related("reviewer", "reviewer_organisation"),
        },
    )
