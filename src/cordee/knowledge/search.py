"""Search across the network's content: the service behind ``/search/``.

The sources of :mod:`.search_sources` give the documents; this module keeps
the index in sync (``index_article``, ``unindex_article``, ``reindex``) and
answers queries. The SQL that says what a person may see goes inside every
full-text query itself: one counts the matches by kind and theme (the count
and the facets), another ranks the best of them (the results and snippets),
so none of them can reveal a hidden document. Only the first hundred or so
matches are ranked: scoring every match cost PostgreSQL over 100 ms on
20,000 articles.

Ranking: the database's lexical ranking (BM25 on SQLite, ``ts_rank_cd`` on
PostgreSQL), a mild recency boost, then, when embeddings exist, fused with the
semantic ranking (see :mod:`.search_ranking`).
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.sql import Query
from django.utils import timezone
from django_tasks import task

from cordee.knowledge import search_postgres, search_ranking, search_semantic, search_sqlite
from cordee.knowledge.models import Article
from cordee.knowledge.search_models import SearchDocument, SearchEmbedding, SearchWord
from cordee.knowledge.search_sources import (
    SOURCES,
    ArticleSource,
    DocumentVisibility,
    Facet,
    Filters,
    Hit,
    IndexedText,
    Source,
    Summary,
    Visible,
    register_source,
    theme_labels,
    visible_where,
)
from cordee.knowledge.search_text import (
    QueryTerm,
    candidate_bounds,
    closest_word,
    index_text,
    parse_query,
    stem,
    words,
)
from cordee.network.access import Access

__all__ = [
    "Filters",
    "Results",
    "index_article",
    "matching_ids",
    "register_source",
    "reindex",
    "search",
]

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
# Lexical candidates re-ranked by recency and meaning; results beyond are in lexical order.
CANDIDATES = 100
# Below this many lexical results, semantic neighbours are added.
FEW_RESULTS = 5
SEMANTIC_NEIGHBOURS = 10


def _backend() -> Any:
    return search_postgres if connection.vendor == "postgresql" else search_sqlite


# Keeping the index in sync.


def index_object(source_name: str, obj: Any) -> SearchDocument:
    """Write (or rewrite) the index document of ``obj``; its embedding follows in the worker."""
    text = SOURCES[source_name].indexed_text(obj)
    document, _created = SearchDocument.objects.update_or_create(
        source=source_name, object_id=obj.pk, defaults=_document_fields(text)
    )
    # The old embedding describes the old text: drop it until the worker makes a new one.
    SearchEmbedding.objects.filter(document=document).delete()
    _learn_words(f"{text.title} {text.summary} {text.body}")
    if search_semantic.get_embedder() is not None:
        transaction.on_commit(lambda: search_semantic.embed_document.enqueue(document.pk))
    return document


def _document_fields(text: IndexedText) -> dict[str, Any]:
    return {
        "title_text": text.title,
        "summary_text": text.summary,
        "body_text": text.body,
        "title": index_text(text.title),
        "summary": index_text(text.summary),
        "body": index_text(text.body),
        "published_at": text.published_at,
        "kind": text.kind,
        "themes": " ".join(text.themes),
        "scope": text.scope,
        "scope_territory_id": text.scope_territory_id,
        "scope_group_id": text.scope_group_id,
        "status": text.status,
    }


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
                    SearchDocument(source=source.name, object_id=obj.pk, **_document_fields(text))
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


# One matching row: (document id, source, object id, score, age in days, kind, themes).
Row = tuple[Any, ...]


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
    """The SQL condition on a document ``d`` of ``source`` that ``access`` may see it (and
    that it passes the territory and date filters), or ``None`` when nothing passes.

    When the source copies its visibility facts onto its documents and the backend reads
    them (``DOCUMENT_FACTS``), the condition is on those facts, checked on each matching
    row. Otherwise, and with a territory or date filter (which read the source's own
    tables), it is on the object id."""
    if (
        isinstance(source, DocumentVisibility)
        and _backend().DOCUMENT_FACTS
        and not (filters.territory or filters.since or filters.until)
    ):
        documents = SearchDocument.objects.filter(source.visible_documents(access))
        return _condition(documents.query, alias="d")
    ids = source.visible_ids(access, filters)
    if ids is None:
        return None
    try:
        sql, params = _unwrapped(ids.query).sql_with_params()
    except EmptyResultSet:
        return None
    return f"d.object_id IN ({sql})", list(params)


def _condition(query: Query, alias: str) -> tuple[str, list[Any]] | None:
    """The WHERE clause of ``query``, on its table named ``alias``; ``None`` when it
    selects nothing. Subqueries only: the clause must read no other table."""
    table = query.get_initial_alias()
    query.change_aliases({table: alias})
    joined = [name for name, count in query.alias_refcount.items() if count and name != alias]
    if joined:
        raise ValueError(f"A visibility filter on search documents joins {joined}.")
    compiler = query.get_compiler(connection=connection)
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        return "1 = 1", []
    return f"({sql})", list(params)


def _unwrapped(query: Query) -> Query:
    """``visible_to()`` ends with ``pk__in=<subquery>``: when nothing else was added,
    the subquery alone says the same, and spares SQLite looking up every visible row
    of the table (four times slower on 20,000 articles)."""
    children = query.where.children
    if len(children) == 1 and not query.where.negated:
        child = children[0]
        rhs = getattr(child, "rhs", None)
        target = getattr(getattr(child, "lhs", None), "target", None)
        if (
            getattr(child, "lookup_name", "") == "in"
            and isinstance(rhs, Query)
            and target is not None
            and target.primary_key
            and target.model is query.model
        ):
            return rhs
    return query


def _visible(access: Access, filters: Filters, sources: tuple[str, ...] = ()) -> Visible:
    """Per source (of ``sources``; all by default), the SQL of the ids ``access`` may
    see (that pass the territory and date filters), with its parameters.

    Building it with the ORM costs several milliseconds a search, and it depends only
    on the person's access, the filters and the day (mandates and memberships are read
    by subqueries, not copied into it): it is kept for the next searches. Not with a
    territory filter, whose territory is looked up when the SQL is built."""
    visible = []
    for name in sources or tuple(SOURCES):
        if filters.territory:
            found = _visible_sql(SOURCES[name], access, filters)
        else:
            found = _kept_visible_sql(
                name, access, filters, timezone.localdate(), connection.vendor
            )
        if found is not None:
            visible.append((name, *found))
    return visible


@functools.lru_cache(maxsize=4096)
def _kept_visible_sql(
    name: str, access: Access, filters: Filters, today: date, vendor: str
) -> tuple[str, tuple[Any, ...]] | None:
    found = _visible_sql(SOURCES[name], access, filters)
    # A tuple: what is kept is shared by every search that reads it.
    return None if found is None else (found[0], tuple(found[1]))


def _find(
    terms: list[QueryTerm],
    visible: Visible,
    filters: Filters,
    limit: int,
) -> tuple[Summary, list[Row], bool]:
    """The counts of the documents with every term, and the best ``limit`` of them; when
    there are none, of those with some (and ``True``)."""
    if not visible:
        return Summary(), [], False
    backend = _backend()
    summary, rows = backend.find(terms, visible, any_term=False, filters=filters, limit=limit)
    if summary.unfiltered or len(terms) == 1:
        return summary, rows, False
    summary, rows = backend.find(terms, visible, any_term=True, filters=filters, limit=limit)
    return summary, rows, True


def _matching(
    terms: list[QueryTerm],
    visible: Visible,
    *,
    any_term: bool,
    filters: Filters,
    limit: int | None,
) -> list[Row]:
    if not visible:
        return []
    return _backend().matches(terms, visible, any_term=any_term, filters=filters, limit=limit)


def _keep(row: Row, kind: str, theme: str) -> bool:
    return (not kind or row[5] == kind) and (not theme or theme in (row[6] or "").split())


def _facets(summary: Summary) -> dict[str, list[Facet]]:
    labels: dict[str, str] = {}
    for source in SOURCES.values():
        labels.update(source.kind_labels())
    names = theme_labels(summary.themes)
    kinds = Counter(summary.kinds).most_common()
    themes = Counter(summary.themes).most_common()
    return {
        "kind": [Facet(kind, labels.get(kind, kind), n) for kind, n in kinds],
        "theme": [Facet(slug, names[slug], n) for slug, n in themes if slug in names][:12],
    }


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
    start = (results.page - 1) * PAGE_SIZE
    summary, rows, results.any_term = _find(
        terms, visible, filters, limit=max(CANDIDATES, start + PAGE_SIZE)
    )
    results.facets = _facets(summary)
    ordered, extra = _rank(rows, query, visible, results, mode, filters)
    results.count = summary.count + extra
    results.hits = _hits(ordered[start : start + PAGE_SIZE], {term.stem for term in terms})
    return results


def matching_ids(*, access: Access, query: str, source: str) -> list[int] | None:
    """Ids of the objects of ``source`` that ``access`` may see and that have every word
    of ``query`` (typos corrected), best first; ``None`` when the query has no word.
    For a source's own search box (the register of decisions)."""
    terms = parse_query(query)
    if not terms:
        return None
    terms, _changed = correct_terms(terms)
    visible = _visible(access, Filters(), sources=(source,))
    rows = _matching(terms, visible, any_term=False, filters=Filters(), limit=None)
    return [row[2] for row in rows]


def ranking(*, access: Access, query: str, mode: str = "hybrid", limit: int = 10) -> list[int]:
    """Article ids in the order search gives them (for the evaluation benchmark): those
    with every word of the query, ranked as the search page ranks them; then those with
    some of the words, ranked the same way. The semantic mode ranks them all by
    meaning alone."""
    terms = parse_query(query)
    if not terms:
        return []
    terms, _changed = correct_terms(terms)
    # Articles only: what the other sources let a person see costs time and is dropped.
    visible = _visible(access, Filters(), sources=(ArticleSource.name,))
    rows = _matching(terms, visible, any_term=False, filters=Filters(), limit=CANDIDATES)
    more: list[Row] = []
    if len(terms) > 1 and len(rows) < CANDIDATES:
        seen = {row[0] for row in rows}
        more = [
            row
            for row in _matching(terms, visible, any_term=True, filters=Filters(), limit=CANDIDATES)
            if row[0] not in seen
        ]
    results = Results(query=query, terms=terms)
    ordered: dict[tuple[str, int], None] = {}
    for group in [rows + more] if mode == "semantic" else [rows, more]:
        if group:
            ranked, _extra = _rank(group, query, visible, results, mode, Filters())
            ordered.update(dict.fromkeys(key for key in ranked if key not in ordered))
    return [object_id for source, object_id in ordered if source == ArticleSource.name][:limit]


def _rank(
    rows: list[Row],
    query: str,
    visible: Visible,
    results: Results,
    mode: str,
    filters: Filters,
) -> tuple[list[tuple[str, int]], int]:
    """Order the rows: lexical score with the recency boost, fused with the semantic
    ranking when embeddings exist. Semantic neighbours the lexical search missed join
    when it found few; returns the order and how many joined."""
    head, tail = rows[:CANDIDATES], rows[CANDIDATES:]
    keys = {row[0]: (row[1], row[2]) for row in head}
    lexical = search_ranking.boost_by_recency(
        {row[0]: row[3] for row in head}, {row[0]: row[4] for row in head}
    )
    rest = [(row[1], row[2]) for row in tail]
    vector = search_semantic.query_vector(query) if mode != "lexical" else None
    if vector is None:
        return [keys[key] for key in lexical] + rest, 0
    similarity = search_semantic.similarities(vector, lexical)
    extra: list[int] = []
    if len(rows) < FEW_RESULTS or mode == "semantic":
        wanted = CANDIDATES if mode == "semantic" else SEMANTIC_NEIGHBOURS
        nearest = search_semantic.nearest(vector, wanted + len(rows))
        extra = [
            key
            for key in _visible_documents(nearest, visible, keys, filters)
            if key not in similarity
        ][:wanted]
        similarity.update(search_semantic.similarities(vector, extra))
    if not similarity:
        return [keys[key] for key in lexical] + rest, 0
    results.semantic = True
    semantic_order = sorted(similarity, key=lambda key: (-similarity[key], key))
    if mode == "semantic":
        return [keys[key] for key in semantic_order], 0
    fused = search_ranking.hybrid(lexical, semantic_order)
    return [keys[key] for key in fused] + rest, len(extra)


def _visible_documents(
    document_ids: list[int],
    visible: Visible,
    keys: dict[int, tuple[str, int]],
    filters: Filters,
) -> list[int]:
    """Of ``document_ids``, those the person may see (checked in SQL) and that pass
    the kind and theme filters, in the same order."""
    if not document_ids or not visible:
        return []
    visible_sql, visible_params = visible_where(visible)
    placeholders = ", ".join(["%s"] * len(document_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.id, d.source, d.object_id, 0, 0, d.kind, d.themes "  # noqa: S608 (placeholders only)
            f"FROM knowledge_searchdocument d WHERE d.id IN ({placeholders}) AND {visible_sql}",
            [*document_ids, *visible_params],
        )
        allowed = {
            row[0]: (row[1], row[2])
            for row in cursor.fetchall()
            if _keep(row, filters.kind, filters.theme)
        }
    keys.update(allowed)
    return [document_id for document_id in document_ids if document_id in allowed]


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
