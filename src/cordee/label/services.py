"""The label's workflows: each one checks what it may do, in one transaction, and
refuses with a message saying what to do next."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cordee.audit.services import audit_record
from cordee.label import notices
from cordee.label.files import checked_upload
from cordee.label.models import (
    Answer,
    Assessment,
    Attachment,
    Campaign,
    Criterion,
    Decision,
    Framework,
    ImprovementAction,
    LabelProfile,
    Review,
    ReviewScore,
)
from cordee.label.scoring import Company, Conflict, conflict_of_interest, missing
from cordee.network.models import Affiliation, Organisation

if TYPE_CHECKING:
    from cordee.accounts.models import User

LABEL_YEARS = 3
CRITERION_FIELDS = (
    "pillar",
    "code",
    "title",
    "guidance",
    "evidence",
    "weight",
    "level_1",
    "level_2",
    "level_3",
    "level_4",
    "level_5",
    "position",
)


def framework_check_editable(framework: Framework) -> None:
    if framework.is_frozen:
        raise ValidationError(
            _(
                "A campaign uses this framework: it can no longer change, so that the answers "
                "already given keep their meaning. Make a new version and edit that one."
            )
        )


@transaction.atomic
def framework_new_version(*, framework: Framework, by: User) -> Framework:
    """A copy of ``framework`` and its criteria, one version higher, that staff may edit."""
    latest = Framework.objects.filter(name=framework.name).aggregate(Max("version"))
    copy = Framework.objects.create(
        name=framework.name,
        version=(latest["version__max"] or framework.version) + 1,
        description=framework.description,
        previous=framework,
    )
    Criterion.objects.bulk_create(
        Criterion(framework=copy, **{field: getattr(c, field) for field in CRITERION_FIELDS})
        for c in framework.criteria.all()
    )
    audit_record(action="label.framework_versioned", actor=by, target=copy)
    return copy


@transaction.atomic
def framework_replace_criteria(
    *, framework: Framework, criteria: list[dict[str, Any]], by: User
) -> Framework:
    """Replace the criteria of an editable framework (an import)."""
    framework_check_editable(framework)
    framework.criteria.all().delete()
    Criterion.objects.bulk_create(Criterion(framework=framework, **row) for row in criteria)
    audit_record(
        action="label.framework_imported",
        actor=by,
        target=framework,
        details={"criteria": len(criteria)},
    )
    return framework


@transaction.atomic
def campaign_open(
    *, framework: Framework, name: str, year: int, closes_on: date, by: User
) -> Campaign:
    """Open a campaign; its framework is frozen from now on."""
    if not framework.criteria.exists():
        raise ValidationError(_("This framework has no criterion yet: add some, or import them."))
    campaign = Campaign.objects.create(
        framework=framework, name=name, year=year, closes_on=closes_on
    )
    audit_record(action="label.campaign_opened", actor=by, target=campaign)
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign, by: User) -> Campaign:
    """Close applications; the assessments already open go on to review and decision."""
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    audit_record(action="label.campaign_closed", actor=by, target=campaign)
    return campaign


@transaction.atomic
def assessment_apply(*, campaign: Campaign, organisation: Organisation, by: User) -> Assessment:
    """The company applies to ``campaign``: an empty self-assessment, ready to fill."""
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError(_("This campaign is closed: apply to the next one."))
    existing = Assessment.objects.filter(campaign=campaign, organisation=organisation).first()
    if existing is not None:
        return existing
    assessment = Assessment.objects.create(campaign=campaign, organisation=organisation)
    Answer.objects.bulk_create(
        Answer(assessment=assessment, criterion=criterion)
        for criterion in campaign.framework.criteria.all()
    )
    audit_record(action="label.applied", actor=by, target=assessment)
    return assessment


def _check_draft(assessment: Assessment) -> None:
    if not assessment.is_draft:
        raise ValidationError(
            _(
                "This self-assessment was submitted on %(date)s and can no longer change. "
                "Ask the network's staff if something must be corrected."
            )
            % {"date": date_format(assessment.submitted_at)}
        )


def date_format(value: Any) -> str:
    from django.utils.formats import date_format as django_date_format

    if value is None:
        return "—"
    return django_date_format(timezone.localtime(value) if hasattr(value, "hour") else value)


def check_level(level: Any) -> int | None:
    if level in (None, ""):
        return None
    try:
        number = int(level)
    except (TypeError, ValueError):
        number = 0
    if number not in (1, 2, 3, 4, 5):
        raise ValidationError(_("Choose a level from 1 to 5."))
    return number


@transaction.atomic
def answer_save(
    *, answer: Answer, level: Any, evidence: str, by: User, upload: UploadedFile | None = None
) -> Answer:
    """Save one criterion of a draft self-assessment (and attach a file, if given)."""
    assessment = Assessment.objects.select_for_update().get(pk=answer.assessment_id)
    _check_draft(assessment)
    answer.level = check_level(level)
    answer.evidence = evidence.strip()
    answer.save(update_fields=["level", "evidence", "updated_at"])
    if upload is not None:
        content_type = checked_upload(upload)
        Attachment.objects.create(
            answer=answer,
            file=upload,
            original_name=upload.name[:255] if upload.name else "document",
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=by,
        )
    return answer


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User) -> Assessment:
    """Submit a complete self-assessment; an incomplete one is refused with what is missing."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _check_draft(assessment)
    answers = list(assessment.answers.select_related("criterion").order_by("criterion__position"))
    required = [answer.criterion.code for answer in answers]
    answered = [answer.criterion.code for answer in answers if answer.level is not None]
    if gaps := missing(required, answered):
        raise ValidationError(
            _("Give a level to every criterion before submitting. Still missing: %(codes)s.")
            % {"codes": ", ".join(gaps)}
        )
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = by
    assessment.save(update_fields=["status", "submitted_at", "submitted_by"])
    audit_record(action="label.submitted", actor=by, target=assessment)
    return assessment


def _company(organisation: Organisation) -> Company:
    profile = LabelProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        return Company(id=organisation.pk)
    return Company(
        id=organisation.pk,
        group=profile.group_name,
        competitor_ids=frozenset(profile.competitors.values_list("pk", flat=True)),
    )


# Lazy: the module is imported once, the message is read in each request's language.
CONFLICT_MESSAGES = {
    Conflict.SAME_COMPANY: gettext_lazy(
        "%(person)s works for %(company)s, the company under review."
    ),
    Conflict.SAME_GROUP: gettext_lazy(
        "%(person)s works for a company of the same group as %(company)s."
    ),
    Conflict.COMPETITOR: gettext_lazy("%(person)s works for a declared competitor of %(company)s."),
    Conflict.RECIPROCAL: gettext_lazy(
        "%(person)s's company is reviewed by %(company)s in this campaign: "
        "reviews are never reciprocal."
    ),
}


@transaction.atomic
def review_assign(*, assessment: Assessment, reviewer: User, visit_on: date, by: User) -> Review:
    """Assign a peer reviewer from another member company, conflicts of interest checked."""
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError(
            _("Reviewers are assigned once the self-assessment is submitted, before the decision.")
        )
    affiliation = (
        Affiliation.objects.current()
        .filter(person=reviewer)
        .select_related("organisation")
        .order_by("-is_head", "pk")
        .first()
    )
    if affiliation is None:
        raise ValidationError(
            _("%(person)s works for no member company: choose a person of a member company.")
            % {"person": reviewer}
        )
    # Who reviews whom in this campaign, by company, for the reciprocity rule.
    reviewed_by: dict[int, set[int]] = {}
    for assessed_id, reviewer_org_id in Review.objects.filter(
        assessment__campaign=assessment.campaign
    ).values_list("assessment__organisation_id", "reviewer_organisation_id"):
        reviewed_by.setdefault(assessed_id, set()).add(reviewer_org_id)
    for organisation in (
        Affiliation.objects.current().filter(person=reviewer).values_list("organisation", flat=True)
    ):
        conflict = conflict_of_interest(
            reviewer=_company(Organisation.objects.get(pk=organisation)),
            assessed=_company(assessment.organisation),
            reviewed_by=reviewed_by,
        )
        if conflict is not None:
            raise ValidationError(
                CONFLICT_MESSAGES[conflict]
                % {"person": reviewer, "company": assessment.organisation}
            )
    if Review.objects.filter(assessment=assessment, reviewer=reviewer).exists():
        raise ValidationError(_("%(person)s already reviews this company.") % {"person": reviewer})
    review = Review.objects.create(
        assessment=assessment,
        reviewer=reviewer,
        reviewer_organisation=affiliation.organisation,
        visit_on=visit_on,
        assigned_by=by,
    )
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion_id=answer.criterion_id)
        for answer in assessment.answers.all()
    )
    audit_record(action="label.reviewer_assigned", actor=by, target=review)
    notices.notify_review_assigned(review)
    return review


def _check_review_open(review: Review) -> None:
    if review.submitted_at is not None:
        raise ValidationError(_("This review was submitted and can no longer change."))
    if review.assessment.status == Assessment.Status.DECIDED:
        raise ValidationError(_("The committee has decided: the review can no longer change."))


@transaction.atomic
def review_score_save(*, score: ReviewScore, level: Any, comment: str) -> ReviewScore:
    _check_review_open(score.review)
    score.level = check_level(level)
    score.comment = comment.strip()
    score.save(update_fields=["level", "comment"])
    return score


@transaction.atomic
def review_submit(*, review: Review, summary: str, by: User) -> Review:
    _check_review_open(review)
    scores = list(review.scores.select_related("criterion").order_by("criterion__position"))
    if gaps := missing(
        [score.criterion.code for score in scores],
        [score.criterion.code for score in scores if score.level is not None],
    ):
        raise ValidationError(
            _("Give a level to every criterion before submitting. Still missing: %(codes)s.")
            % {"codes": ", ".join(gaps)}
        )
    review.summary = summary.strip()
    review.submitted_at = timezone.now()
    review.save(update_fields=["summary", "submitted_at"])
    audit_record(action="label.review_submitted", actor=by, target=review)
    return review


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def decision_record(
    *,
    assessment: Assessment,
    outcome: str,
    rationale: str,
    conditions: str,
    decided_on: date,
    by: User,
) -> Decision:
    """The committee's decision; a granted label is valid three years, followed up half-way."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError(
            _("The committee decides on a submitted self-assessment, once and only once.")
        )
    if outcome not in Decision.Outcome.values:
        raise ValidationError(_("Choose one of the decisions offered."))
    if not rationale.strip():
        raise ValidationError(_("Write the rationale of the decision: the company will read it."))
    if outcome == Decision.Outcome.CONDITIONS and not conditions.strip():
        raise ValidationError(_("Write the conditions the company must meet."))
    if not assessment.reviews.filter(submitted_at__isnull=False).exists():
        raise ValidationError(
            _("No peer review is submitted yet: the committee decides after the peer review.")
        )
    granted = outcome in Decision.GRANTED
    valid_until = add_years(decided_on, LABEL_YEARS) - timedelta(days=1) if granted else None
    decision = Decision.objects.create(
        assessment=assessment,
        outcome=outcome,
        rationale=rationale.strip(),
        conditions=conditions.strip(),
        decided_on=decided_on,
        valid_until=valid_until,
        follow_up_on=decided_on + (valid_until - decided_on) / 2 if valid_until else None,
        decided_by=by,
    )
    assessment.status = Assessment.Status.DECIDED
    assessment.save(update_fields=["status"])
    audit_record(action="label.decided", actor=by, target=assessment, details={"outcome": outcome})
    notices.notify_decided(decision)
    return decision


@transaction.atomic
def action_add(
    *, assessment: Assessment, criterion: Criterion, title: str, owner: str, due_on: date, by: User
) -> ImprovementAction:
    if criterion.framework_id != assessment.campaign.framework_id:
        raise ValidationError(_("Choose a criterion of this campaign's framework."))
    return ImprovementAction.objects.create(
        assessment=assessment, criterion=criterion, title=title, owner=owner, due_on=due_on
    )
