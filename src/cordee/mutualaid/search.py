"""Help requests in the site search (``/search/``).

What is indexed never names who asks nor their company, for any request: the
index and the hits are shared by every reader, and a discreet asker must not
be found through them. Answers are indexed, except those the asker wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cordee.knowledge.search_sources import Filters, Hit, IndexedText
from cordee.knowledge.search_text import highlight, plain_text
from cordee.mutualaid.models import HelpRequest
from cordee.network.access import Access
from cordee.network.models import Territory

KIND = "help_request"


class HelpRequestSource:
    name = "help_request"
    label: str | Promise = _("help requests")

    def objects_to_index(self) -> Iterable[HelpRequest]:
        return (
            HelpRequest.objects.order_by("pk")
            .select_related("theme")
            .prefetch_related("skills", "answers")
            .iterator(chunk_size=500)
        )

    def indexed_text(self, obj: HelpRequest) -> IndexedText:
        answers = " ".join(
            plain_text(answer.body)
            for answer in obj.answers.all()
            if answer.hidden_at is None and answer.author_id != obj.asker_id
        )
        return IndexedText(
            title=obj.title,
            summary=obj.outcome,
            body=f"{plain_text(obj.description)} {answers}".strip(),
            published_at=obj.created_at,
            kind=KIND,
            themes=([obj.theme.slug] if obj.theme else [])
            + [skill.slug for skill in obj.skills.all()],
        )

    def visible_ids(self, access: Access, filters: Filters) -> QuerySet[Any] | None:
        requests = HelpRequest.objects.visible_to(access)
        if filters.territory:
            territory = Territory.objects.filter(slug=filters.territory).first()
            if territory is None:
                return None
            requests = requests.filter(in_territory_q(access, territory))
        if filters.since:
            requests = requests.filter(created_at__date__gte=filters.since)
        if filters.until:
            requests = requests.filter(created_at__date__lte=filters.until)
        return requests.order_by().values("pk")

    def hits(self, ids: list[int], stems: set[str]) -> dict[int, Hit]:
        found = {}
        label = str(_("help request"))
        for help_request in HelpRequest.objects.filter(pk__in=ids).order_by():
            found[help_request.pk] = Hit(
                source=self.name,
                title=help_request.title,
                url=help_request.get_absolute_url(),
                kind=label,
                title_html=highlight(help_request.title, stems, length=400),
                snippet_html=highlight(plain_text(help_request.description), stems),
                date=help_request.created_at,
                detail=help_request.get_status_display(),
            )
        return found

    def kind_labels(self) -> dict[str, str]:
        return {KIND: str(_("help request"))}


def in_territory_q(access: Access, territory: Territory) -> Q:
    """Requests of ``territory``: by the asker's territory where ``access`` may know who
    asks; a discreet request is otherwise placed by the territory it is addressed to only,
    so that filtering by territory never narrows down who asks."""
    known = (
        Q(is_discreet=False) | Q(asker_id=access.user_id) | access.staff_territory_q("territory")
    )
    return (known & Q(territory__path__startswith=territory.path)) | Q(
        audience_territory__path__startswith=territory.path
    )
