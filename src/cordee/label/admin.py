from django.contrib import admin

from cordee.label.models import (
    Assessment,
    Campaign,
    Criterion,
    Decision,
    Framework,
    LabelProfile,
    Review,
)


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "created_at"]
    inlines = [CriterionInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "framework", "status"]
    list_filter = ["status"]


@admin.register(LabelProfile)
class LabelProfileAdmin(admin.ModelAdmin):
    """Groups and declared competitors: what the conflicts of interest are checked on."""

    list_display = ["organisation", "group_name"]
    search_fields = ["organisation__legal_name", "group_name"]
    autocomplete_fields = ["organisation", "competitors"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "campaign", "status"]
    list_filter = ["status", "campaign"]
    list_select_related = ["organisation", "campaign"]
    raw_id_fields = ["organisation", "submitted_by"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["assessment", "reviewer", "visit_on", "submitted_at"]
    raw_id_fields = ["assessment", "reviewer", "reviewer_organisation", "assigned_by"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["assessment", "outcome", "decided_on", "valid_until"]
    raw_id_fields = ["assessment", "decided_by"]
