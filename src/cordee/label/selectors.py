"""Reading the label for its pages: objects fetched through the reader's access, and
what the pages compute from them (progress, gaps, benchmark)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cordee.label.models import Answer, Assessment, Decision, Pillar, Review
from cordee.label.scoring import group_median, is_gap, pillar_scores
from cordee.network.access import Access

if TYPE_CHECKING:
    from cordee.accounts.models import User


def user_of(request: HttpRequest) -> User:
    """The logged-in person (the views that call it require a log-in)."""
    return cast("User", request.user)


def get_assessment(access: Access, public_id: UUID, *, edit: bool = False) -> Assessment:
    """An assessment the reader may see (404 otherwise); ``edit``: its company's head only
    (403 for others who see it)."""
    assessment = get_object_or_404(
        Assessment.objects.visible_to(access).select_related(
            "campaign__framework", "organisation__territory"
        ),
        public_id=public_id,
    )
    if edit and assessment.organisation_id not in access.head_of_ids:
        raise PermissionDenied
    return assessment


def get_staff_assessment(access: Access, public_id: UUID) -> Assessment:
    """An assessment for the staff over its company's territory."""
    assessment = get_assessment(access, public_id)
    if not access.is_staff_for(assessment.organisation.territory):
        raise PermissionDenied
    return assessment


def get_review(access: Access, public_id: UUID) -> Review:
    """The reviewer's own review; anyone else gets a 404."""
    review = (
        Review.objects.select_related("assessment__organisation", "assessment__campaign")
        .filter(public_id=public_id, reviewer_id=access.user_id)
        .first()
    )
    if review is None:
        raise Http404
    return review


@dataclass(frozen=True)
class PillarProgress:
    slug: str
    label: str
    answered: int
    total: int
    score: float | None

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def answers_of(assessment: Assessment) -> list[Answer]:
    return list(
        assessment.answers.select_related("criterion")
        .prefetch_related("attachments")
        .order_by("criterion__position", "criterion__code")
    )


def progress_by_pillar(answers: list[Answer]) -> list[PillarProgress]:
    scores = pillar_scores((a.criterion.pillar, a.level, a.criterion.weight) for a in answers)
    progress = []
    for pillar in Pillar:
        mine = [answer for answer in answers if answer.criterion.pillar == pillar.value]
        if mine:
            progress.append(
                PillarProgress(
                    slug=pillar.value,
                    label=str(pillar.label),
                    answered=sum(1 for answer in mine if answer.level is not None),
                    total=len(mine),
                    score=scores.get(pillar.value),
                )
            )
    return progress


@dataclass(frozen=True)
class Comparison:
    answer: Answer
    peer_levels: list[int]
    comments: list[str]

    @property
    def gap(self) -> bool:
        return any(is_gap(self.answer.level, level) for level in self.peer_levels)


def comparisons(assessment: Assessment) -> list[Comparison]:
    """Self and peer levels side by side, per criterion, for the committee."""
    scores: dict[int, list[Any]] = {}
    for review in assessment.reviews.filter(submitted_at__isnull=False).prefetch_related("scores"):
        for score in review.scores.all():
            scores.setdefault(score.criterion_id, []).append(score)
    return [
        Comparison(
            answer=answer,
            peer_levels=[s.level for s in scores.get(answer.criterion_id, []) if s.level],
            comments=[s.comment for s in scores.get(answer.criterion_id, []) if s.comment],
        )
        for answer in answers_of(assessment)
    ]


def public_register() -> QuerySet[Decision]:
    """Labels valid today, of companies that agreed to appear."""
    today = timezone.localdate()
    return (
        Decision.objects.filter(
            outcome__in=Decision.GRANTED,
            decided_on__lte=today,
            valid_until__gte=today,
            assessment__in_public_register=True,
        )
        .select_related("assessment__organisation__commune", "assessment__campaign")
        .order_by("assessment__organisation__legal_name")
    )


def labelled_organisation_ids(*, public: bool = False) -> QuerySet[Decision, Any]:
    """Ids of the organisations holding a valid label today (the directory's filter);
    ``public``: only those that agreed to appear in the public register."""
    today = timezone.localdate()
    decisions = Decision.objects.filter(
        outcome__in=Decision.GRANTED, decided_on__lte=today, valid_until__gte=today
    )
    if public:
        decisions = decisions.filter(assessment__in_public_register=True)
    return decisions.values("assessment__organisation_id")


@dataclass(frozen=True)
class PillarBenchmark:
    slug: str
    label: str
    mine: float | None
    peers: float | None


@dataclass(frozen=True)
class Benchmark:
    rows: list[PillarBenchmark]
    group_size: int
    group_label: str

    @property
    def enough(self) -> bool:
        return any(row.peers is not None for row in self.rows)


def benchmark(assessment: Assessment, *, group: str = "territory") -> Benchmark:
    """The company's score by pillar against the median of comparable companies that
    submitted in the same campaign (same territory, or same size band)."""
    organisation = assessment.organisation
    others = Assessment.objects.filter(campaign=assessment.campaign).exclude(
        status=Assessment.Status.DRAFT
    )
    if group == "size":
        others = others.filter(organisation__size_band=organisation.size_band)
        label = organisation.get_size_band_display()
    else:
        others = others.filter(organisation__territory=organisation.territory)
        label = organisation.territory.name
    by_company: dict[int, list[tuple[str, int | None, int]]] = {}
    for assessment_id, pillar, level, weight in Answer.objects.filter(
        assessment__in=others.exclude(pk=assessment.pk)
    ).values_list("assessment_id", "criterion__pillar", "level", "criterion__weight"):
        by_company.setdefault(assessment_id, []).append((pillar, level, weight))
    company_scores = [pillar_scores(rows) for rows in by_company.values()]
    mine = pillar_scores(
        assessment.answers.values_list("criterion__pillar", "level", "criterion__weight")
    )
    rows = []
    for pillar in Pillar:
        values = [scores[pillar.value] for scores in company_scores if pillar.value in scores]
        if pillar.value in mine or values:
            rows.append(
                PillarBenchmark(
                    slug=pillar.value,
                    label=str(pillar.label),
                    mine=mine.get(pillar.value),
                    peers=group_median(values),
                )
            )
    return Benchmark(rows=rows, group_size=len(company_scores), group_label=str(label))


def progression(assessment: Assessment) -> list[tuple[str, dict[str, float]]]:
    """The company's scores by pillar in each campaign it submitted to, oldest first."""
    past = (
        Assessment.objects.filter(organisation=assessment.organisation)
        .exclude(status=Assessment.Status.DRAFT)
        .select_related("campaign")
        .order_by("campaign__year")
    )
    return [
        (
            str(item.campaign),
            pillar_scores(
                item.answers.values_list("criterion__pillar", "level", "criterion__weight")
            ),
        )
        for item in past
    ]
