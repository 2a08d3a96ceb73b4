"""The search form: the words, and filters by kind, theme, territory and date."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cordee.knowledge.models import ArticleKind, Theme
from cordee.knowledge.search_text import MAX_QUERY_CHARS
from cordee.network.models import Territory


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words to find"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    territory = forms.ChoiceField(label=_("Territory"), required=False)
    since = forms.DateField(
        label=_("Published from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Published until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("All"))]
        self.fields["kind"].choices = anything + list(ArticleKind.choices)
        self.fields["theme"].choices = anything + [
            (theme.slug, theme.name) for theme in Theme.objects.all()
        ]
        self.fields["territory"].choices = anything + list(
            Territory.objects.order_by("path").values_list("slug", "name")
        )

    def clean_q(self) -> str:
        # A pasted page is cut, not refused: search for its beginning.
        return str(self.cleaned_data.get("q") or "")[:MAX_QUERY_CHARS].strip()
