"""Running a consultation: drafting and opening it, moving its phases, merging and
sorting contributions, preparing the vote, writing the synthesis."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cordee.consultations.forms import (
    ConsultationForm,
    MergeForm,
    PhaseForm,
    StatusForm,
    SynthesisForm,
    VoteForm,
)
from cordee.consultations.models import Action, ContributionStatus, Phase
from cordee.consultations.services import (
    consultation_move,
    consultation_open,
    consultation_save,
    consultation_vote_prepare,
    contribution_set_status,
    contributions_merge,
    synthesis_save,
)
from cordee.consultations.views import get_consultation, get_contribution, person
from cordee.core.permissions import staff_required
from cordee.knowledge.markdown import render_markdown
from cordee.network.access import get_access

OVERVIEW_PER_PAGE = 50


@staff_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None, access=get_access(request))
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consultation_save(
                consultation=form.save(commit=False), by=person(request), request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft saved. Check it, then open it to contributions."))
            return redirect(consultation)
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "consultation": None},
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    consultation = get_consultation(request, public_id, manage=True)
    if consultation.phase == Phase.CLOSED:
        messages.error(request, _("This consultation is closed: it can no longer change."))
        return redirect(consultation)
    form = ConsultationForm(request.POST or None, instance=consultation, access=get_access(request))
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consultation_save(
                consultation=form.save(commit=False), by=person(request), request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Consultation saved."))
            return redirect(consultation)
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "consultation": consultation},
        status=400 if form.errors else 200,
    )


@staff_required
@require_POST
def consultation_publish(request: HttpRequest, public_id: UUID) -> HttpResponse:
    consultation = get_consultation(request, public_id, manage=True)
    try:
        consultation_open(consultation=consultation, by=person(request), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consultation is open: its members were told."))
    return redirect(consultation)


@staff_required
@require_POST
def phase(request: HttpRequest, public_id: UUID) -> HttpResponse:
    consultation = get_consultation(request, public_id, manage=True)
    form = PhaseForm(request.POST, consultation=consultation)
    if not form.is_valid():
        messages.error(request, _("Choose a later phase to move the consultation to."))
        return redirect(consultation)
    try:
        consultation = consultation_move(
            consultation=consultation,
            to=Phase(form.cleaned_data["phase"]),
            by=person(request),
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The consultation is now in its %(phase)s phase; its participants were told.")
            % {"phase": consultation.get_phase_display()},
        )
    return redirect(consultation)


@staff_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The staff's page: phase, retained contributions, the vote, the synthesis."""
    consultation = get_consultation(request, public_id, manage=True)
    vote_form = VoteForm(request.POST or None)
    if request.method == "POST" and vote_form.is_valid():
        try:
            consultation_vote_prepare(
                consultation=consultation,
                closes_at=vote_form.cleaned_data["closes_at"],
                method=vote_form.cleaned_data["method"],
                electorate=vote_form.cleaned_data["electorate"],
                by=person(request),
                request=request,
            )
        except ValidationError as error:
            vote_form.add_error(None, error)
        else:
            messages.success(request, _("The vote is open over the retained contributions."))
            return redirect(consultation)
    retained = list(
        consultation.contributions.filter(status=ContributionStatus.RETAINED).order_by("title")
    )
    # Every contribution, the most supported first, to retain or set aside from one page.
    overview = Paginator(
        consultation.contributions.exclude(status=ContributionStatus.MERGED)
        .select_related("author")
        .annotate(support_total=Count("supports"))
        .order_by("-support_total", "-created_at", "-pk"),
        OVERVIEW_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/manage.html",
        {
            "consultation": consultation,
            "overview": overview,
            "page": overview,
            "statuses": StatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
            "allows_merge": consultation.allows(Action.MERGE),
            "phase_form": PhaseForm(consultation=consultation),
            "vote_form": vote_form,
            "retained": retained,
            "synthesis_form": SynthesisForm(initial={"synthesis": consultation.synthesis}),
        },
        status=400 if vote_form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def synthesis(request: HttpRequest, public_id: UUID) -> HttpResponse:
    consultation = get_consultation(request, public_id, manage=True)
    form = SynthesisForm(request.POST or None, initial={"synthesis": consultation.synthesis})
    preview = ""
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["synthesis"]
        if "preview" in request.POST:
            preview = render_markdown(text)
        else:
            publish = "publish" in request.POST
            try:
                synthesis_save(
                    consultation=consultation,
                    text=text,
                    publish=publish,
                    by=person(request),
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The synthesis is published.") if publish else _("Synthesis saved."),
                )
                return redirect(consultation)
    return render(
        request,
        "consultations/synthesis.html",
        {"consultation": consultation, "form": form, "preview": preview},
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, public_id: UUID, contribution_id: UUID) -> HttpResponse:
    consultation = get_consultation(request, public_id, manage=True)
    contribution = get_contribution(consultation, contribution_id)
    form = MergeForm(request.POST or None, contribution=contribution)
    if request.method == "POST" and form.is_valid():
        try:
            contributions_merge(
                target=contribution,
                merged=list(form.cleaned_data["merged"]),
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                by=person(request),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contributions merged; their supports are counted here."))
            return redirect(contribution)
    return render(
        request,
        "consultations/merge.html",
        {"consultation": consultation, "contribution": contribution, "form": form},
        status=400 if form.errors else 200,
    )


@staff_required
@require_POST
def sort(request: HttpRequest, public_id: UUID, contribution_id: UUID) -> HttpResponse:
    consultation = get_consultation(request, public_id, manage=True)
    contribution = get_contribution(consultation, contribution_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose retained, set aside or proposed."))
        return redirect(contribution)
    try:
        contribution_set_status(
            contribution=contribution,
            status=form.cleaned_data["status"],
            by=person(request),
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(title)s” is now: %(status)s.")
            % {"title": contribution.title, "status": contribution.get_status_display()},
        )
    back = request.POST.get("next", "")
    if back.startswith(consultation.get_absolute_url()) and "//" not in back:
        return redirect(back)
    return redirect(contribution)
