"""Staff pages of the network: member list import and export, memberships and dues."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cordee.audit.services import audit_record
from cordee.core.permissions import staff_required
from cordee.network import exports
from cordee.network.access import Access, get_access
from cordee.network.imports import import_preview, import_start
from cordee.network.memberships import (
    membership_totals,
    memberships_renew,
    memberships_set_status,
)
from cordee.network.models import ImportBatch, Membership, MembershipTier
from cordee.network.staff_forms import (
    ExportForm,
    ImportApplyForm,
    ImportUploadForm,
    MembershipFilterForm,
    MembershipStatusForm,
    RenewForm,
)

ROWS_PER_PAGE = 100


def _years(access: Access) -> list[int]:
    return list(
        Membership.objects.managed_by(access).order_by().values_list("year", flat=True).distinct()
    )


# Import.


@staff_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                batch = import_preview(
                    upload=form.cleaned_data["file"], by=request.user, access=access
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect(batch)
    else:
        form = ImportUploadForm()
    return render(
        request,
        "network/staff/import.html",
        {
            "form": form,
            "export_form": ExportForm(years=_years(access)),
            "batches": ImportBatch.objects.visible_to(access).select_related("created_by")[:10],
        },
    )


@staff_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    tiers = list(MembershipTier.objects.values_list("name", flat=True))
    return exports.import_template_response(tier_names=tiers)


@staff_required
@require_GET
def import_batch(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    batch = get_object_or_404(
        ImportBatch.objects.visible_to(access).select_related("created_by", "applied_by"),
        public_id=public_id,
    )
    if request.htmx and request.GET.get("part") == "status":
        response = render(request, "network/staff/_import_status.html", {"batch": batch})
        if not batch.is_pending:
            # Done: the whole page changes (counts, rows, what to do next).
            response["HX-Refresh"] = "true"
        return response
    rows = batch.report.get("rows", [])
    show_errors = request.GET.get("show") == "errors"
    if show_errors:
        rows = [row for row in rows if row["errors"]]
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "batch": batch,
        "counts": batch.report.get("counts", {}),
        "page": page,
        "show_errors": show_errors,
        "query": "show=errors" if show_errors else "",
        "first_errors": [row for row in batch.report.get("rows", []) if row["errors"]][:20],
    }
    if request.htmx and request.GET.get("part") == "rows":
        return render(request, "network/staff/_import_rows.html", context)
    return render(request, "network/staff/import_batch.html", context)


@staff_required
@require_POST
def import_apply(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    batch = get_object_or_404(ImportBatch.objects.visible_to(access), public_id=public_id)
    form = ImportApplyForm(request.POST)
    valid_only = form.is_valid() and form.cleaned_data["valid_only"]
    try:
        import_start(batch=batch, by=request.user, valid_only=valid_only)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(batch)


@staff_required
@require_GET
def member_export(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    form = ExportForm(request.GET or None, years=_years(access))
    year, file_format = form.chosen()
    audit_record(
        action="network.members_exported",
        request=request,
        details={"year": year, "format": file_format},
    )
    return exports.member_list_response(
        exports.exported_organisations(access, year=year), file_format=file_format, year=year
    )


# Memberships.


def _filtered_memberships(
    access: Access, form: MembershipFilterForm, *, with_status: bool = True
) -> QuerySet[Membership]:
    memberships = Membership.objects.managed_by(access).filter(year=form.chosen_year())
    if form.is_valid():
        data = form.cleaned_data
        if data["territory"]:
            memberships = memberships.filter(
                organisation__territory__path__startswith=data["territory"].path
            )
        if data["tier"]:
            memberships = memberships.filter(tier=data["tier"])
        if with_status and data["status"]:
            memberships = memberships.filter(status=data["status"])
    return memberships


@staff_required
@require_GET
def membership_list(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    form = MembershipFilterForm(request.GET or None, access=access, years=_years(access))
    memberships = _filtered_memberships(access, form).select_related(
        "organisation__territory", "tier"
    )
    page = Paginator(
        memberships.order_by("organisation__legal_name", "pk"), ROWS_PER_PAGE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    year = form.chosen_year()
    context = {
        "form": form,
        "year": year,
        "page": page,
        "query": query.urlencode(),
        # By status whatever the status filter: the totals compare the statuses.
        "totals": membership_totals(_filtered_memberships(access, form, with_status=False)),
        "status_form": MembershipStatusForm(access=access),
        "renew_form": RenewForm(initial={"year": year}),
    }
    template = (
        "network/staff/_memberships.html" if request.htmx else "network/staff/memberships.html"
    )
    return render(request, template, context)


@staff_required
@require_GET
def membership_export(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    form = MembershipFilterForm(request.GET or None, access=access, years=_years(access))
    memberships = (
        _filtered_memberships(access, form)
        .select_related("organisation__territory", "tier")
        .order_by("organisation__legal_name", "pk")
    )
    file_format = "csv" if request.GET.get("file_format") == "csv" else "xlsx"
    return exports.membership_list_response(
        memberships, file_format=file_format, year=form.chosen_year()
    )


def _back_to_list(request: HttpRequest) -> HttpResponse:
    # Only a query string is taken from the form, never an address: no open redirect.
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(f"{reverse('network:memberships')}?{query}" if query else "network:memberships")


@staff_required
@require_POST
def membership_status(request: HttpRequest) -> HttpResponse:
    form = MembershipStatusForm(request.POST, access=get_access(request))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back_to_list(request)
    try:
        count = memberships_set_status(
            memberships=list(form.cleaned_data["memberships"]),
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s membership marked %(status)s.",
                "%(count)s memberships marked %(status)s.",
                count,
            )
            % {"count": count, "status": Membership.Status(form.cleaned_data["status"]).label},
        )
    return _back_to_list(request)


@staff_required
@require_POST
def membership_renew(request: HttpRequest) -> HttpResponse:
    form = RenewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the year to renew from."))
        return redirect("network:memberships")
    year = form.cleaned_data["year"]
    try:
        created, already = memberships_renew(access=get_access(request), year=year, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('network:memberships')}?year={year}")
    messages.success(
        request,
        ngettext(
            "%(created)s membership created for %(year)s, pending; %(already)s already there.",
            "%(created)s memberships created for %(year)s, pending; %(already)s already there.",
            created,
        )
        % {"created": created, "year": year + 1, "already": already},
    )
    return redirect(f"{reverse('network:memberships')}?year={year + 1}")
