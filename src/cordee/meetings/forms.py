"""Forms of the meetings: a body's rules, a meeting, its agenda, proxies, votes, minutes."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cordee.accounts.models import User
from cordee.knowledge.attachments import accepted_list, check_upload
from cordee.meetings.models import AgendaItem, BodyRules, Meeting, Presence, QuorumKind
from cordee.meetings.services import ROOM_METHODS
from cordee.voting.forms import DateTimeInput
from cordee.voting.models import Method, Vote


class BodyRulesForm(forms.ModelForm):
    class Meta:
        model = BodyRules
        fields = [
            "quorum_kind",
            "quorum_numerator",
            "quorum_denominator",
            "quorum_count",
            "proxy_cap",
            "convocation_days",
            "review_days",
        ]
        widgets = {"quorum_kind": forms.RadioSelect}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        numerator, denominator = data.get("quorum_numerator"), data.get("quorum_denominator")
        if (
            data.get("quorum_kind") == QuorumKind.SHARE
            and numerator
            and denominator
            and numerator > denominator
        ):
            self.add_error(
                "quorum_numerator",
                _("A share is at most the whole: the numerator cannot exceed the denominator."),
            )
        return data


class MeetingForm(forms.ModelForm):
    video_url = forms.URLField(
        label=_("video link"),
        required=False,
        assume_scheme="https",
        help_text=_("For those who join remotely; shown to participants only."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "place",
            "video_url",
            "convocation_days",
            "proxy_cap",
        ]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            cast(forms.DateTimeField, self.fields[name]).input_formats = [
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if not data.get("place") and not data.get("video_url") and not self.errors:
            self.add_error("place", _("Give a place, a video link, or both."))
        return data


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 6})}


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Accepted: %(types)s.") % {"types": accepted_list()}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class ProxyForm(forms.Form):
    """A member gives their own proxy; an organiser records anyone's."""

    def __init__(
        self, *args: Any, members: QuerySet[User], giver: User | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        ordered = members.order_by("last_name", "first_name")
        if giver is None:
            self.fields["giver"] = MemberChoiceField(
                label=_("Given by"), queryset=ordered, to_field_name="public_id"
            )
        self.fields["holder"] = MemberChoiceField(
            label=_("Held by"),
            queryset=ordered.exclude(pk=giver.pk) if giver else ordered,
            to_field_name="public_id",
            help_text=_("A member of the body who will be there and vote for the giver."),
        )
        self.giver = giver

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.giver is not None:
            data["giver"] = self.giver
        return data


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=[(key, label) for key, label in Presence.choices if key != Presence.UNKNOWN],
    )


class ItemVoteForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=200)
    method = forms.ChoiceField(
        label=_("Voting method"),
        choices=[(key, label) for key, label in Method.choices if key in ROOM_METHODS],
        initial=Method.YES_NO,
        widget=forms.RadioSelect,
    )
    options_text = forms.CharField(
        label=_("Options or candidates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line. Not needed for a yes / no vote."),
    )
    secret = forms.BooleanField(
        label=_("Secret ballot"),
        required=False,
        help_text=_("Untick for a public vote, where who voted what is on record."),
    )
    minutes = forms.IntegerField(
        label=_("Open for (minutes)"),
        min_value=1,
        max_value=240,
        initial=15,
        help_text=_("The chair may close it earlier once everyone voted."),
    )

    def option_labels(self) -> list[str]:
        text = self.cleaned_data.get("options_text", "")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") not in (Method.YES_NO, None) and len(self.option_labels()) < 2:
            self.add_error("options_text", _("Write at least two options, one per line."))
        return data


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("In Markdown. Say, item by item, what was said and decided."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=_("What the correction is about"),
        max_length=300,
        help_text=_("Noted on the record next to the corrected minutes."),
    )


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Decision"), max_length=200)
    text = forms.CharField(label=_("What was decided"), widget=forms.Textarea(attrs={"rows": 5}))
    rationale = forms.CharField(
        label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    vote = forms.ModelChoiceField(
        label=_("Decided by the vote"),
        queryset=Vote.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("(no vote: decided by consensus)"),
    )
    public = forms.BooleanField(
        label=_("Public decision"),
        required=False,
        help_text=_("Shown to everyone in the register of decisions; else to members only."),
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["vote"]).queryset = Vote.objects.filter(
            meeting_item__item=item
        )


def first_error(error: ValidationError) -> str:
    return " ".join(error.messages)
