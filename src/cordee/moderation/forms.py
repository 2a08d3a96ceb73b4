from django import forms
from django.utils.translation import gettext_lazy as _


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        help_text=_(
            "Only the moderators read this. They may hide the content and tell its author why."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        help_text=_("Shown in place of the text and sent to its author."),
        max_length=500,
    )
