"""Staff's figures of the capacity exchange for their territories."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cordee.core.permissions import staff_required
from cordee.exchange.forms import DateInput
from cordee.exchange.selectors import activity_figures
from cordee.network.access import Access, get_access
from cordee.network.forms import PlainSelect, TerritoryChoiceField
from cordee.network.models import Territory


class ActivityForm(forms.Form):
    territory = TerritoryChoiceField(
        label=_("Territory"),
        widget=PlainSelect,
        queryset=Territory.objects.none(),
        to_field_name="slug",
        empty_label=None,
    )
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("Until"), widget=DateInput)

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.filter(
            pk__in=[t.pk for t in Territory.objects.all() if access.is_staff_for(t)]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end comes before the start: choose a later day."))
        return data


@staff_required
@require_GET
def activity(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    today = timezone.localdate()
    form = ActivityForm(request.GET or None, access=access)
    territories = form.fields["territory"].queryset
    # The widest territory the person is staff of, over the last twelve months.
    territory = min(territories, key=lambda t: t.depth, default=None)
    start, end = today - timedelta(days=365), today
    if form.is_bound and form.is_valid():
        territory = form.cleaned_data["territory"]
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif not form.is_bound:
        form = ActivityForm(
            initial={"territory": territory, "start": start, "end": end}, access=access
        )
    context = {
        "form": form,
        "territory": territory,
        "start": start,
        "end": end,
        "figures": activity_figures(territory, start, end)
        if territory is not None and not form.errors
        else None,
    }
    return render(request, "exchange/activity.html", context)
