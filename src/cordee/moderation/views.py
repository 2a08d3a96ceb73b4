"""Reporting a contribution, and the moderators' queue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cordee.core.permissions import staff_required
from cordee.moderation.forms import HideForm, ReportForm
from cordee.moderation.models import Report, ReportStatus
from cordee.moderation.registry import registered
from cordee.moderation.services import (
    content_hide,
    content_restore,
    moderated,
    report_create,
    report_dismiss,
    reportable,
)
from cordee.network.access import get_access

QUEUE_SIZE = 200
RECENTLY_HIDDEN = 20


def _target(request: HttpRequest, label: str, object_id: int) -> tuple[Any, Any]:
    try:
        return reportable(label, object_id, get_access(request))
    except LookupError:
        raise Http404 from None


def _moderated(request: HttpRequest, label: str, object_id: int) -> tuple[Any, Any]:
    try:
        return moderated(label, object_id, get_access(request))
    except LookupError:
        raise Http404 from None


def _back(request: HttpRequest, target: Any) -> str:
    """Where to go after acting: the content itself, else the queue."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return next_url
    if hasattr(target, "get_absolute_url"):
        return target.get_absolute_url()
    return "moderation:queue"


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, label: str, object_id: int) -> HttpResponse:
    kind, target = _target(request, label, object_id)
    form = ReportForm(request.POST or None)
    if form.is_valid():
        try:
            report_create(
                target=target, reason=form.cleaned_data["reason"], by=request.user, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the moderators will look at it."))
            return redirect(_back(request, target))
    return render(
        request,
        "moderation/report.html",
        {"form": form, "target": target, "excerpt": kind.excerpt(target)},
    )


@dataclass
class QueueItem:
    label: str
    target: Any
    excerpt: str
    reports: list[Report] = field(default_factory=list)


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    """Open reports grouped by content, then recently hidden content to restore."""
    access = get_access(request)
    open_reports = list(
        Report.objects.filter(status=ReportStatus.OPEN)
        .select_related("content_type", "reporter")
        .order_by("created_at")[:QUEUE_SIZE]
    )
    wanted: dict[str, set[int]] = defaultdict(set)
    for item in open_reports:
        wanted[f"{item.content_type.app_label}.{item.content_type.model}"].add(item.object_id)
    items: dict[tuple[str, int], QueueItem] = {}
    hidden: list[QueueItem] = []
    for kind in registered():
        if kind.label in wanted:
            for target in kind.moderated_by(access).filter(pk__in=wanted[kind.label]):
                items[kind.label, target.pk] = QueueItem(kind.label, target, kind.excerpt(target))
        for target in (
            kind.moderated_by(access)
            .filter(hidden_at__isnull=False)
            .order_by("-hidden_at")[:RECENTLY_HIDDEN]
        ):
            hidden.append(QueueItem(kind.label, target, kind.excerpt(target)))
    for item in open_reports:
        key = (f"{item.content_type.app_label}.{item.content_type.model}", item.object_id)
        if key in items:
            items[key].reports.append(item)
    hidden.sort(key=lambda item: item.target.hidden_at, reverse=True)
    return render(
        request,
        "moderation/queue.html",
        {"items": list(items.values()), "hidden": hidden[:RECENTLY_HIDDEN], "form": HideForm()},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def hide(request: HttpRequest, label: str, object_id: int) -> HttpResponse:
    kind, target = _moderated(request, label, object_id)
    form = HideForm(request.POST or None)
    if form.is_valid():
        try:
            content_hide(
                target=target,
                reason=form.cleaned_data["reason"],
                by=request.user,
                access=get_access(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The content is hidden and its author is told why."))
            return redirect("moderation:queue")
    return render(
        request,
        "moderation/hide.html",
        {"form": form, "target": target, "label": label, "excerpt": kind.excerpt(target)},
    )


@staff_required
@require_POST
def restore(request: HttpRequest, label: str, object_id: int) -> HttpResponse:
    _kind, target = _moderated(request, label, object_id)
    content_restore(target=target, by=request.user, access=get_access(request), request=request)
    messages.success(request, _("The content is shown again."))
    return redirect("moderation:queue")


@staff_required
@require_POST
def dismiss(request: HttpRequest, label: str, object_id: int) -> HttpResponse:
    _kind, target = _moderated(request, label, object_id)
    first = (
        Report.objects.filter(
            content_type__app_label=target._meta.app_label,
            content_type__model=target._meta.model_name,
            object_id=target.pk,
            status=ReportStatus.OPEN,
        )
        .select_related("content_type")
        .first()
    )
    if first is not None:
        report_dismiss(report=first, by=request.user, access=get_access(request), request=request)
    messages.success(request, _("The reports are dismissed; the content stays as it is."))
    return redirect("moderation:queue")
