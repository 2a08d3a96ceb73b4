"""Forms of the staff pages: member list import and export, memberships."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cordee.network.access import Access
from cordee.network.memberships import STATUS_ACTIONS, managed_territories
from cordee.network.models import Membership, MembershipStatus, MembershipTier, Territory
from cordee.network.spreadsheets import MAX_BYTES, MAX_ROWS

FORMAT_CHOICES = [("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV (.csv, for any spreadsheet)"))]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Member list"),
        help_text=_(
            "An .xlsx or .csv file (separated by ; or ,), at most %(size)s MB and "
            "%(rows)s rows, with a header row."
        )
        % {"size": MAX_BYTES // (1024 * 1024), "rows": f"{MAX_ROWS:,}".replace(",", "\u202f")},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv,.txt,text/csv,application/vnd.ms-excel"}
        ),
    )


class ImportApplyForm(forms.Form):
    valid_only = forms.BooleanField(required=False, widget=forms.HiddenInput)


def _year_choices(years: list[int]) -> list[tuple[int, int]]:
    current = timezone.localdate().year
    return [(year, year) for year in sorted({*years, current, current + 1}, reverse=True)]


class ExportForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Memberships of"), coerce=int, required=False, empty_value=None
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=FORMAT_CHOICES,
        initial="xlsx",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(years)
        self.fields["year"].initial = timezone.localdate().year

    def chosen(self) -> tuple[int, str]:
        """The year and the format asked for; this year and XLSX by default."""
        data = self.cleaned_data if self.is_valid() else {}
        return (
            data.get("year") or timezone.localdate().year,
            "csv" if data.get("file_format") == "csv" else "xlsx",
        )


class MembershipFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All my territories"),
    )
    tier = forms.ModelChoiceField(
        label=_("Tier"),
        queryset=MembershipTier.objects.all(),
        required=False,
        to_field_name="name",
        empty_label=_("All tiers"),
    )

    def __init__(self, *args: Any, access: Access, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(years)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["status"].choices = [("", _("All statuses")), *MembershipStatus.choices]
        self.fields["territory"].queryset = managed_territories(access)

    def chosen_year(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year


class MembershipStatusForm(forms.Form):
    memberships = forms.ModelMultipleChoiceField(
        label=_("Memberships"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one membership in the list.")},
    )
    status = forms.ChoiceField(
        label=_("Mark the ticked memberships as"),
        choices=[(status, MembershipStatus(status).label) for status in STATUS_ACTIONS],
    )
    on = forms.DateField(
        label=_("On"),
        required=False,
        help_text=_("The date of the invoice or payment; empty: today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["memberships"].queryset = Membership.objects.managed_by(access).select_related(
            "organisation"
        )


class RenewForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=1990, max_value=2200)
