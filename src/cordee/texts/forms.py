"""Forms of the co-written texts: starting a text, amending and commenting a paragraph,
answering an amendment, comparing versions, putting the final version to a vote."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cordee.accounts.models import User
from cordee.governance.models import Body
from cordee.knowledge.extract import ExtractionError, extract_document
from cordee.network.access import Access
from cordee.network.forms import PlainSelect, TerritoryChoiceField
from cordee.network.models import Territory, WorkingGroup
from cordee.network.scopes import Scope
from cordee.texts.models import AmendmentKind, TextKind
from cordee.voting.forms import DateTimeInput
from cordee.voting.models import Vote

MAX_UPLOAD = 10 * 1024 * 1024
UPLOAD_TYPES = ".md, .markdown, .txt, .docx, .odt"


def people_by_email(value: str) -> list[User]:
    """The accounts of the e-mail addresses in ``value`` (one per line, or commas);
    ``ValidationError`` naming the addresses no account has."""
    emails = [
        line.strip().lower() for line in value.replace(",", "\n").splitlines() if line.strip()
    ]
    found = {
        user.email.lower(): user
        for user in User.objects.filter(email__in=emails, is_active=True, erased_at__isnull=True)
    }
    unknown = [email for email in emails if email not in found]
    if unknown:
        raise ValidationError(
            _("No account has these addresses: %(emails)s. Check them, or invite them first.")
            % {"emails": ", ".join(unknown)}
        )
    return list(found.values())


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class TextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=TextKind.choices)
    summary = forms.CharField(
        label=_("What it is for"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences for the members who will amend it."),
    )
    markdown = forms.CharField(
        label=_("The text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Paste it in Markdown: each paragraph, heading or list becomes a paragraph that "
            "members comment and amend. ## starts a heading."
        ),
    )
    document = forms.FileField(
        label=_("Or upload it"),
        required=False,
        help_text=_("A Markdown, plain text, DOCX or ODT file, 10 MB at most."),
    )
    scope = forms.ChoiceField(
        label=_("Who may read and amend it"),
        choices=Scope.choices,
        initial=Scope.NETWORK,
        widget=forms.RadioSelect,
        help_text=_(
            "Members of the scope comment and amend; a public text is read by everyone. A "
            "private text is a draft only its authors see."
        ),
    )
    scope_territory = TerritoryChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.all(),
        required=False,
        empty_label=_("Choose a territory"),
        widget=PlainSelect,
        help_text=_("When it is for one territory."),
    )
    scope_group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        empty_label=_("Choose a working group"),
        help_text=_("When it is for one working group."),
    )
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.all(),
        required=False,
        empty_label=_("None"),
        help_text=_("The body it is written for: its chair and secretary answer amendments too."),
    )
    coauthors = forms.CharField(
        label=_("Co-authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Their e-mail addresses, one per line: they answer amendments with you."),
    )

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        groups = WorkingGroup.objects.filter(pk__in=access.group_ids)
        if access.is_staff:
            groups = WorkingGroup.objects.filter(
                Q(pk__in=access.group_ids) | access.staff_territory_q("territory")
            )
        cast(forms.ModelChoiceField, self.fields["scope_group"]).queryset = groups
        self.extracted = ""

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if not upload:
            return upload
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("This file is over 10 MB: split it, or paste the text."))
        name = upload.name.lower()
        if not name.endswith((".md", ".markdown", ".txt", ".docx", ".odt")):
            raise ValidationError(
                _("Upload a Markdown, plain text, DOCX or ODT file (%(types)s).")
                % {"types": UPLOAD_TYPES}
            )
        try:
            self.extracted = extract_document(upload.name, upload.read()).body
        except ExtractionError as error:
            raise ValidationError(error.message) from None
        return upload

    def clean_coauthors(self) -> list[User]:
        return people_by_email(self.cleaned_data.get("coauthors", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope = data.get("scope")
        if scope == Scope.PUBLIC and not self.access.is_staff:
            self.add_error(
                "scope", _("Public texts speak for the network: only staff publish them.")
            )
        if scope == Scope.TERRITORY and not data.get("scope_territory"):
            self.add_error("scope_territory", _("Choose the territory whose members amend it."))
        if scope == Scope.GROUP and not data.get("scope_group"):
            self.add_error("scope_group", _("Choose the working group that amends it."))
        if not self.errors and not (data.get("markdown", "").strip() or self.extracted.strip()):
            self.add_error("markdown", _("Paste the text, or upload it as a file."))
        return data

    @property
    def text_markdown(self) -> str:
        return self.cleaned_data.get("markdown", "").strip() or self.extracted


class TextEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("What it is for"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.all(),
        required=False,
        empty_label=_("None"),
        help_text=_("Its chair and secretary answer amendments too."),
    )
    add_authors = forms.CharField(
        label=_("Add co-authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Their e-mail addresses, one per line."),
    )
    remove_authors = PersonChoiceField(
        label=_("Remove these authors"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, authors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["remove_authors"]).queryset = authors

    def clean_add_authors(self) -> list[User]:
        return people_by_email(self.cleaned_data.get("add_authors", ""))


class AmendmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Your amendment"),
        choices=AmendmentKind.choices,
        initial=AmendmentKind.REPLACE,
        widget=forms.RadioSelect,
    )
    proposed = forms.CharField(
        label=_("Proposed text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "To replace: the paragraph as you want it. To insert: the new paragraph. Not "
            "needed to delete."
        ),
    )
    justification = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The authors answer on this: say what the change brings."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RebaseForm(forms.Form):
    proposed = forms.CharField(
        label=_("Proposed text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    justification = forms.CharField(
        label=_("Why"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your comment before sending it.")},
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to accept or reject the amendment.")},
    )
    answer = forms.CharField(
        label=_("Answer to its author"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write an answer: its author will read it.")},
    )


class CompareForm(forms.Form):
    older = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    newer = forms.TypedChoiceField(label=_("with version"), coerce=int)
    layout = forms.ChoiceField(
        label=_("Show"),
        choices=[("side", _("side by side")), ("inline", _("in one column"))],
        initial="side",
        widget=forms.RadioSelect,
        required=False,
    )
    unchanged = forms.BooleanField(label=_("Show the unchanged paragraphs too"), required=False)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(number, str(number)) for number in numbers]
        for name in ("older", "newer"):
            cast(forms.TypedChoiceField, self.fields[name]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("older") is not None and data.get("older") == data.get("newer"):
            self.add_error("newer", _("Choose two different versions."))
        return data


class TextVoteForm(forms.ModelForm):
    class Meta:
        model = Vote
        fields = [
            "description",
            "threshold",
            "count_abstentions",
            "secret",
            "opens_at",
            "closes_at",
            "electorate",
            "weighting",
            "quorum_percent",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "electorate": forms.RadioSelect,
            "weighting": forms.RadioSelect,
            "threshold": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            cast(forms.DateTimeField, self.fields[name]).input_formats = [
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The vote must close after it opens."))
        return data
