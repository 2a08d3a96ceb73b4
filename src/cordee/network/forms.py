"""Forms of the directory and of the organisation pages."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from cordee.network.access import Access
from cordee.network.identifiers import clean_siret
from cordee.network.logos import normalise_logo
from cordee.network.models import (
    Certification,
    Commune,
    MembershipStatus,
    Organisation,
    SizeBand,
    Skill,
    Territory,
)
from cordee.network.selectors import (
    IN_GOOD_STANDING,
    LABEL_ANY,
    LABEL_PUBLIC,
    NOT_IN_GOOD_STANDING,
)


class PlainSelect(forms.Select):
    """A select drawn in Python rather than with a template per option.

    The directory draws its lists of towns, activities and territories on every
    search; with Django's option templates they took most of the page's time.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            "{}",
            (
                (_option(option),)
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


def _option(option: dict[str, Any]) -> SafeString:
    if option["selected"]:
        return format_html(
            '<option value="{}" selected>{}</option>', option["value"], option["label"]
        )
    return format_html('<option value="{}">{}</option>', option["value"], option["label"])


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Territory) -> str:
        # Indented by depth, so the select reads as the tree it is.
        return "\u00a0\u00a0" * (obj.depth - 1) + obj.name


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Commune) -> str:
        return f"{obj.name} ({obj.postcode})"


class OrganisationFilterForm(forms.Form):
    """The directory's filters. Values in the address are slugs and codes, never ids."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A name, a SIRET, a town or an activity."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    territory = TerritoryChoiceField(
        label=_("Territory"),
        widget=PlainSelect,
        queryset=Territory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All territories"),
    )
    commune = CommuneChoiceField(
        label=_("Town"),
        widget=PlainSelect,
        queryset=Commune.objects.none(),
        to_field_name="insee",
        required=False,
        empty_label=_("All towns"),
    )
    activity = forms.ModelChoiceField(
        label=_("Activity"),
        widget=PlainSelect,
        queryset=Skill.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All activities"),
    )
    certification = forms.ModelChoiceField(
        label=_("Certification"),
        widget=PlainSelect,
        queryset=Certification.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All certifications"),
    )
    size_band = forms.ChoiceField(
        label=_("Size"),
        choices=[("", _("All sizes")), *SizeBand.choices],
        required=False,
        widget=PlainSelect,
    )
    membership = forms.ChoiceField(label=_("Membership"), required=False, widget=PlainSelect)
    label = forms.ChoiceField(
        label=_("Label"),
        choices=[("", _("All organisations")), (LABEL_ANY, _("Labelled companies"))],
        required=False,
        widget=PlainSelect,
    )

    def __init__(
        self, *args: Any, access: Access, public: bool, organisations: QuerySet, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Only towns where the reader would find someone.
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = Commune.objects.filter(
            pk__in=organisations.values("commune_id")
        )
        if public:
            # The showcase tells nothing about size or membership.
            del self.fields["size_band"]
            del self.fields["membership"]
            # Visitors learn only of the labels their companies agreed to show.
            cast(forms.ChoiceField, self.fields["label"]).choices = [
                ("", _("All organisations")),
                (LABEL_PUBLIC, _("Labelled companies")),
            ]
            return
        choices: list[tuple[str, Any]] = [
            ("", _("All organisations")),
            (IN_GOOD_STANDING, _("Members in good standing")),
            (NOT_IN_GOOD_STANDING, _("Not members this year")),
        ]
        if access.is_staff:
            # Dues are between the organisation and the staff: other members
            # only learn whether it is a member.
            choices += [
                (status, _("Membership %(status)s") % {"status": label})
                for status, label in MembershipStatus.choices
            ]
        cast(forms.ChoiceField, self.fields["membership"]).choices = choices


class PeopleFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    territory = TerritoryChoiceField(
        label=_("Territory"),
        widget=PlainSelect,
        queryset=Territory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All territories"),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=100,
        help_text=_("Part of its name."),
    )
    expertise = forms.CharField(
        label=_("Expertise"),
        required=False,
        max_length=80,
        help_text=_("For example: lean, ISO 9001, grinding."),
    )
    skill = forms.ModelChoiceField(
        label=_("Activity or skill"),
        widget=PlainSelect,
        queryset=Skill.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All activities and skills"),
        help_text=_("People who declared it, and the people of organisations that practise it."),
    )


NAF_CODE = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")


class OrganisationForm(forms.ModelForm):
    """An organisation's page, edited by its company heads and the staff over its territory.

    The legal name and the SIRET stay with the staff: they identify the
    company in the network's records and its dues.
    """

    # Longer than 14: people paste SIRETs with spaces, which clean_siret removes.
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        help_text=_("14 digits, as on the Kbis extract."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Organisation
        fields = [
            "legal_name",
            "siret",
            "trade_name",
            "naf_code",
            "naf_nomenclature",
            "size_band",
            "headcount",
            "address",
            "commune",
            "website",
            "logo",
            "description",
            "activities",
            "certifications",
            "machines",
            "showcase",
        ]
        field_classes = {"commune": CommuneChoiceField}
        widgets = {
            "naf_code": forms.TextInput(attrs={"placeholder": "25.62A"}),
            "naf_nomenclature": forms.RadioSelect,
            "commune": PlainSelect,
            "headcount": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "logo": forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "activities": forms.CheckboxSelectMultiple,
            "certifications": forms.CheckboxSelectMultiple,
            "machines": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, can_change_identity: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.previous_logo = self.instance.logo.name if self.instance.pk else ""
        if not can_change_identity:
            del self.fields["legal_name"]
            del self.fields["siret"]
        cast(forms.ModelChoiceField, self.fields["commune"]).empty_label = None
        # Checkbox values are slugs, like the directory's filters.
        for name in ("activities", "certifications"):
            cast(forms.ModelMultipleChoiceField, self.fields[name]).to_field_name = "slug"

    def activity_groups(self) -> list[tuple[str, list[Any]]]:
        """The activity checkboxes grouped by family, each group drawn as a fieldset."""
        labels = dict(Skill.Family.choices)
        groups: dict[str, list[Any]] = {family: [] for family in labels}
        for checkbox in self["activities"]:
            groups[checkbox.data["value"].instance.family].append(checkbox)
        return [(str(labels[family]), boxes) for family, boxes in groups.items() if boxes]

    def clean_siret(self) -> str:
        return clean_siret(self.cleaned_data["siret"])

    def clean_naf_code(self) -> str:
        code = "".join(self.cleaned_data["naf_code"].split()).upper()
        if code and (match := NAF_CODE.match(code)):
            return f"{match[1]}.{match[2]}{match[3]}"
        return code

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            if logo.size and logo.size > settings.PHOTO_MAX_BYTES:
                raise ValidationError(
                    _("This logo is too large: keep it under %(size)s MB.")
                    % {"size": settings.PHOTO_MAX_BYTES // (1024 * 1024)}
                )
            return normalise_logo(logo)
        return logo

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        headcount, size_band = data.get("headcount"), data.get("size_band")
        if headcount is not None and size_band:
            expected = SizeBand.for_headcount(headcount)
            if expected != size_band:
                self.add_error(
                    "size_band",
                    ValidationError(
                        _(
                            "A headcount of %(headcount)s means “%(expected)s”, not "
                            "“%(chosen)s”: correct the size or the headcount."
                        ),
                        params={
                            "headcount": headcount,
                            "expected": expected.label,
                            "chosen": SizeBand(size_band).label,
                        },
                    ),
                )
        if data.get("siret"):
            # The SIREN is the SIRET's first nine digits: they cannot disagree.
            self.instance.siren = data["siret"][:9]
        return data

    def save(self, commit: bool = True) -> Organisation:
        organisation: Organisation = super().save(commit=False)
        if self.cleaned_data.get("remove_logo") and not isinstance(
            self.cleaned_data.get("logo"), UploadedFile
        ):
            organisation.logo = ""
        if commit:
            organisation.save()
            self.save_m2m()
        return organisation


class AffiliationForm(forms.Form):
    # A plain form: the service compares the affiliation as saved with what is asked.
    job_title = forms.CharField(label=_("Job title"), required=False, max_length=120)
    is_head = forms.BooleanField(
        label=_("Company head"),
        required=False,
        help_text=_("A company head manages the organisation's page and its people."),
    )


class ColleagueInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    job_title = forms.CharField(label=_("Job title"), required=False, max_length=120)
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent with the invitation, if the person has no account yet."),
    )
