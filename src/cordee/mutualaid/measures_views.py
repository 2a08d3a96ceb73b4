"""The measures of mutual aid: for the staff, over their territories; for funders,
aggregated, without any group small enough to point at someone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cordee.core.permissions import staff_required
from cordee.mutualaid.measures import (
    MIN_GROUP,
    Figures,
    Measures,
    Period,
    funded_requests,
    measure,
    suppress_small_groups,
)
from cordee.mutualaid.models import HelpRequest
from cordee.network.access import get_access

# A longer period reads years of requests for no useful figure.
LONGEST_PERIOD = timedelta(days=10 * 366)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("From"), widget=DateInput())
    until = forms.DateField(label=_("Until"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until:
            if until < since:
                self.add_error(
                    "until",
                    _("The period ends before it starts: choose an end date after %(since)s.")
                    % {"since": since.strftime("%d/%m/%Y")},
                )
            elif until - since > LONGEST_PERIOD:
                self.add_error("since", _("Choose a period of ten years at most."))
        return data


def _period(request: HttpRequest) -> tuple[PeriodForm, Period]:
    """The period asked for, or the last twelve months (also when the dates are wrong:
    the form then says what to fix)."""
    default = Period.last_year(timezone.localdate())
    if "since" not in request.GET and "until" not in request.GET:
        return PeriodForm(initial={"since": default.since, "until": default.until}), default
    form = PeriodForm(request.GET)
    if form.is_valid():
        return form, Period(form.cleaned_data["since"], form.cleaned_data["until"])
    return form, default


@dataclass(frozen=True)
class Row:
    """One line of a table of measures, as read on the page."""

    label: str
    requests: int
    median_delay: str
    within_48h: str
    solved: str
    capitalised: str
    pooled: bool = False


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)} %"


def _delay(hours: float | None) -> str:
    if hours is None:
        return "—"
    if hours < 48:
        count = max(1, round(hours))
        return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}
    count = round(hours / 24)
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _row(figures: Figures, *, pooled: bool = False) -> Row:
    return Row(
        label=figures.label,
        requests=figures.requests,
        median_delay=_delay(figures.median_hours_to_first_answer),
        within_48h=_percent(figures.share_answered_within_48h),
        solved=_percent(figures.share_solved),
        capitalised=_percent(figures.share_capitalised),
        pooled=pooled,
    )


@staff_required
def measures(request: HttpRequest) -> HttpResponse:
    """The measures of the requests of the staff's territories."""
    form, period = _period(request)
    found = measure(HelpRequest.objects.managed_by(get_access(request)), period)
    return render(
        request,
        "mutualaid/measures.html",
        {
            "form": form,
            "measures": found,
            "overall": _row(found.overall),
            "tables": [
                (
                    gettext("By territory"),
                    gettext("Territory"),
                    [_row(row) for row in found.by_territory],
                ),
                (gettext("By theme"), gettext("Theme"), [_row(row) for row in found.by_theme]),
            ],
        },
    )


@login_required
def measures_for_funders(request: HttpRequest) -> HttpResponse:
    """The same measures for funders: aggregates of the territories they fund, no group
    under MIN_GROUP requests. The staff see it too, to know what funders see."""
    access = get_access(request)
    if not (access.is_funder or access.is_staff):
        raise PermissionDenied
    form, period = _period(request)
    found = measure(funded_requests(access), period)
    tables = [
        _suppressed(found, gettext("By territory"), gettext("Territory"), territory=True),
        _suppressed(found, gettext("By theme"), gettext("Theme"), territory=False),
    ]
    # The whole is shown only when no small group was left out: whole minus the
    # groups shown would otherwise give the small group's figures.
    complete = all(left_out == 0 for *_rest, left_out in tables)
    overall = _row(found.overall) if complete and found.overall.requests >= MIN_GROUP else None
    return render(
        request,
        "mutualaid/measures_funders.html",
        {
            "form": form,
            "measures": found,
            "overall": overall,
            "tables": tables,
            "minimum": MIN_GROUP,
        },
    )


def _suppressed(
    found: Measures, title: str, heading: str, *, territory: bool
) -> tuple[str, str, list[Row], int]:
    rows = found.by_territory if territory else found.by_theme
    cells_of = found.cells_of_territory if territory else found.cells_of_theme
    kept = suppress_small_groups(
        rows,
        cells_of,
        pooled_label=gettext("Other territories") if territory else gettext("Other themes"),
    )
    shown = [_row(row) for row in kept.shown]
    if kept.pooled is not None:
        shown.append(_row(kept.pooled, pooled=True))
    return title, heading, shown, kept.left_out
