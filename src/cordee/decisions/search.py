"""Decisions in the site's search (``/search/``), and the register's search box.

:class:`DecisionSource` is registered with the knowledge search in
``DecisionsConfig.ready``; :func:`matching_decision_ids` asks the same index
which decisions match the words of the register's search box.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cordee.decisions.models import Decision
from cordee.knowledge.search import matching_ids
from cordee.knowledge.search_sources import Filters, Hit, IndexedText
from cordee.knowledge.search_text import highlight, plain_text
from cordee.network.access import Access
from cordee.network.models import Territory

KIND = "decision"


class DecisionSource:
    name = "decision"
    label = _("decisions")

    def objects_to_index(self) -> Iterable[Decision]:
        return Decision.objects.order_by("pk").select_related("body").iterator(chunk_size=500)

    def indexed_text(self, obj: Decision) -> IndexedText:
        return IndexedText(
            title=obj.title,
            summary=f"{obj.rationale} {obj.body.name if obj.body else ''}".strip(),
            body=plain_text(obj.text),
            published_at=timezone.make_aware(datetime.combine(obj.decided_on, time(12))),
            kind=KIND,
        )

    def visible_ids(self, access: Access, filters: Filters) -> QuerySet[Any] | None:
        decisions = Decision.objects.visible_to(access)
        if filters.territory:
            territory = Territory.objects.filter(slug=filters.territory).first()
            if territory is None:
                return None
            decisions = decisions.filter(
                Q(scope_territory__path__startswith=territory.path)
                | Q(body__territory__path__startswith=territory.path)
            )
        if filters.since:
            decisions = decisions.filter(decided_on__gte=filters.since)
        if filters.until:
            decisions = decisions.filter(decided_on__lte=filters.until)
        return decisions.order_by().values("pk")

    def hits(self, ids: list[int], stems: set[str]) -> dict[int, Hit]:
        found = {}
        for decision in Decision.objects.filter(pk__in=ids).select_related("body").order_by():
            text = f"{decision.rationale} {plain_text(decision.text)}"
            found[decision.pk] = Hit(
                source=self.name,
                title=decision.title,
                url=decision.get_absolute_url(),
                kind=str(_("decision")),
                title_html=highlight(decision.title, stems, length=400),
                snippet_html=highlight(text, stems),
                date=decision.decided_on,
                detail=decision.body.name if decision.body else "",
            )
        return found

    def kind_labels(self) -> dict[str, str]:
        return {KIND: str(_("decision"))}


def matching_decision_ids(access: Access, query: str) -> list[int] | None:
    """Ids of the decisions ``access`` may see that match ``query`` (every word, typos
    corrected as the site search does), best first; ``None`` when the query has no word."""
    return matching_ids(access=access, query=query, source=DecisionSource.name)
