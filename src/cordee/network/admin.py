from django.contrib import admin

from cordee.network.models import (
    Affiliation,
    Certification,
    Commune,
    ImportBatch,
    Membership,
    MembershipTier,
    Organisation,
    RoleAssignment,
    Skill,
    Territory,
    WorkingGroup,
)


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "postcode", "insee", "territory"]
    list_filter = ["territory"]
    search_fields = ["name", "postcode", "insee"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "family"]
    list_filter = ["family"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_fr"]}


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["person"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "trade_name", "siret", "commune", "size_band", "showcase"]
    list_filter = ["territory", "size_band", "showcase"]
    search_fields = ["legal_name", "trade_name", "siret"]
    autocomplete_fields = ["commune"]
    filter_horizontal = ["activities", "certifications"]
    inlines = [AffiliationInline, MembershipInline]


@admin.register(MembershipTier)
class MembershipTierAdmin(admin.ModelAdmin):
    list_display = ["name", "amount"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "tier", "amount", "status", "ends_on"]
    list_filter = ["year", "status", "tier"]
    search_fields = ["organisation__legal_name"]
    autocomplete_fields = ["organisation"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "territory"]
    list_filter = ["role", "territory"]
    autocomplete_fields = ["person"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "territory"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read only: an import is made and followed on the staff pages, which check it."""

    list_display = ["original_name", "created_by", "created_at", "status", "applied_at"]
    list_filter = ["status"]
    fields = ["original_name", "created_by", "territory", "status", "applied_by", "applied_at"]
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
