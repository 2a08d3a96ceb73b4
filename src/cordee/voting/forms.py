"""Forms of the votes: drafting a vote, a ballot suited to each method, proxies, receipts."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cordee.network.models import Organisation, Territory
from cordee.voting.models import Elector, ElectorateKind, Method, Vote

YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("abstain", _("Abstain"))]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value: Any) -> str | None:
        if hasattr(value, "strftime"):
            from django.utils import timezone

            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class VoteForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Options or candidates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line, in the order shown to voters. Not needed for yes / no and consent votes."
        ),
    )
    grades_text = forms.CharField(
        label=_("Grades (majority judgment)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line, best first. Leave empty for the usual scale: Excellent, "
            "Very good, Good, Fairly good, Passable, Insufficient, To reject."
        ),
    )

    class Meta:
        model = Vote
        fields = [
            "title",
            "description",
            "method",
            "threshold",
            "count_abstentions",
            "secret",
            "opens_at",
            "closes_at",
            "territory",
            "electorate",
            "weighting",
            "quorum_percent",
            "proxy_cap",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "method": forms.RadioSelect,
            "electorate": forms.RadioSelect,
            "weighting": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, territories: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            cast(forms.DateTimeField, self.fields[name]).input_formats = [
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
            ]
        if territories is not None:
            cast(forms.ModelChoiceField, self.fields["territory"]).queryset = territories
        # A listed electorate is given by the capability that opens the vote (meetings).
        electorate = cast(forms.ChoiceField, self.fields["electorate"])
        electorate.choices = [
            choice for choice in electorate.choices if choice[0] != ElectorateKind.LISTED
        ]
        if self.instance.pk:
            self.initial["options_text"] = "\n".join(o.label for o in self.instance.option_list)
            self.initial["grades_text"] = "\n".join(self.instance.grade_labels)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The vote must close after it opens."))
        options = self.option_labels()
        if data.get("method") not in (Method.YES_NO, Method.CONSENT, None) and len(options) < 2:
            self.add_error("options_text", _("Write at least two options, one per line."))
        grades = self.grade_labels()
        if grades and len(grades) < 2:
            self.add_error("grades_text", _("A scale needs at least two grades, one per line."))
        return data

    def option_labels(self) -> list[str]:
        text = self.cleaned_data.get("options_text", "")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def grade_labels(self) -> list[str]:
        text = self.cleaned_data.get("grades_text", "")
        return [line.strip()[:60] for line in text.splitlines() if line.strip()]

    def save(self, commit: bool = False) -> Vote:
        vote = super().save(commit=False)
        vote.grade_labels = self.grade_labels()
        return vote


class BallotForm(forms.Form):
    """The ballot of one vote; every submitted option and grade is checked against it."""

    receipt = forms.CharField(
        label=_("Receipt of your previous ballot"),
        required=False,
        max_length=100,
        help_text=_("Only to change a ballot already cast: the receipt shown when you voted."),
    )

    def __init__(self, *args: Any, vote: Vote, electors: list[Elector], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vote = vote
        self.options = vote.option_list
        self.electors = {str(e.public_id): e for e in electors}
        self.fields["elector"] = forms.ChoiceField(
            label=_("You vote for"),
            choices=[(key, str(e)) for key, e in self.electors.items()],
            widget=forms.RadioSelect if len(electors) > 1 else forms.HiddenInput,
        )
        if len(electors) == 1:
            self.initial["elector"] = next(iter(self.electors))
        getattr(self, f"_fields_{vote.method}")()

    def _fields_judgment(self) -> None:
        grades = self.vote.grades
        choices = [(str(index), label) for index, label in reversed(list(enumerate(grades)))]
        for option in self.options:
            self.fields[f"grade_{option.pk}"] = forms.TypedChoiceField(
                label=option.label,
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )

    def _fields_ranked(self) -> None:
        for option in self.options:
            self.fields[f"rank_{option.pk}"] = forms.IntegerField(
                label=option.label,
                required=False,
                min_value=1,
                max_value=len(self.options),
            )

    def _fields_yes_no(self) -> None:
        self.fields["answer"] = forms.ChoiceField(
            label=self.vote.title, choices=YES_NO_CHOICES, widget=forms.RadioSelect
        )

    def _fields_single(self) -> None:
        self.fields["option"] = forms.TypedChoiceField(
            label=_("Your choice"),
            choices=[(str(o.pk), o.label) for o in self.options],
            coerce=int,
            widget=forms.RadioSelect,
        )

    def _fields_approval(self) -> None:
        self.fields["options"] = forms.TypedMultipleChoiceField(
            label=_("The options you accept"),
            choices=[(str(o.pk), o.label) for o in self.options],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def _fields_consent(self) -> None:
        self.fields["position"] = forms.ChoiceField(
            label=_("Your position"),
            choices=[
                ("consent", _("I consent: I can live with this proposal")),
                ("object", _("I object, for a reason I give below")),
            ],
            widget=forms.RadioSelect,
        )
        self.fields["objection"] = forms.CharField(
            label=_("Your reasoned objection"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("Say what harm the proposal would do, and what would lift your objection."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        objecting = self.vote.method == Method.CONSENT and data.get("position") == "object"
        if objecting and not data.get("objection", "").strip():
            self.add_error("objection", _("An objection needs its reason: write it here."))
        return data

    def judgment_fields(self) -> list[forms.BoundField]:
        return [self[f"grade_{option.pk}"] for option in self.options]

    def rank_fields(self) -> list[forms.BoundField]:
        return [self[f"rank_{option.pk}"] for option in self.options]

    @property
    def elector(self) -> Elector:
        return self.electors[self.cleaned_data["elector"]]

    def choices(self) -> dict[str, Any]:
        """The ballot's content as stored: option ids as strings, grades as indices."""
        data = self.cleaned_data
        method = self.vote.method
        if method == Method.JUDGMENT:
            return {
                "grades": {
                    str(o.pk): data[f"grade_{o.pk}"]
                    for o in self.options
                    if data.get(f"grade_{o.pk}") not in (None, "")
                }
            }
        if method == Method.RANKED:
            return {
                "ranks": {
                    str(o.pk): data[f"rank_{o.pk}"]
                    for o in self.options
                    if data.get(f"rank_{o.pk}") is not None
                }
            }
        if method == Method.YES_NO:
            return {"answer": data["answer"]}
        if method == Method.SINGLE:
            return {"option": str(data["option"])}
        if method == Method.APPROVAL:
            return {"options": sorted(str(pk) for pk in data["options"])}
        objection = data["objection"].strip() if data["position"] == "object" else ""
        return {"objection": objection}


class ReceiptForm(forms.Form):
    token = forms.CharField(
        label=_("Your receipt"),
        max_length=100,
        help_text=_("The code shown when you voted (also kept by this browser)."),
    )


class ProxyForm(forms.Form):
    giver: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation giving its vote"), queryset=Organisation.objects.none()
    )
    holder: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation voting in its place"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, organisations: Any, givers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        giver = cast(forms.ModelChoiceField, self.fields["giver"])
        holder = cast(forms.ModelChoiceField, self.fields["holder"])
        giver.queryset = givers if givers is not None else organisations
        holder.queryset = organisations


class DelegateForm(forms.Form):
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Colleague who votes for your organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Nobody: I vote myself"),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people


def territory_choices(access: Any) -> Any:
    """The territories where ``access`` may organise a vote."""
    if access.is_admin or "/" in access.staff_paths:
        return Territory.objects.all()
    return Territory.objects.filter(_paths_q(access))


def _paths_q(access: Any) -> Any:
    from django.db.models import Q

    query = Q(pk__in=[])
    for path in access.staff_paths:
        query |= Q(path__startswith=path)
    return query
