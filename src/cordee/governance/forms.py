"""Forms of the bodies: a body, a mandate, its end, a branch election and its confirmation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cordee.governance.models import Body, BodyKind, Candidate, MandateRole, MandateSource
from cordee.governance.services import ELECTION_METHODS, network_affiliations
from cordee.network.access import WHOLE_NETWORK, Access
from cordee.network.models import Affiliation, WorkingGroup
from cordee.voting.forms import DateTimeInput, territory_choices
from cordee.voting.models import Method


def _choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "slug",
            "kind",
            "territory",
            "delegates_to",
            "working_group",
            "seats",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _choice(self, "territory")
        field.queryset = territory_choices(access)
        if WHOLE_NETWORK not in access.staff_paths:
            # Staff of one territory run its bodies, not the whole network's.
            field.required = True
            field.help_text = _("The territory where you are staff.")
        # A branch sends delegates up, to a body of the network or of a territory above or
        # under the staff's own: seating them in another territory's club would make them
        # members of its group.
        delegates_to = _choice(self, "delegates_to")
        delegates_to.queryset = (
            Body.objects.exclude(kind=BodyKind.BRANCH)
            .exclude(pk=self.instance.pk)
            .filter(
                Q(territory__isnull=True)
                | Q(territory__path__in=_above(access.staff_paths))
                | access.staff_territory_q("territory")
                | Q(pk=self.instance.delegates_to_id)
            )
        )
        delegates_to.help_text = _("For a territorial branch: usually the board.")
        # Only the groups of the staff's territories: a mandate makes its holder a member.
        groups = WorkingGroup.objects.filter(body__isnull=True).filter(
            access.staff_territory_q("territory")
        )
        if self.instance.working_group_id:
            groups |= WorkingGroup.objects.filter(pk=self.instance.working_group_id)
        _choice(self, "working_group").queryset = groups


def _above(paths: Iterable[str]) -> set[str]:
    """The territory paths of ``paths`` and of every territory above them."""
    found = set()
    for path in paths:
        parts = [part for part in path.split("/") if part]
        found |= {"/" + "/".join(parts[: index + 1]) + "/" for index in range(len(parts))}
    return found


def person_at_organisation(affiliation: Affiliation) -> str:
    person = affiliation.person
    return f"{person.get_full_name() or person.email} — {affiliation.organisation.name}"


class AffiliationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Affiliation) -> str:
        return person_at_organisation(obj)


class MandateForm(forms.Form):
    affiliation = AffiliationChoiceField(
        label=_("Person and the organisation they represent"),
        queryset=Affiliation.objects.none(),
        help_text=_("People of the member organisations, by last name."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MandateRole.choices)
    source = forms.ChoiceField(
        label=_("How"),
        choices=MandateSource.choices,
        widget=forms.RadioSelect,
        initial="appointed",
    )
    branch = forms.ModelChoiceField(
        label=_("Delegate of the branch"),
        queryset=Body.objects.none(),
        required=False,
        help_text=_("For a delegate: the territorial branch they represent."),
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput(), initial=timezone.localdate)
    ends_on = forms.DateField(
        label=_("Until"),
        widget=DateInput(),
        required=False,
        help_text=_("The last day of the mandate. Leave empty if its end is not known."),
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "affiliation").queryset = network_affiliations(body)
        branches = Body.objects.filter(kind=BodyKind.BRANCH, delegates_to=body)
        if branches.exists():
            _choice(self, "branch").queryset = branches
        else:
            del self.fields["branch"]


class MandateEndForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Last day of the mandate"), widget=DateInput(), initial=timezone.localdate
    )


class CandidateChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Affiliation) -> str:
        return person_at_organisation(obj)


def _in_a_week() -> Any:
    return timezone.localtime() + timedelta(days=7)


class ElectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What voters should know"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    candidates = CandidateChoiceField(
        label=_("Candidates"),
        queryset=Affiliation.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_(
            "People of the branch's member organisations. Hold Ctrl (Cmd on a Mac) to choose "
            "several."
        ),
    )
    seats = forms.IntegerField(label=_("Delegates to elect"), min_value=1, max_value=50)
    method = forms.ChoiceField(
        label=_("Voting method"),
        choices=[(m.value, m.label) for m in Method if m in ELECTION_METHODS],
        initial=Method.JUDGMENT,
        widget=forms.RadioSelect,
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at"), widget=DateTimeInput(), initial=timezone.localtime
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=DateTimeInput(), initial=_in_a_week
    )

    def __init__(self, *args: Any, branch: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "candidates").queryset = network_affiliations(branch)
        self.fields["seats"].initial = branch.seats or 1
        self.fields["title"].initial = _("Election of the delegates of %(branch)s to %(body)s") % {
            "branch": branch,
            "body": branch.delegates_to or "",
        }
        for name in ("opens_at", "closes_at"):
            cast(forms.DateTimeField, self.fields[name]).input_formats = [
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
            ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The vote closes after it opens: choose a later time."))
        return cleaned


class ConfirmForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Mandates start on"), widget=DateInput(), initial=timezone.localdate
    )
    ends_on = forms.DateField(
        label=_("Mandates end on"),
        widget=DateInput(),
        required=False,
        help_text=_("The last day, as the statutes say. Leave empty if not fixed."),
    )
    tie_break = forms.ModelMultipleChoiceField(
        label=_("Tied candidates who take the last seats"),
        queryset=Candidate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, tied: QuerySet[Candidate] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if tied is None:
            del self.fields["tie_break"]
        else:
            _choice(self, "tie_break").queryset = tied

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Mandates cannot end before they start."))
        return cleaned
