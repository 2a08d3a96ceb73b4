from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cordee.notifications.kinds import Frequency, Kind
from cordee.notifications.models import validate_site_path


class PreferencesForm(forms.Form):
    """One group of radio buttons (a fieldset) per kind of notification."""

    def __init__(self, *args: Any, kinds: list[Kind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.key] = forms.ChoiceField(
                label=str(kind.label),
                help_text=str(kind.description),
                choices=Frequency.choices,
                widget=forms.RadioSelect,
            )


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    url = forms.CharField(
        label=_("Link (optional)"),
        required=False,
        max_length=500,
        validators=[validate_site_path],
        help_text=_("An address inside the platform, starting with “/”, e.g. /people/."),
    )
