"""Forms of mutual aid: asking, filtering, answering, closing, sessions, availability."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cordee.accounts.models import User
from cordee.knowledge.attachments import accepted_list
from cordee.knowledge.forms import PlainSelectMultiple, network_people
from cordee.knowledge.models import Theme
from cordee.mutualaid.models import Audience, HelpRequestStatus, Urgency
from cordee.mutualaid.services import (
    HelpRequestData,
    audience_organisations,
    audience_territories,
)
from cordee.network.access import Access
from cordee.network.forms import PlainSelect, TerritoryChoiceField
from cordee.network.models import Organisation, Skill, Territory

MAX_FILES = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class OrganisationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class HelpRequestForm(forms.Form):
    title = forms.CharField(
        label=_("Your question, in one sentence"),
        max_length=200,
        help_text=_("E.g. Burrs on brass parts after bar turning: how do you remove them?"),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What happens, what you tried, what you need. Markdown: **bold**, lists."),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        required=False,
        empty_label=_("No theme"),
        widget=PlainSelect,
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Technical themes"),
        queryset=Skill.objects.all(),
        required=False,
        widget=PlainSelectMultiple(attrs={"size": 6}),
        help_text=_("Optional. They help find the people who know."),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    audience = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Audience.choices,
        initial=Audience.NETWORK,
        widget=forms.RadioSelect,
    )
    audience_territory = TerritoryChoiceField(
        label=_("Territory that may see it"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("Choose a territory"),
        widget=PlainSelect,
        help_text=_("When it is for one territory: yours, or one above it."),
    )
    audience_organisations = OrganisationChoiceField(
        label=_("Organisations that may see it"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=PlainSelectMultiple(attrs={"size": 8}),
        help_text=_("When it is for named organisations only: members of the network."),
        error_messages={
            "invalid_choice": _(
                "This organisation is not a member of the network in good standing: choose "
                "among the list."
            ),
            "invalid_pk_value": _("Choose organisations of the list."),
        },
    )
    is_discreet = forms.BooleanField(
        label=_("Ask discreetly"),
        required=False,
        help_text=_(
            "Other members see the question but never who asks nor your company. The staff "
            "of your territory know. Do not name your company in the text or the files."
        ),
    )
    attachments = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_("Optional, up to %(count)s files: %(types)s.")
        % {"count": MAX_FILES, "types": accepted_list()},
    )

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["audience_territory"]
        ).queryset = audience_territories(access).order_by("path")
        cast(
            forms.ModelChoiceField, self.fields["audience_organisations"]
        ).queryset = audience_organisations(access).order_by("legal_name")

    def clean_attachments(self) -> list[Any]:
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Attach %(count)s files at most.") % {"count": MAX_FILES})
        return files

    def to_data(self) -> HelpRequestData:
        data = self.cleaned_data
        return HelpRequestData(
            title=data["title"],
            description=data["description"],
            urgency=data["urgency"],
            audience=data["audience"],
            audience_territory=data.get("audience_territory"),
            audience_organisations=list(data.get("audience_organisations") or []),
            is_discreet=data["is_discreet"],
            theme=data.get("theme"),
            skills=list(data.get("skills") or []),
        )


STATUS_CHOICES = [("", _("All statuses")), *HelpRequestStatus.choices]


class HelpRequestFilterForm(forms.Form):
    """The list's filters; values in the address are slugs, never ids."""

    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        widget=PlainSelect,
    )
    territory = TerritoryChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.order_by("path"),
        to_field_name="slug",
        required=False,
        empty_label=_("All territories"),
        widget=PlainSelect,
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    waiting = forms.BooleanField(
        label=_("Unanswered for 48 hours"),
        required=False,
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, lists, links."),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OfferForm(forms.Form):
    message = forms.CharField(
        label=_("A word for the person who asked (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    solved = forms.TypedChoiceField(
        label=_("Is the problem solved?"),
        choices=[("yes", _("Yes, it is solved")), ("no", _("No, I close it without a solution"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label=_("How did it end?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences for the next person with the same problem."),
    )


class ChooseHelpersForm(forms.Form):
    people = forms.TypedMultipleChoiceField(
        label=_("People to ask"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["people"]).choices = choices


class AskPersonForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person to ask"),
        help_text=_("Someone of the network who may know."),
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        person = network_people().filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(
                _("Nobody of the network has this address: check it, or ask them to join.")
            )
        return person


class PeerSessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    place = forms.CharField(
        label=_("Place"), max_length=300, help_text=_("The plant's address, and where to meet.")
    )
    invited = PersonChoiceField(
        label=_("People to invite"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["invited"]).queryset = people


class SessionNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes afterwards"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was seen, what was decided, who does what."),
    )


class AvailabilityForm(forms.Form):
    accepts_requests = forms.BooleanField(
        label=_("I accept to be proposed for help requests"), required=False
    )
    away_until = forms.DateField(
        label=_("Away until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Nobody is proposed to you before this date. Leave empty if you are here."),
    )
