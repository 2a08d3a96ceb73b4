"""For each weak criterion of an assessment: practice sheets of the knowledge base that
may help, and companies strong on it that agreed to share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cordee.label.models import Answer, Assessment
from cordee.label.scoring import STRONG_LEVEL, is_weak
from cordee.network.access import Access

MAX_SHEETS = 3


@dataclass
class WeakCriterion:
    answer: Answer
    sheets: list[Any] = field(default_factory=list)
    companies: list[Any] = field(default_factory=list)


def _articles() -> Any:
    # The knowledge base is another app; the label works without it.
    try:
        from cordee.knowledge.models import Article
    except ImportError:
        return None
    return Article


def suggestions_for(
    assessment: Assessment, answers: list[Answer], access: Access
) -> list[WeakCriterion]:
    weak = [WeakCriterion(answer=a) for a in answers if is_weak(a.level)]
    if not weak:
        return weak
    strong = (
        Answer.objects.filter(
            assessment__campaign=assessment.campaign,
            assessment__shares_practices=True,
            level__gte=STRONG_LEVEL,
            criterion_id__in=[item.answer.criterion_id for item in weak],
        )
        .exclude(assessment__organisation=assessment.organisation)
        .select_related("assessment__organisation")
    )
    companies: dict[int, list[Any]] = {}
    for answer in strong:
        companies.setdefault(answer.criterion_id, []).append(answer.assessment.organisation)
    Article = _articles()
    for item in weak:
        item.companies = companies.get(item.answer.criterion_id, [])
        if Article is not None:
            item.sheets = _sheets(Article, item.answer, access)
    return weak


def _sheets(Article: Any, answer: Answer, access: Access) -> list[Any]:
    from django.db.models import Q

    words = [word for word in answer.criterion.title.split() if len(word) > 4][:4]
    match = Q()
    for word in words:
        match |= Q(title__icontains=word) | Q(summary__icontains=word)
    articles = Article.objects.visible_to(access).published()
    by_pillar = articles.filter(themes__slug=answer.criterion.pillar)
    found = list(by_pillar.filter(match).distinct()[:MAX_SHEETS]) if words else []
    if len(found) < MAX_SHEETS:
        found += list(
            by_pillar.exclude(pk__in=[a.pk for a in found]).distinct()[: MAX_SHEETS - len(found)]
        )
    return found
