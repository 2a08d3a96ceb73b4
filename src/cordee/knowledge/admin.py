from django.contrib import admin
from django.http import HttpRequest

from cordee.knowledge.models import ArchiveEntry, ArchiveImport


class ArchiveEntryInline(admin.TabularInline):
    model = ArchiveEntry
    fields = ["path", "outcome", "reason", "detail", "article", "document_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ArchiveImport)
class ArchiveImportAdmin(admin.ModelAdmin):
    """Read only: an archive import is started, followed and resumed on the staff pages."""

    list_display = ["original_name", "source", "created_by", "created_at", "status", "total"]
    list_filter = ["status", "source"]
    fields = [
        "original_name",
        "source",
        "folder",
        "created_by",
        "territory",
        "scope",
        "scope_territory",
        "status",
        "total",
        "finished_at",
        "error",
    ]
    readonly_fields = fields
    inlines = [ArchiveEntryInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
