from django.contrib import admin
from django.http import HttpRequest

from cordee.core.models import PeriodicRun


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    """Only the scheduler writes these; deleting a row makes its task due again."""

    list_display = ["name", "last_run_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
