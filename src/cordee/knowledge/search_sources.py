"""What search finds: a small registry of sources.

Each kind of content is a :class:`Source`: articles now; help requests,
events and decisions register theirs (``register_source`` in their app's
``ready()``) when they come. A source turns its objects into documents of the
index (title, summary, text, date, kind, themes), says in SQL which of its
objects a person may see (with the filters that need its own tables:
territory, dates), and loads the hits for display.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, runtime_checkable

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cordee.knowledge.models import ARTICLE_SOURCE, Article, ArticleKind, Theme, visibility_q
from cordee.knowledge.search_text import SNIPPET_SCAN_CHARS, highlight, plain_text
from cordee.network.access import Access
from cordee.network.models import Territory


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    theme: str = ""
    territory: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class IndexedText:
    title: str
    summary: str
    body: str
    published_at: Any = None
    kind: str = ""
    # Slugs of the themes (and technical themes) the object is filed under.
    themes: list[str] = field(default_factory=list)
    # Who may read it, for sources that decide from these alone (``visible_documents``).
    scope: str | None = None
    scope_territory_id: int | None = None
    scope_group_id: int | None = None
    status: str | None = None


@dataclass
class Hit:
    source: str
    title: str
    url: str
    kind: str
    title_html: str
    snippet_html: str
    date: Any = None
    detail: str = ""


@dataclass(frozen=True)
class Summary:
    """What matches a query, counted rather than ranked."""

    # Every match, whatever the kind and theme filters.
    unfiltered: int = 0
    # The matches of the chosen kind and theme.
    count: int = 0
    # Matches by kind under the theme filter, by theme under the kind filter: each
    # facet ignores its own filter so that the other choices stay in view.
    kinds: dict[str, int] = field(default_factory=dict)
    themes: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, matches: Iterable[tuple[str, str, int]], filters: Filters) -> Summary:
        """Count the matches from (kind, themes, how many matches have both); themes are
        slugs separated by spaces."""
        unfiltered = count = 0
        kinds: dict[str, int] = {}
        themes: dict[str, int] = {}
        for kind, slugs, n in matches:
            unfiltered += n
            listed = (slugs or "").split()
            of_kind = not filters.kind or kind == filters.kind
            if not filters.theme or filters.theme in listed:
                if kind:
                    kinds[kind] = kinds.get(kind, 0) + n
                count += n if of_kind else 0
            if of_kind:
                for slug in listed:
                    themes[slug] = themes.get(slug, 0) + n
        return cls(unfiltered=unfiltered, count=count, kinds=kinds, themes=themes)


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


class Source(Protocol):
    """A kind of content that search finds."""

    name: str
    label: str | Promise

    def objects_to_index(self) -> Iterable[Any]: ...

    def indexed_text(self, obj: Any) -> IndexedText: ...

    def visible_ids(self, access: Access, filters: Filters) -> QuerySet[Any] | None:
        """A ``values("pk")`` QuerySet of what ``access`` may see, with the territory
        and date filters; ``None`` when the filters leave nothing of this source."""
        ...

    def hits(self, ids: list[int], stems: set[str]) -> dict[int, Hit]: ...

    def kind_labels(self) -> dict[str, str]: ...


@runtime_checkable
class DocumentVisibility(Protocol):
    """A source whose visibility reads only the facts it copies onto its documents
    (``IndexedText.scope``...): search can then check them on the matching rows
    themselves, rather than against the list of every id the person may see."""

    def visible_documents(self, access: Access) -> Q:
        """A filter on :class:`SearchDocument` for this source's documents that ``access``
        may see; it must select exactly what ``visible_ids`` does without filters, and
        join no other table."""
        ...


class ArticleSource:
    name = ARTICLE_SOURCE
    label = _("articles")

    def objects_to_index(self) -> Iterable[Article]:
        return (
            Article.objects.order_by("pk")
            .prefetch_related("tags", "attachments", "themes", "skills")
            .iterator(chunk_size=500)
        )

    def indexed_text(self, obj: Article) -> IndexedText:
        attachments = " ".join(a.extracted_text for a in obj.attachments.all() if a.extracted_text)
        tags = " ".join(tag.name for tag in obj.tags.all())
        return IndexedText(
            title=obj.title,
            summary=f"{obj.summary} {tags}".strip(),
            body=f"{plain_text(obj.body)} {attachments}".strip(),
            published_at=obj.published_at,
            kind=obj.kind,
            themes=[theme.slug for theme in obj.themes.all()]
            + [skill.slug for skill in obj.skills.all()],
            scope=obj.scope,
            scope_territory_id=obj.scope_territory_id,
            scope_group_id=obj.scope_group_id,
            status=obj.status,
        )

    def visible_documents(self, access: Access) -> Q:
        # A document without facts (its article deleted behind the index's back) is
        # seen by nobody.
        return visibility_q(access, pk="object_id") & Q(status__isnull=False)

    def visible_ids(self, access: Access, filters: Filters) -> QuerySet[Any] | None:
        articles = Article.objects.visible_to(access)
        if not (filters.territory or filters.since or filters.until):
            return articles.order_by()
        articles = Article.objects.filter(pk__in=articles.order_by().values("pk"))
        if filters.territory:
            territory = Territory.objects.filter(slug=filters.territory).first()
            if territory is None:
                return None
            articles = articles.filter(
                pk__in=Article.objects.filter(
                    Q(organisation__territory__path__startswith=territory.path)
                    | Q(scope_territory__path__startswith=territory.path)
                ).values("pk")
            )
        if filters.since:
            articles = articles.filter(published_at__date__gte=filters.since)
        if filters.until:
            articles = articles.filter(published_at__date__lte=filters.until)
        return articles.order_by().values("pk")

    def hits(self, ids: list[int], stems: set[str]) -> dict[int, Hit]:
        kinds = self.kind_labels()
        found = {}
        for article in Article.objects.filter(pk__in=ids).select_related("organisation").order_by():
            # Snippets are looked for in the beginning of the text only (see highlight).
            text = f"{article.summary} {plain_text(article.body[:SNIPPET_SCAN_CHARS])}"
            found[article.pk] = Hit(
                source=self.name,
                title=article.title,
                url=article.get_absolute_url(),
                kind=kinds.get(article.kind, article.kind),
                title_html=highlight(article.title, stems, length=400),
                snippet_html=highlight(text, stems),
                date=article.published_at,
                detail=article.organisation.name if article.organisation else "",
            )
        return found

    def kind_labels(self) -> dict[str, str]:
        return {value: str(label) for value, label in ArticleKind.choices}


# What a person may see: per source, its name and an SQL condition on the document
# ``d`` (on its ``object_id``, or on the visibility facts copied onto it), with the
# condition's parameters.
Visible = list[tuple[str, str, Any]]


def visible_where(visible: Visible) -> tuple[str, list[Any]]:
    """One SQL condition on ``d``: a document the person may see, of any source."""
    clauses, params = [], []
    for source, condition, condition_params in visible:
        clauses.append(f"(d.source = %s AND {condition})")
        params.extend([source, *condition_params])
    return f"({' OR '.join(clauses) or '1 = 0'})", params


SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    """Make a kind of content searchable (call it from the app's ``AppConfig.ready``)."""
    SOURCES[source.name] = source


register_source(ArticleSource())


def theme_labels(slugs: Iterable[str]) -> dict[str, str]:
    """Names of the themes among ``slugs`` (technical themes are filtered on, not listed)."""
    return {theme.slug: theme.name for theme in Theme.objects.filter(slug__in=list(slugs))}
