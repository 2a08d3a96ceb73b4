"""Forms of the decisions: recording and editing one, its actions, the register's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cordee.accounts.models import User, Visibility
from cordee.decisions.models import DECISION_SCOPES, Action, Decision
from cordee.decisions.permissions import recordable_bodies
from cordee.governance.models import Body
from cordee.network.access import STAFF_ROLES, Access
from cordee.network.forms import PlainSelect, TerritoryChoiceField
from cordee.network.models import GOOD_STANDING, Affiliation, RoleAssignment, Territory
from cordee.network.scopes import Scope
from cordee.voting.models import Vote


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    """A person by name, with the e-mail address that tells two namesakes apart when the
    reader may see it: staff always, others only where the person shows it to members."""

    show_every_email = False

    def label_from_instance(self, obj: User) -> str:
        if self.show_every_email or obj.email_visibility == Visibility.MEMBERS:
            return f"{obj.display_name} ({obj.email})"
        return obj.display_name


def show_emails_to(field: forms.Field, access: Access | None) -> None:
    cast(PersonChoiceField, field).show_every_email = access is not None and access.is_staff


def network_people() -> QuerySet[User]:
    """Who can follow up a decision: active people working for a member in good standing,
    and the network's staff."""
    today = timezone.localdate()
    workers = Affiliation.objects.current().filter(
        organisation__memberships__status__in=GOOD_STANDING,
        organisation__memberships__starts_on__lte=today,
        organisation__memberships__ends_on__gte=today,
    )
    staff = RoleAssignment.objects.filter(role__in=STAFF_ROLES)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=workers.values("person_id")) | Q(pk__in=staff.values("person_id")))
        .order_by("last_name", "first_name", "email")
    )


def _person_field(label: str, help_text: str = "") -> PersonChoiceField:
    return PersonChoiceField(
        label=label,
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
        widget=PlainSelect,
        help_text=help_text,
    )


class DecisionForm(forms.ModelForm):
    scope = forms.ChoiceField(
        label=_("Visible to"),
        choices=[(value, label) for value, label in Scope.choices if value in DECISION_SCOPES],
        initial=Scope.NETWORK,
        widget=forms.RadioSelect,
        help_text=_("Public decisions are shown to visitors and funders, with their follow-up."),
    )
    scope_territory = TerritoryChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.all(),
        required=False,
        empty_label=_("Choose a territory"),
        widget=PlainSelect,
        help_text=_("When it is for the members of one territory."),
    )
    body = forms.ModelChoiceField(
        label=_("Decided by"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=_("No body (a staff decision)"),
        widget=PlainSelect,
    )

    vote = forms.ModelChoiceField(
        label=_("Vote"),
        queryset=Vote.objects.none(),
        required=False,
        empty_label=_("No vote"),
        widget=PlainSelect,
        help_text=_("The vote that took the decision, if there was one."),
    )

    class Meta:
        model = Decision
        fields = [
            "title",
            "decided_on",
            "body",
            "vote",
            "text",
            "rationale",
            "owner",
            "scope",
            "scope_territory",
        ]
        widgets = {
            "decided_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 8}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
        }

    owner = _person_field(
        _("Responsible for the follow-up"),
        _("The person who sees that the actions are carried out."),
    )

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = recordable_bodies(access)
        if self.instance.body_id:
            bodies = bodies | Body.objects.filter(pk=self.instance.body_id)
        self.fields["body"].queryset = bodies.order_by("kind", "name")
        votes = Vote.objects.visible_to(access).filter(opened_at__isnull=False)
        if self.instance.vote_id:
            votes = votes | Vote.objects.filter(pk=self.instance.vote_id)
        self.fields["vote"].queryset = votes.order_by("-closes_at")
        self.fields["owner"].queryset = network_people()
        show_emails_to(self.fields["owner"], access)
        if not self.instance.pk:
            self.fields["decided_on"].initial = timezone.localdate()

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()


class ActionForm(forms.Form):
    """One follow-up action: what, who, by when."""

    title = forms.CharField(label=_("Action"), max_length=200, required=False)
    owner = _person_field(_("Who does it"))
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())

    def __init__(
        self,
        *args: Any,
        access: Access | None = None,
        people: QuerySet[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people if people is not None else network_people()
        show_emails_to(self.fields["owner"], access)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("owner") or data.get("due_on")) and not (data.get("title") or "").strip():
            self.add_error("title", _("Say what is to be done, or leave the whole row empty."))
        return data


class RequiredActionForm(ActionForm):
    title = forms.CharField(label=_("Action"), max_length=200)


class BaseActionFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        # One query for the people, shared by every row.
        kwargs = super().get_form_kwargs(index)
        if not hasattr(self, "_people"):
            self._people = network_people()
        kwargs["people"] = self._people
        return kwargs


ActionFormSet = forms.formset_factory(ActionForm, formset=BaseActionFormSet, extra=3, max_num=20)


class ProgressForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["status", "progress_note"]
        widgets = {
            "status": forms.RadioSelect,
            "progress_note": forms.Textarea(attrs={"rows": 4}),
        }


class ActionStatusFilter:
    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"
    NONE = "none"

    choices = (
        ("", _("Any")),
        (OPEN, _("With actions to do")),
        (OVERDUE, _("With overdue actions")),
        (DONE, _("Every action done")),
        (NONE, _("Without actions")),
    )


class RegisterFilterForm(forms.Form):
    """The register's filters. Values in the address are slugs and dates, never ids."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words of the title, text or rationale."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.order_by("kind", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All bodies"),
        widget=PlainSelect,
    )
    since = forms.DateField(label=_("Decided from"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Decided until"), required=False, widget=DateInput())
    actions = forms.ChoiceField(
        label=_("Follow-up"), choices=ActionStatusFilter.choices, required=False, widget=PlainSelect
    )
    scope = forms.ChoiceField(
        label=_("Visible to"),
        choices=(("", _("Any")), (Scope.PUBLIC, _("public")), ("members", _("members only"))),
        required=False,
        widget=PlainSelect,
    )

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not access.sees_member_content:
            # Everything they see is public.
            del self.fields["scope"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("This date is before the first one: swap them."))
        return data
