"""Forms of the consultations: the consultation, a contribution, a comment, the staff's
tools (phase, merge, vote, synthesis)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cordee.consultations.models import (
    Comment,
    Consultation,
    Contribution,
    ContributionStatus,
    Kind,
    Phase,
)
from cordee.network.access import Access
from cordee.network.forms import TerritoryChoiceField
from cordee.network.models import WorkingGroup
from cordee.network.scopes import Scope
from cordee.voting.forms import DateTimeInput, territory_choices
from cordee.voting.models import ElectorateKind, Method

SCOPES = [(value, label) for value, label in Scope.choices if value != Scope.PRIVATE]


class ConsultationForm(forms.ModelForm):
    scope = forms.ChoiceField(
        label=_("Who is consulted"),
        choices=SCOPES,
        widget=forms.RadioSelect,
        help_text=_(
            "Members of the whole network, of one territory or of one working group take "
            "part. A public consultation can also be read by visitors."
        ),
    )
    scope_territory = TerritoryChoiceField(
        label=_("Territory"),
        queryset=None,
        required=False,
        empty_label=_("Choose a territory"),
        help_text=_("When it is for one territory."),
    )

    class Meta:
        model = Consultation
        fields = [
            "title",
            "summary",
            "body",
            "scope",
            "scope_territory",
            "scope_group",
            "contributions_until",
            "coconstruction_until",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "contributions_until": DateTimeInput(),
            "coconstruction_until": DateTimeInput(),
        }

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        cast(forms.ModelChoiceField, self.fields["scope_territory"]).queryset = territory_choices(
            access
        )
        groups = WorkingGroup.objects.all()
        if "/" not in access.staff_paths:
            groups = groups.filter(access.staff_territory_q("territory"))
        group_field = cast(forms.ModelChoiceField, self.fields["scope_group"])
        group_field.queryset = groups
        group_field.empty_label = _("Choose a working group")
        for name in ("contributions_until", "coconstruction_until"):
            cast(forms.DateTimeField, self.fields[name]).input_formats = ["%Y-%m-%dT%H:%M"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope = data.get("scope")
        if scope in (Scope.PUBLIC, Scope.NETWORK) and "/" not in self.access.staff_paths:
            self.add_error(
                "scope",
                _("Staff of a territory consult their territory or one of its working groups."),
            )
        start, end = data.get("contributions_until"), data.get("coconstruction_until")
        if start and end and end < start:
            self.add_error(
                "coconstruction_until",
                _("The co-construction phase must end after the contributions phase."),
            )
        return data


class ContributionForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["kind", "title", "body"]
        widgets = {"kind": forms.RadioSelect, "body": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "kind": _("An idea opens a question; a proposal says what to do."),
            "title": _("One line that says it all, e.g. “Share machine setters between firms”."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = Kind.choices


class RevisionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    body = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    note = forms.CharField(
        label=_("What changed"),
        max_length=200,
        required=False,
        help_text=_("A few words kept with this version, e.g. “after the comments”."),
    )


class CommentForm(forms.ModelForm):
    parent = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        labels = {"body": _("Your comment")}


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Move to the phase"), choices=[])

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = list(Phase).index(Phase(consultation.phase))
        cast(forms.ChoiceField, self.fields["phase"]).choices = [
            (phase.value, phase.label) for index, phase in enumerate(Phase) if index > current
        ]


class MergeForm(forms.Form):
    merged = forms.ModelMultipleChoiceField(
        label=_("Contributions to merge into this one"),
        queryset=Contribution.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(label=_("Title of the merged contribution"), max_length=160)
    body = forms.CharField(
        label=_("Text of the merged contribution"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, contribution: Contribution, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"title": contribution.title, "body": contribution.body})
        super().__init__(*args, **kwargs)
        others: QuerySet[Contribution] = (
            Contribution.objects.filter(consultation_id=contribution.consultation_id)
            .exclude(pk=contribution.pk)
            .exclude(status=ContributionStatus.MERGED)
            .order_by("title")
        )
        field = cast(forms.ModelMultipleChoiceField, self.fields["merged"])
        field.queryset = others
        field.to_field_name = "public_id"


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (value, label)
            for value, label in ContributionStatus.choices
            if value != ContributionStatus.MERGED
        ],
    )


class VoteForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Voting method"),
        choices=[(v, label) for v, label in Method.choices if v not in ("yes_no", "consent")],
        initial=Method.JUDGMENT,
    )
    electorate = forms.ChoiceField(
        label=_("Electorate"), choices=ElectorateKind.choices, initial=ElectorateKind.ORGANISATIONS
    )
    closes_at = forms.DateTimeField(
        label=_("Voting closes at"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )


class SynthesisForm(forms.Form):
    synthesis = forms.CharField(
        label=_("Synthesis"),
        required=False,
        max_length=30000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Markdown: ## for a heading, **bold**, - for a list. What was said, what was "
            "retained and why."
        ),
    )
