"""Co-written texts in the site's search (``/search/``): their title, purpose and current
version, for the people who may read them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cordee.knowledge.search_sources import Filters, Hit, IndexedText
from cordee.knowledge.search_text import highlight, plain_text
from cordee.network.access import Access
from cordee.network.models import Territory
from cordee.texts.models import Text, TextKind, VersionParagraph

SOURCE = "text"


def _current_wording(text: Text) -> str:
    bodies = VersionParagraph.objects.filter(version_id=text.current_version_id).order_by(
        "position"
    )
    return plain_text("\n\n".join(bodies.values_list("body", flat=True)))


class TextSource:
    name = SOURCE
    label = _("co-written texts")

    def objects_to_index(self) -> Iterable[Text]:
        return Text.objects.order_by("pk").iterator(chunk_size=100)

    def indexed_text(self, obj: Text) -> IndexedText:
        when = (
            timezone.make_aware(datetime.combine(obj.adopted_on, time(12)))
            if obj.adopted_on
            else obj.updated_at
        )
        return IndexedText(
            title=obj.title,
            summary=obj.summary,
            body=_current_wording(obj),
            published_at=when,
            kind=obj.kind,
        )

    def visible_ids(self, access: Access, filters: Filters) -> QuerySet[Any] | None:
        texts = Text.objects.visible_to(access)
        if filters.territory:
            territory = Territory.objects.filter(slug=filters.territory).first()
            if territory is None:
                return None
            texts = texts.filter(scope_territory__path__startswith=territory.path)
        if filters.since:
            texts = texts.filter(updated_at__date__gte=filters.since)
        if filters.until:
            texts = texts.filter(updated_at__date__lte=filters.until)
        return texts.order_by().values("pk")

    def hits(self, ids: list[int], stems: set[str]) -> dict[int, Hit]:
        kinds = self.kind_labels()
        found = {}
        for text in Text.objects.filter(pk__in=ids).order_by():
            found[text.pk] = Hit(
                source=self.name,
                title=text.title,
                url=text.get_absolute_url(),
                kind=kinds.get(text.kind, text.kind),
                title_html=highlight(text.title, stems, length=400),
                snippet_html=highlight(text.summary or text.title, stems),
                date=text.adopted_on or text.updated_at,
                detail=text.get_status_display(),
            )
        return found

    def kind_labels(self) -> dict[str, str]:
        return {value: str(label) for value, label in TextKind.choices}


def index_text(text: Text) -> None:
    """Write the text's search document again (created, a new version, adopted)."""
    from cordee.knowledge.search import index_object

    index_object(SOURCE, text)
