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
    weak = [WeakCriterion(answer=a) for a in answers if is_weak(a.level, assessment.target_level)]
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
    sheets = _sheets_by_pillar(Article, {item.answer.criterion.pillar for item in weak}, access)
    for item in weak:
        item.companies = companies.get(item.answer.criterion_id, [])
        item.sheets = best_sheets(
            item.answer.criterion.title, sheets.get(item.answer.criterion.pillar, [])
        )
    return weak


# The sheets read per pillar: enough to choose from, few enough to read at once.
CANDIDATES = 60


def _sheets_by_pillar(Article: Any, pillars: set[str], access: Access) -> dict[str, list[Any]]:
    """Published sheets the reader may see, by pillar theme, in one query per page."""
    if Article is None:
        return {}
    found: dict[str, list[Any]] = {}
    articles = (
        Article.objects.visible_to(access)
        .published()
        .filter(themes__slug__in=pillars)
        .prefetch_related("themes")
        .distinct()
        .order_by("-published_at", "pk")[: CANDIDATES * len(pillars)]
    )
    for article in articles:
        for theme in article.themes.all():
            if theme.slug in pillars:
                found.setdefault(theme.slug, []).append(article)
    return found


def best_sheets(title: str, candidates: list[Any]) -> list[Any]:
    """The candidates sharing the most words of ``title`` (of five letters or more) first."""
    words = {word.lower().strip(".,;:'’") for word in title.split() if len(word) > 4}

    def shared(article: Any) -> int:
        text = f"{article.title} {article.summary}".lower()
        return sum(1 for word in words if word in text)

    return sorted(candidates, key=lambda article: -shared(article))[:MAX_SHEETS]
