"""The companies' and reviewers' pages, and the public register."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cordee.label import services
from cordee.label.forms import AnswerForm, ConsentForm, ProfileForm, ScoreForm
from cordee.label.models import (
    Assessment,
    Attachment,
    Campaign,
    Decision,
    LabelProfile,
    Pillar,
    Review,
)
from cordee.label.selectors import (
    answers_of,
    get_assessment,
    get_review,
    progress_by_pillar,
    public_register,
    user_of,
)
from cordee.network.access import get_access
from cordee.network.models import Organisation


@login_required
def home(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    assessments = Assessment.objects.filter(
        organisation_id__in=access.organisation_ids
    ).select_related("campaign", "organisation", "decision")
    applied = {(a.campaign_id, a.organisation_id) for a in assessments}
    # Only the head of a member company applies for it.
    heads = list(
        Organisation.objects.filter(pk__in=access.head_of_ids & access.member_organisation_ids)
    )
    open_campaigns = [
        (campaign, [org for org in heads if (campaign.pk, org.pk) not in applied])
        for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN)
    ]
    reviews = Review.objects.filter(reviewer_id=access.user_id).select_related(
        "assessment__organisation", "assessment__campaign"
    )
    return render(
        request,
        "label/home.html",
        {"assessments": assessments, "open_campaigns": open_campaigns, "reviews": reviews},
    )


@require_POST
@login_required
def apply(request: HttpRequest, public_id: UUID) -> HttpResponse:
    campaign = get_object_or_404(Campaign, public_id=public_id)
    access = get_access(request)
    organisation = get_object_or_404(
        Organisation.objects.filter(pk__in=access.head_of_ids), slug=request.POST.get("company")
    )
    if organisation.pk not in access.member_organisation_ids:
        raise PermissionDenied
    try:
        assessment = services.assessment_apply(
            campaign=campaign, organisation=organisation, by=user_of(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("label:home")
    return redirect(assessment)


@login_required
def assessment(request: HttpRequest, public_id: UUID) -> HttpResponse:
    access = get_access(request)
    item = get_assessment(access, public_id)
    answers = answers_of(item)
    decision = Decision.objects.filter(assessment=item).first()
    return render(
        request,
        "label/assessment.html",
        {
            "assessment": item,
            "progress": progress_by_pillar(answers),
            "can_edit": item.organisation_id in access.head_of_ids,
            "decision": decision,
            "consent_form": ConsentForm(
                initial={
                    "in_public_register": item.in_public_register,
                    "shares_practices": item.shares_practices,
                }
            ),
        },
    )


def _pillar_or_404(slug: str) -> Pillar:
    try:
        return Pillar(slug)
    except ValueError:
        raise Http404 from None


@login_required
def assessment_pillar(request: HttpRequest, public_id: UUID, pillar: str) -> HttpResponse:
    item = get_assessment(get_access(request), public_id, edit=True)
    current = _pillar_or_404(pillar)
    answers = answers_of(item)
    forms = [
        AnswerForm(instance=answer, prefix=answer.criterion.code)
        for answer in answers
        if answer.criterion.pillar == current.value
    ]
    if not forms:
        raise Http404
    return render(
        request,
        "label/assessment_pillar.html",
        {
            "assessment": item,
            "pillar": current,
            "forms": forms,
            "progress": progress_by_pillar(answers),
        },
    )


@require_POST
@login_required
def answer_save(request: HttpRequest, public_id: UUID, code: str) -> HttpResponse:
    item = get_assessment(get_access(request), public_id, edit=True)
    answer = get_object_or_404(item.answers.select_related("criterion"), criterion__code=code)
    form = AnswerForm(request.POST, request.FILES, instance=answer, prefix=code)
    saved = False
    try:
        services.answer_save(
            answer=answer,
            level=request.POST.get(f"{code}-level"),
            evidence=request.POST.get(f"{code}-evidence", ""),
            upload=request.FILES.get(f"{code}-attachment"),
            by=user_of(request),
        )
        saved = True
    except ValidationError as error:
        form.is_valid()
        form.add_error(None, error)
    if request.htmx:  # type: ignore[attr-defined]
        answer.refresh_from_db()
        if saved:
            form = AnswerForm(instance=answer, prefix=code)
        return render(
            request,
            "label/_answer_form.html",
            {"assessment": item, "form": form, "saved": saved},
        )
    if saved:
        messages.success(request, _("%(code)s saved.") % {"code": code})
    else:
        for message in form.non_field_errors():
            messages.error(request, f"{code}: {message}")
    url = reverse("label:assessment_pillar", args=[item.public_id, answer.criterion.pillar])
    return redirect(f"{url}#criterion-{code}")


@require_POST
@login_required
def assessment_submit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = get_assessment(get_access(request), public_id, edit=True)
    try:
        services.assessment_submit(assessment=item, by=user_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Self-assessment submitted: the staff will assign reviewers."))
    return redirect(item)


@require_POST
@login_required
def assessment_consent(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = get_assessment(get_access(request), public_id, edit=True)
    form = ConsentForm(request.POST)
    form.is_valid()
    item.in_public_register = form.cleaned_data.get("in_public_register", False)
    item.shares_practices = form.cleaned_data.get("shares_practices", False)
    item.save(update_fields=["in_public_register", "shares_practices"])
    messages.success(request, _("Your choices are saved."))
    return redirect(item)


@login_required
def attachment(request: HttpRequest, public_id: UUID) -> FileResponse:
    item = get_object_or_404(
        Attachment.objects.select_related("answer__assessment"), public_id=public_id
    )
    # Through the assessment's visibility: another company's evidence is a 404.
    get_assessment(get_access(request), item.answer.assessment.public_id)
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, filename=item.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def review(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = get_review(get_access(request), public_id)
    scores = list(item.scores.select_related("criterion").order_by("criterion__position"))
    answers = {a.criterion_id: a for a in answers_of(item.assessment)}
    forms = [ScoreForm(request.POST or None, instance=s, prefix=s.criterion.code) for s in scores]
    if request.method == "POST":
        try:
            for form in forms:
                code = form.prefix
                services.review_score_save(
                    score=form.instance,
                    level=request.POST.get(f"{code}-level"),
                    comment=request.POST.get(f"{code}-comment", ""),
                )
            if "submit" in request.POST:
                services.review_submit(
                    review=item, summary=request.POST.get("summary", ""), by=user_of(request)
                )
                messages.success(request, _("Review submitted to the committee."))
                return redirect("label:home")
            messages.success(request, _("Review saved as a draft."))
            return redirect(item)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    rows = [(form, answers.get(form.instance.criterion_id)) for form in forms]
    return render(request, "label/review.html", {"review": item, "rows": rows})


def register(request: HttpRequest) -> HttpResponse:
    return render(request, "label/register.html", {"decisions": public_register()})


def verify(request: HttpRequest, public_id: UUID) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("assessment__organisation", "assessment__campaign"),
        public_id=public_id,
        outcome__in=Decision.GRANTED,
    )
    valid = decision.is_valid_on(timezone.localdate())
    return render(request, "label/verify.html", {"decision": decision, "valid": valid})


@login_required
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    """The company's group and declared competitors, for the conflicts of interest."""
    access = get_access(request)
    organisation = get_object_or_404(Organisation.objects.visible_to(access), slug=slug)
    if not access.can_manage_organisation(organisation):
        raise PermissionDenied
    instance = LabelProfile.objects.filter(organisation=organisation).first() or LabelProfile(
        organisation=organisation
    )
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved: reviewers are chosen with this in mind."))
        return redirect("label:profile", slug=organisation.slug)
    return render(request, "label/profile.html", {"organisation": organisation, "form": form})
