"""Staff pages of the archive import: start one, follow its progress, read its report."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cordee.accounts.models import User
from cordee.core.permissions import staff_required
from cordee.knowledge.archive import (
    archive_import_can_resume,
    archive_import_counts,
    archive_import_folder,
    archive_import_resume,
    archive_import_sample,
    archive_import_upload,
)
from cordee.knowledge.archive_forms import ArchiveFolderForm, ArchiveUploadForm
from cordee.knowledge.archive_sources import limit, megabytes
from cordee.knowledge.models import ArchiveEntry, ArchiveImport
from cordee.network.access import get_access

ENTRIES_PER_PAGE = 100


def _user(request: HttpRequest) -> User:
    # staff_required let only logged-in staff in.
    assert isinstance(request.user, User)
    return request.user


def _upload_too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    # The form's other fields and the multipart boundaries take a few bytes more.
    return length > limit("ARCHIVE_MAX_UPLOAD_BYTES") + 64 * 1024


def _folder_offered(request: HttpRequest) -> bool:
    return bool(settings.ARCHIVE_ROOT) and get_access(request).is_admin


def _sample_offered() -> bool:
    return settings.ENVIRONMENT == "demo"


@staff_required
@require_http_methods(["GET", "POST"])
def archive_imports(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    form = ArchiveUploadForm(access=access)
    folder_form = ArchiveFolderForm(access=access, prefix="folder")
    chosen: Form
    if request.method == "POST" and _upload_too_large(request):
        # Refused before Django reads the body: a huge upload is never written to disk.
        messages.error(
            request,
            _("The file is larger than %(limit)s MB: split the archive into several ZIP files.")
            % {"limit": megabytes(limit("ARCHIVE_MAX_UPLOAD_BYTES"))},
        )
        return redirect("knowledge:archive_imports")
    if request.method == "POST":
        if "folder-folder" in request.POST and _folder_offered(request):
            folder_form = ArchiveFolderForm(request.POST, access=access, prefix="folder")
            chosen = folder_form
        else:
            form = ArchiveUploadForm(request.POST, request.FILES, access=access)
            chosen = form
        if chosen.is_valid():
            data = chosen.cleaned_data
            try:
                if chosen is folder_form:
                    started = archive_import_folder(
                        folder=data["folder"],
                        by=_user(request),
                        access=access,
                        scope=data["scope"],
                        territory=data["territory"],
                    )
                else:
                    started = archive_import_upload(
                        upload=data["file"],
                        by=_user(request),
                        access=access,
                        scope=data["scope"],
                        territory=data["territory"],
                    )
            except ValidationError as error:
                chosen.add_error("folder" if chosen is folder_form else "file", error)
            else:
                return redirect(started)
    imports = ArchiveImport.objects.visible_to(access).select_related("created_by")[:10]
    return render(
        request,
        "knowledge/archive/imports.html",
        {
            "form": form,
            "folder_form": folder_form if _folder_offered(request) else None,
            "archive_root": settings.ARCHIVE_ROOT,
            "sample_offered": _sample_offered(),
            "imports": imports,
        },
    )


@staff_required
@require_POST
def archive_sample(request: HttpRequest) -> HttpResponse:
    if not _sample_offered():
        raise Http404
    try:
        started = archive_import_sample(by=_user(request), access=get_access(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("knowledge:archive_imports")
    return redirect(started)


@staff_required
@require_GET
def archive_import(request: HttpRequest, public_id: UUID) -> HttpResponse:
    archive_import = get_object_or_404(
        ArchiveImport.objects.visible_to(get_access(request)).select_related("created_by"),
        public_id=public_id,
    )
    context = {
        "archive_import": archive_import,
        "counts": archive_import_counts(archive_import),
        "can_resume": archive_import_can_resume(archive_import),
    }
    if request.htmx and request.GET.get("part") == "status":  # type: ignore[attr-defined]
        response = render(request, "knowledge/archive/_status.html", context)
        if not archive_import.is_pending:
            # Finished: the whole page changes (the report appears).
            response["HX-Refresh"] = "true"
        return response
    show = request.GET.get("show")
    entries = archive_import.entries.select_related("article", "duplicate_of")
    if show in (ArchiveEntry.Outcome.IMPORTED, ArchiveEntry.Outcome.SKIPPED):
        entries = entries.filter(outcome=show)
    else:
        show = ""
    context["page"] = Paginator(entries.order_by("pk"), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context["show"] = show
    return render(request, "knowledge/archive/import.html", context)


@staff_required
@require_POST
def archive_import_resume_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    archive_import = get_object_or_404(
        ArchiveImport.objects.visible_to(get_access(request)), public_id=public_id
    )
    try:
        archive_import_resume(archive_import=archive_import, by=_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(archive_import)
