from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cordee.accounts.models import User
from cordee.label.models import (
    Answer,
    Campaign,
    Criterion,
    Decision,
    Framework,
    ImprovementAction,
    LabelProfile,
    ReviewScore,
)
from cordee.network.models import Affiliation, Organisation


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = ["name", "description"]


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "pillar",
            "code",
            "title",
            "guidance",
            "evidence",
            "weight",
            "level_1",
            "level_2",
            "level_3",
            "level_4",
            "level_5",
            "position",
        ]
        widgets = {
            field: forms.Textarea(attrs={"rows": 2})
            for field in ("guidance", "evidence", "level_1", "level_2", "level_3", "level_4")
        } | {"level_5": forms.Textarea(attrs={"rows": 2})}


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label=_("Framework spreadsheet (XLSX)"),
        help_text=_("One row per criterion; export a framework to see the columns."),
    )


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "year", "framework", "closes_on"]
        widgets = {"closes_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


def level_choices(criterion: Criterion) -> list[tuple[int, str]]:
    return [(level, f"{level} — {text}") for level, text in criterion.levels]


class AnswerForm(forms.ModelForm):
    """One criterion of the self-assessment: the level, with each level's words, and
    the evidence. The level is checked again by the service (a crafted POST)."""

    attachment = forms.FileField(
        label=_("Attach a document"),
        required=False,
        help_text=_("PDF, image or office document, 10 MB at most."),
    )

    class Meta:
        model = Answer
        fields = ["level", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        criterion = self.instance.criterion
        self.fields["level"] = forms.TypedChoiceField(
            label=_("Level"),
            choices=level_choices(criterion),
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            initial=self.instance.level,
        )
        self.fields["evidence"].label = _("Evidence")
        self.fields["evidence"].help_text = criterion.evidence


class ScoreForm(forms.ModelForm):
    class Meta:
        model = ReviewScore
        fields = ["level", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"] = forms.TypedChoiceField(
            label=_("Peer level"),
            choices=level_choices(self.instance.criterion),
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            initial=self.instance.level,
        )


class ReviewAssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"),
        queryset=User.objects.none(),
        help_text=_("A person of another member company. Conflicts of interest are checked."),
    )
    visit_on = forms.DateField(label=_("Site visit on"), widget=forms.DateInput({"type": "date"}))

    def __init__(self, *args: Any, exclude_organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = (
            Affiliation.objects.current()
            .exclude(organisation_id=exclude_organisation_id)
            .values("person_id")
        )
        self.fields["reviewer"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=people, is_active=True
        ).order_by("last_name", "first_name")


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["outcome", "rationale", "conditions", "decided_on"]
        widgets = {
            "outcome": forms.RadioSelect,
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "decided_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["conditions"].help_text = _("Required when granted with conditions.")


class ConsentForm(forms.Form):
    in_public_register = forms.BooleanField(
        label=_("Show our label in the public register"), required=False
    )
    shares_practices = forms.BooleanField(
        label=_("Share our strong practices with companies that need them"), required=False
    )


class ActionForm(forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = ["criterion", "title", "owner", "due_on", "status"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, criteria: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria  # type: ignore[attr-defined]


class ProfileForm(forms.ModelForm):
    """The company's group and declared competitors: their people never review it."""

    class Meta:
        model = LabelProfile
        fields = ["group_name", "competitors"]
        widgets = {"competitors": forms.SelectMultiple(attrs={"size": 10})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competitors"]
        field.queryset = Organisation.objects.exclude(  # type: ignore[attr-defined]
            pk=self.instance.organisation_id
        ).order_by("legal_name")
        field.help_text = _(
            "Their people will not review your company. Hold Ctrl (or ⌘) to choose several."
        )
