"""Consultations and their contributions in the site's search (``/search/``).

Both sources are registered with the knowledge search in
``ConsultationsConfig.ready``; the services index a consultation when it is
saved or its synthesis changes, and a contribution when it is written, revised
or merged. Hidden contributions are left out of what a person may find.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cordee.consultations.models import Consultation, Contribution
from cordee.knowledge.search import index_object
from cordee.knowledge.search_sources import Filters, Hit, IndexedText
from cordee.knowledge.search_text import highlight, plain_text
from cordee.network.access import Access
from cordee.network.models import Territory

CONSULTATION = "consultation"
CONTRIBUTION = "contribution"


def _in_territory(queryset: QuerySet[Any], filters: Filters, prefix: str) -> QuerySet[Any] | None:
    if not filters.territory:
        return queryset
    territory = Territory.objects.filter(slug=filters.territory).first()
    if territory is None:
        return None
    return queryset.filter(
        Q(**{f"{prefix}scope_territory__path__startswith": territory.path})
        | Q(**{f"{prefix}scope_group__territory__path__startswith": territory.path})
    )


def _dated(queryset: QuerySet[Any], filters: Filters, field: str) -> QuerySet[Any]:
    if filters.since:
        queryset = queryset.filter(**{f"{field}__date__gte": filters.since})
    if filters.until:
        queryset = queryset.filter(**{f"{field}__date__lte": filters.until})
    return queryset


class ConsultationSource:
    name = CONSULTATION
    label: str | Promise = _("consultations")

    def objects_to_index(self) -> Iterable[Consultation]:
        return Consultation.objects.order_by("pk").iterator(chunk_size=500)

    def indexed_text(self, obj: Consultation) -> IndexedText:
        synthesis = plain_text(obj.synthesis) if obj.synthesis_published_at else ""
        return IndexedText(
            title=obj.title,
            summary=obj.summary,
            body=f"{plain_text(obj.body)} {synthesis}".strip(),
            published_at=obj.opened_at or obj.created_at,
            kind=CONSULTATION,
        )

    def visible_ids(self, access: Access, filters: Filters) -> QuerySet[Any] | None:
        consultations = _in_territory(Consultation.objects.visible_to(access), filters, "")
        if consultations is None:
            return None
        return _dated(consultations, filters, "created_at").order_by().values("pk")

    def hits(self, ids: list[int], stems: set[str]) -> dict[int, Hit]:
        return {
            consultation.pk: Hit(
                source=self.name,
                title=consultation.title,
                url=consultation.get_absolute_url(),
                kind=str(_("consultation")),
                title_html=highlight(consultation.title, stems, length=400),
                snippet_html=highlight(consultation.summary, stems),
                date=consultation.opened_at or consultation.created_at,
                detail=consultation.get_phase_display(),
            )
            for consultation in Consultation.objects.filter(pk__in=ids).order_by()
        }

    def kind_labels(self) -> dict[str, str]:
        return {CONSULTATION: str(_("consultation"))}


class ContributionSource:
    name = CONTRIBUTION
    label: str | Promise = _("contributions to consultations")

    def objects_to_index(self) -> Iterable[Contribution]:
        return Contribution.objects.order_by("pk").iterator(chunk_size=500)

    def indexed_text(self, obj: Contribution) -> IndexedText:
        return IndexedText(
            title=obj.title, summary="", body=obj.body, published_at=obj.created_at, kind=obj.kind
        )

    def visible_ids(self, access: Access, filters: Filters) -> QuerySet[Any] | None:
        contributions = _in_territory(
            Contribution.objects.visible_to(access).filter(hidden_at__isnull=True),
            filters,
            "consultation__",
        )
        if contributions is None:
            return None
        return _dated(contributions, filters, "created_at").order_by().values("pk")

    def hits(self, ids: list[int], stems: set[str]) -> dict[int, Hit]:
        kinds = self.kind_labels()
        return {
            contribution.pk: Hit(
                source=self.name,
                title=contribution.title,
                url=contribution.get_absolute_url(),
                kind=kinds.get(contribution.kind, contribution.kind),
                title_html=highlight(contribution.title, stems, length=400),
                snippet_html=highlight(contribution.body, stems),
                date=contribution.created_at,
                detail=contribution.consultation.title,
            )
            for contribution in Contribution.objects.filter(pk__in=ids)
            .select_related("consultation")
            .order_by()
        }

    def kind_labels(self) -> dict[str, str]:
        return {
            "idea": str(_("idea (consultation)")),
            "proposal": str(_("proposal (consultation)")),
        }


def index_consultation(consultation: Consultation) -> None:
    index_object(CONSULTATION, consultation)


def index_contribution(contribution: Contribution) -> None:
    index_object(CONTRIBUTION, contribution)
