"""Forms of the capacity exchange: an offer or a need, the list's filters, getting in
touch, and who may post for an organisation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cordee.accounts.models import User
from cordee.exchange.models import Kind, Listing, Side
from cordee.network.forms import PlainSelect, TerritoryChoiceField
from cordee.network.models import Organisation, Skill, Territory


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ListingForm(forms.ModelForm):
    """An offer or a need. Once posted, its side and organisation stay."""

    organisation = forms.ModelChoiceField(
        label=_("For the organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        empty_label=None,
    )
    skill = forms.ModelChoiceField(
        label=_("Skill (optional)"),
        queryset=Skill.objects.all(),
        to_field_name="slug",
        required=False,
        widget=PlainSelect,
        empty_label=_("No particular skill"),
        help_text=_("Offers and needs with the same skill match first."),
    )

    class Meta:
        model = Listing
        fields = [
            "side",
            "organisation",
            "kind",
            "title",
            "skill",
            "starts_on",
            "ends_on",
            "quantity",
            "unit",
            "shared_staff",
            "visibility",
            "description",
        ]
        widgets = {
            "side": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "starts_on": DateInput,
            "ends_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"side": _("I post"), "kind": _("Of what")}

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("legal_name")
        self.fields["quantity"].widget.attrs.update(min="0.5", step="0.5")
        # Radio buttons without the select's empty "---------" choice.
        self.fields["side"].choices = Side.choices
        self.fields["kind"].choices = Kind.choices
        if self.instance.pk:
            # A disabled field reads its initial value: the slug, as the choices are.
            self.initial["organisation"] = self.instance.organisation.slug
            for name in ("side", "organisation"):
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", _("The end comes before the start: choose an end on or after it.")
            )
        elif ends_on and not self.instance.pk and ends_on < timezone.localdate():
            self.add_error("ends_on", _("This date is past: choose today or a later day."))
        if data.get("shared_staff") and data.get("kind") != Kind.STAFF:
            self.add_error(
                "shared_staff",
                _(
                    "Only skilled staff can be shared through an employers' group: "
                    "choose “skilled staff” or untick this box."
                ),
            )
        return data


SIDE_CHOICES = [("", _("Offers and needs")), *Side.choices]
KIND_CHOICES = [("", _("All kinds")), *Kind.choices]


class ListingFilterForm(forms.Form):
    """The list's filters. Values in the address are slugs and codes, never ids."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A machine, a piece of equipment or a skill, e.g. rectifieuse."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    side = forms.ChoiceField(label=_("Offers or needs"), choices=SIDE_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)
    territory = TerritoryChoiceField(
        label=_("Territory"),
        widget=PlainSelect,
        queryset=Territory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All territories"),
    )
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        widget=PlainSelect,
        queryset=Skill.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All skills"),
    )
    available_from = forms.DateField(label=_("Available from"), required=False, widget=DateInput)
    available_until = forms.DateField(label=_("Available until"), required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end < start:
            self.add_error(
                "available_until", _("This date comes before the first one: choose a later one.")
            )
        return data


class ContactForm(forms.Form):
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("They will see your name, e-mail and phone only if they accept."),
    )


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class PostingRightsForm(forms.Form):
    every_colleague = forms.BooleanField(
        label=_("Every colleague may post and answer for the organisation"), required=False
    )
    people = PeopleChoiceField(
        label=_("Or only these colleagues"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, colleagues: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = colleagues
