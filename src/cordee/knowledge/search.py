"""Search across the network's content: the service behind ``/search/``.

Each kind of content is a :class:`Source` in a small registry: articles now,
help requests, events and decisions when their apps register theirs. A source
turns its objects into documents of the index (title, summary, text, date),
says in SQL which of its objects a person may see (with the page's filters),
and loads the hits for display. The visibility SQL goes inside the full-text
query itself, so results, snippets, counts and facet counts only ever come
from what the person may see.

Ranking: the database's lexical ranking (BM25 on SQLite, ``ts_rank_cd`` on
PostgreSQL), a mild recency boost, then, when embeddings exist, fused with the
semantic ranking (see :mod:`.search_ranking`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from cordee.knowledge import search_postgres, search_ranking, search_semantic, search_sqlite
from cordee.knowledge.models import Article, ArticleKind, Theme
from cordee.knowledge.search_models import SearchDocument, SearchEmbedding, SearchWord
from cordee.knowledge.search_text import (
    QueryTerm,
    candidate_bounds,
    closest_word,
    highlight,
    index_text,
    parse_query,
    plain_text,
    stem,
    words,
)
from cordee.network.access import Access
from cordee.network.models import Territory

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
# Lexical candidates re-ranked by recency and meaning; results beyond are in lexical order.
CANDIDATES = 100
# Below this many lexical results, semantic neighbours are added.
FEW_RESULTS = 5
SEMANTIC_NEIGHBOURS = 10


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
class Facet:
    value: str
    label: str
    count: int


class Source(Protocol):
    """A kind of content that search finds."""

    name: str
    label: str | Promise

    def objects_to_index(self) -> Iterable[Model]: ...

    def indexed_text(self, obj: Any) -> IndexedText: ...

    def visible_ids(self, access: Access, filters: Filters) -> QuerySet[Any] | None:
        """A ``values("pk")`` QuerySet of what ``access`` may see, filtered; ``None``
        when the filters exclude this source altogether."""
        ...

    def hits(self, ids: list[int], stems: set[str]) -> dict[int, Hit]: ...

    def facets(self, matching: RawSQL, filters: Filters) -> dict[str, list[Facet]]: ...


class ArticleSource:
    name = "article"
    label = _("articles")

    def objects_to_index(self) -> Iterable[Article]:
        return (
            Article.objects.order_by("pk")
            .prefetch_related("tags", "attachments")
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
        )

    def visible_ids(self, access: Access, filters: Filters) -> QuerySet[Any] | None:
        articles = Article.objects.visible_to(access)
        if filters.kind:
            articles = articles.filter(kind=filters.kind)
        if filters.theme:
            articles = articles.filter(pk__in=_articles_with_theme(filters.theme))
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
        return articles.values("pk")

    def hits(self, ids: list[int], stems: set[str]) -> dict[int, Hit]:
        kinds = dict(ArticleKind.choices)
        found = {}
        for article in Article.objects.filter(pk__in=ids).select_related("organisation"):
            text = f"{article.summary} {plain_text(article.body)}"
            found[article.pk] = Hit(
                source=self.name,
                title=article.title,
                url=article.get_absolute_url(),
                kind=str(kinds.get(article.kind, article.kind)),
                title_html=highlight(article.title, stems, length=400),
                snippet_html=highlight(text, stems),
                date=article.published_at,
                detail=article.organisation.name if article.organisation else "",
            )
        return found

    def facets(self, matching: RawSQL, filters: Filters) -> dict[str, list[Facet]]:
        articles = Article.objects.filter(pk__in=matching)
        kinds = dict(ArticleKind.choices)
        kind_counts = articles.values_list("kind").annotate(n=Count("pk")).order_by("-n")
        themes = (
            Theme.objects.filter(articles__in=articles)
            .annotate(n=Count("articles", distinct=True))
            .order_by("-n", "name_fr")[:12]
        )
        return {
            "kind": [Facet(kind, str(kinds.get(kind, kind)), n) for kind, n in kind_counts],
            "theme": [Facet(theme.slug, theme.name, theme.n) for theme in themes],
        }


def _articles_with_theme(slug: str) -> QuerySet[Any]:
    return Article.objects.filter(Q(themes__slug=slug) | Q(skills__slug=slug)).values("pk")


SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    """Make a kind of content searchable (call it from the app's ``AppConfig.ready``)."""
    SOURCES[source.name] = source


register_source(ArticleSource())


def _backend() -> Any:
    return search_postgres if connection.vendor == "postgresql" else search_sqlite


# Keeping the index in sync.


def index_object(source_name: str, obj: Any) -> SearchDocument:
    """Write (or rewrite) the index document of ``obj``; its embedding follows in the worker."""
    text = SOURCES[source_name].indexed_text(obj)
    document, _created = SearchDocument.objects.update_or_create(
        source=source_name,
        object_id=obj.pk,
        defaults={
            "title_text": text.title,
            "summary_text": text.summary,
            "body_text": text.body,
            "title": index_text(text.title),
            "summary": index_text(text.summary),
            "body": index_text(text.body),
            "published_at": text.published_at,
        },
    )
    # The old embedding describes the old text: drop it until the worker makes a new one.
    SearchEmbedding.objects.filter(document=document).delete()
    _learn_words(f"{text.title} {text.summary} {text.body}")
    if search_semantic.get_embedder() is not None:
        transaction.on_commit(lambda: search_semantic.embed_document.enqueue(document.pk))
    return document


def unindex_object(source_name: str, object_id: int) -> None:
    SearchDocument.objects.filter(source=source_name, object_id=object_id).delete()


def index_article(article: Article) -> SearchDocument:
    """Index an article after it was created or changed (article services call it)."""
    return index_object(ArticleSource.name, article)


def unindex_article(article_id: int) -> None:
    """Take a deleted article out of the index."""
    unindex_object(ArticleSource.name, article_id)


def _learn_words(text: str, known: set[str] | None = None) -> None:
    new = {word for word in words(text) if 3 < len(word) <= 40 and not word.isdigit()}
    if known is None:
        known = set(SearchWord.objects.filter(word__in=new).values_list("word", flat=True))
    SearchWord.objects.bulk_create(
        [
            SearchWord(word=word, stem=stem(word), initial=word[0], length=len(word))
            for word in sorted(new - known)
        ],
        ignore_conflicts=True,
    )
    known |= new


def reindex(*, embed: bool = False) -> int:
    """Rebuild the whole index from the sources; returns the number of documents.
    With ``embed``, also compute every embedding here (the command's option)."""
    count = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchWord.objects.all().delete()
        known: set[str] = set()
        for source in SOURCES.values():
            batch = []
            for obj in source.objects_to_index():
                text = source.indexed_text(obj)
                batch.append(
                    SearchDocument(
                        source=source.name,
                        object_id=obj.pk,
                        title_text=text.title,
                        summary_text=text.summary,
                        body_text=text.body,
                        title=index_text(text.title),
                        summary=index_text(text.summary),
                        body=index_text(text.body),
                        published_at=text.published_at,
                    )
                )
                _learn_words(f"{text.title} {text.summary} {text.body}", known)
                if len(batch) == 500:
                    SearchDocument.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            SearchDocument.objects.bulk_create(batch)
            count += len(batch)
        _backend().rebuild()
    embedder = search_semantic.get_embedder()
    if embed and embedder is not None:
        for chunk in _chunks(SearchDocument.objects.order_by("pk"), 32):
            search_semantic.embed_documents(chunk, embedder)
    elif embedder is not None:
        for document_id in SearchDocument.objects.values_list("pk", flat=True):
            search_semantic.embed_document.enqueue(document_id)
    return count


def _chunks(documents: QuerySet[SearchDocument], size: int) -> Iterator[list[SearchDocument]]:
    chunk: list[SearchDocument] = []
    for document in documents.iterator(chunk_size=size):
        chunk.append(document)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@task()
def reindex_task() -> int:
    """The full rebuild, in the worker."""
    return reindex()


# Searching.


@dataclass
class Results:
    query: str
    terms: list[QueryTerm]
    # The query as searched when some of its words were corrected ("results for ...").
    corrected: str = ""
    # No document had every word: these have some of them.
    any_term: bool = False
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    page: int = 1
    semantic: bool = False

    @property
    def first_rank(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))


def correct_terms(terms: list[QueryTerm]) -> tuple[list[QueryTerm], bool]:
    """Replace words the index has never seen by the closest word it has (a typo),
    when one is close enough. Returns the terms and whether any changed."""
    known_stems = set(
        SearchWord.objects.filter(stem__in=[term.stem for term in terms]).values_list(
            "stem", flat=True
        )
    )
    corrected, changed = [], False
    for term in terms:
        if term.stem in known_stems or term.word.isdigit():
            corrected.append(term)
            continue
        initial, shortest, longest = candidate_bounds(term.word)
        vocabulary = SearchWord.objects.filter(
            initial=initial, length__gte=shortest, length__lte=longest
        ).values_list("word", flat=True)
        word = closest_word(term.word, vocabulary)
        if word is None:
            corrected.append(term)
        else:
            corrected.append(QueryTerm(word, stem(word)))
            changed = True
    return corrected, changed


def _visible_sql(source: Source, access: Access, filters: Filters) -> tuple[str, list[Any]] | None:
    """The SQL of what ``access`` may see of ``source``, or ``None`` when that is nothing."""
    ids = source.visible_ids(access, filters)
    if ids is None:
        return None
    try:
        sql, params = ids.query.sql_with_params()
    except EmptyResultSet:
        return None
    return sql, list(params)


def _visible(access: Access, filters: Filters) -> list[tuple[str, str, list[Any]]]:
    visible = []
    for source in SOURCES.values():
        found = _visible_sql(source, access, filters)
        if found is not None:
            visible.append((source.name, *found))
    return visible


def search(
    *,
    access: Access,
    query: str,
    filters: Filters | None = None,
    page: int = 1,
    mode: str = "hybrid",
) -> Results:
    """What ``access`` may see that matches ``query``, best first, one page of it.

    ``mode`` is "hybrid" (the default), "lexical" or "semantic" (the last two
    for the evaluation).
    """
    filters = filters or Filters()
    terms = parse_query(query)
    results = Results(query=query, terms=terms, page=max(1, page))
    if not terms:
        return results
    terms, changed = correct_terms(terms)
    if changed:
        results.corrected = " ".join(term.word for term in terms)
        results.terms = terms
    visible = _visible(access, filters)
    backend = _backend()
    limit = max(CANDIDATES, results.page * PAGE_SIZE)
    rows = backend.ranked(terms, visible, any_term=False, limit=limit)
    if not rows and len(terms) > 1:
        results.any_term = True
        rows = backend.ranked(terms, visible, any_term=True, limit=limit)
    ordered, extra = _rank(rows, query, visible, results, mode)
    results.count = _count(terms, access, filters, results.any_term) + extra
    start = (results.page - 1) * PAGE_SIZE
    results.hits = _hits(ordered[start : start + PAGE_SIZE], {term.stem for term in terms})
    results.facets = _facets(terms, access, filters, results.any_term)
    return results


def ranking(*, access: Access, query: str, mode: str = "hybrid", limit: int = 10) -> list[int]:
    """Article ids in the order search gives them (for the evaluation benchmark)."""
    terms = parse_query(query)
    if not terms:
        return []
    terms, _changed = correct_terms(terms)
    visible = _visible(access, Filters())
    rows = _backend().ranked(terms, visible, any_term=False, limit=CANDIDATES)
    if len(rows) < CANDIDATES and len(terms) > 1:
        # For ranking quality every candidate counts: those with all words first.
        seen = {row[0] for row in rows}
        more = _backend().ranked(terms, visible, any_term=True, limit=CANDIDATES)
        rows += [row for row in more if row[0] not in seen][: CANDIDATES - len(rows)]
    ordered, _extra = _rank(rows, query, visible, Results(query=query, terms=terms), mode)
    return [object_id for source, object_id in ordered if source == ArticleSource.name][:limit]


def _rank(
    rows: list[tuple[int, str, int, float, float | None]],
    query: str,
    visible: list[tuple[str, str, list[Any]]],
    results: Results,
    mode: str,
) -> tuple[list[tuple[str, int]], int]:
    """Order the candidates: lexical score with the recency boost, fused with the
    semantic ranking when embeddings exist. Semantic neighbours the lexical search
    missed join when it found few; returns the order and how many joined."""
    keys = {row[0]: (row[1], row[2]) for row in rows}
    head, tail = rows[:CANDIDATES], rows[CANDIDATES:]
    lexical = search_ranking.boost_by_recency(
        {row[0]: row[3] for row in head}, {row[0]: row[4] for row in head}
    )
    vector = search_semantic.query_vector(query) if mode != "lexical" else None
    if vector is None:
        return [keys[key] for key in lexical] + [(row[1], row[2]) for row in tail], 0
    similarity = search_semantic.similarities(vector, lexical)
    extra: list[int] = []
    if len(rows) < FEW_RESULTS or mode == "semantic":
        wanted = CANDIDATES if mode == "semantic" else SEMANTIC_NEIGHBOURS
        nearest = search_semantic.nearest(vector, wanted + len(rows))
        extra = [key for key in _visible_documents(nearest, visible, keys) if key not in similarity]
        extra = extra[:wanted]
        similarity.update(search_semantic.similarities(vector, extra))
    if not similarity:
        return [keys[key] for key in lexical] + [(row[1], row[2]) for row in tail], 0
    results.semantic = True
    semantic_order = sorted(similarity, key=lambda key: (-similarity[key], key))
    if mode == "semantic":
        return [keys[key] for key in semantic_order], 0
    fused = search_ranking.hybrid(lexical, semantic_order)
    return [keys[key] for key in fused] + [(row[1], row[2]) for row in tail], len(extra)


def _visible_documents(
    document_ids: list[int],
    visible: list[tuple[str, str, list[Any]]],
    keys: dict[int, tuple[str, int]],
) -> list[int]:
    """Of ``document_ids``, those the person may see (checked in SQL), in the same order."""
    if not document_ids or not visible:
        return []
    clauses, params = [], []
    for source, sql, source_params in visible:
        clauses.append(f"(d.source = %s AND d.object_id IN ({sql}))")
        params.extend([source, *source_params])
    placeholders = ", ".join(["%s"] * len(document_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.id, d.source, d.object_id FROM knowledge_searchdocument d "  # noqa: S608 (placeholders only)
            f"WHERE d.id IN ({placeholders}) AND ({' OR '.join(clauses)})",
            [*document_ids, *params],
        )
        allowed = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    keys.update(allowed)
    return [document_id for document_id in document_ids if document_id in allowed]


def _count(terms: list[QueryTerm], access: Access, filters: Filters, any_term: bool) -> int:
    total = 0
    backend = _backend()
    for source in SOURCES.values():
        found = _visible_sql(source, access, filters)
        if found is None:
            continue
        matching_sql, matching_params = backend.matching_ids(
            terms, source.name, *found, any_term=any_term
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({matching_sql}) AS m", matching_params)  # noqa: S608
            total += cursor.fetchone()[0]
    return total


def _facets(
    terms: list[QueryTerm], access: Access, filters: Filters, any_term: bool
) -> dict[str, list[Facet]]:
    """Counts by kind and theme over what the person may see, each ignoring its own
    filter so that the other choices stay visible."""
    backend = _backend()
    facets: dict[str, list[Facet]] = {}
    for facet, unfiltered in (
        ("kind", replace(filters, kind="")),
        ("theme", replace(filters, theme="")),
    ):
        for source in SOURCES.values():
            found_sql = _visible_sql(source, access, unfiltered)
            if found_sql is None:
                continue
            matching_sql, matching_params = backend.matching_ids(
                terms, source.name, *found_sql, any_term=any_term
            )
            # Placeholders only: the values travel as parameters.
            matching = RawSQL(matching_sql, matching_params)  # noqa: S611
            found = source.facets(matching, unfiltered)
            facets.setdefault(facet, []).extend(found.get(facet, []))
    return facets


def _hits(keys: list[tuple[str, int]], stems: set[str]) -> list[Hit]:
    by_source: dict[str, list[int]] = {}
    for source_name, object_id in keys:
        by_source.setdefault(source_name, []).append(object_id)
    loaded = {
        (source_name, object_id): hit
        for source_name, ids in by_source.items()
        for object_id, hit in SOURCES[source_name].hits(ids, stems).items()
    }
    return [loaded[key] for key in keys if key in loaded]
