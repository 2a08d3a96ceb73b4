"""Lexical search on PostgreSQL: the generated tsvector column of migration 0003
(configuration ``french_unaccent``: accents removed, French stemming), ranked
with ``ts_rank_cd`` (title weighs A, summary B, body D).

Three things keep it fast on tens of thousands of documents. The planner is
told not to scan the whole table: it does not count the cost of reading each
long tsvector, stored out of line, and prefers a scan to the GIN index even
when that is several times slower. When many documents match, only those
whose title and summary rank best (the small ``head_vector`` of migration
0008) are ranked by their whole text. And whether the person may see an
article is checked on each matching row, from the visibility facts copied
onto its document (``DOCUMENT_FACTS``, migration 0010): comparing each match
with the list of every article the person may see took about 9 ms of a broad
query over 20,000 articles.

Query words are bound parameters of ``plainto_tsquery``: nothing typed by a
person is ever read as tsquery syntax.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from cordee.knowledge.search_sources import Filters, Summary, Visible, visible_where
from cordee.knowledge.search_text import QueryTerm


def _query(terms: list[QueryTerm], any_term: bool) -> str:
    """The tsquery, as a SELECT of placeholders (see :func:`_query_params`)."""
    operator = " || " if any_term else " && "
    # PostgreSQL's own French stemmer reads the word; the root (see search_text.derive)
    # as a prefix joins the nouns of action to their verb ("usinage" to "usiner").
    one_term = "(plainto_tsquery('french_unaccent', %s) || to_tsquery('simple', %s))"
    return "SELECT " + operator.join(one_term for _ in terms)


def _query_params(terms: list[QueryTerm]) -> list[Any]:
    params: list[Any] = []
    for term in terms:
        params.extend([term.word, _prefix(term.stem)])
    return params


def _where(
    terms: list[QueryTerm], visible: Visible, any_term: bool, *, match_apart: bool = False
) -> tuple[str, list[Any]]:
    """The FROM and WHERE of the documents that match and that the person may see.

    ``match_apart`` matches in a subquery, which only the GIN index can answer. Use it
    when ``visible`` has one source: ``d.source = ...`` is then a condition the
    (source, object_id) index serves, the planner prefers that index, and every row's
    out-of-line tsvector is read to test the match (84 ms instead of 40 for a broad
    query of some of six words over 20,000 articles)."""
    visible_sql, visible_params = visible_where(visible)
    match, match_params = "d.vector @@ q.query", []
    if match_apart:
        # Its own tsquery, not q's: the subquery runs once, and its ids are looked up
        # by the primary key.
        match = (
            "d.id = ANY(ARRAY(SELECT e.id FROM knowledge_searchdocument e "  # noqa: S608 (placeholders only)
            f"WHERE e.vector @@ ({_query(terms, any_term)})))"
        )
        match_params = _query_params(terms)
    sql = (
        f"FROM knowledge_searchdocument d, ({_query(terms, any_term)}) AS q(query) "
        f"WHERE {match} AND {visible_sql}"
    )
    return sql, [*_query_params(terms), *match_params, *visible_params]


def _prefix(root: str) -> str:
    """A tsquery prefix of ``root``, quoted as tsquery syntax wants."""
    return "'" + root.replace("'", "''").replace("\\", "\\\\") + "':*"


# Visibility is read from the facts copied onto the documents, where a source has them.
DOCUMENT_FACTS = True

# When more documents match than this, the ones ranked by their whole text are
# chosen by their title and summary first, then the most recent.
PRESELECTED = 200


@contextmanager
def _cursor() -> Iterator[CursorWrapper]:
    """A cursor for search queries: the GIN index rather than a scan of every document.

    A table that has no index for a filter is still scanned, but at the planner's
    "disabled" cost, which is so high that PostgreSQL would compile the query with
    JIT (over a second): JIT is turned off too. The settings hold for the transaction
    only (an error rolls them back with the savepoint); inside a longer one, they are
    put back at the end of the block."""
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('jit'), "
            "set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"
        )
        (seqscan, jit, *_off), *_ = cursor.fetchall()
        yield cursor
        if nested:
            cursor.execute(
                "SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true)",
                [seqscan, jit],
            )


def _filtered(kind: str, theme: str, column: str = "d") -> tuple[str, list[Any]]:
    """The kind and theme filters as SQL (themes are slugs separated by spaces)."""
    sql, params = "", []
    if kind:
        sql += f" AND {column}.kind = %s"
        params.append(kind)
    if theme:
        sql += " AND " + _has_theme(column)
        params.append(theme)
    return sql, params


def _has_theme(column: str = "d") -> str:
    return f"position(' ' || %s || ' ' in ' ' || coalesce({column}.themes, '') || ' ') > 0"


_COLUMNS = (
    "d.id, d.source, d.object_id, ts_rank_cd(d.vector, q.query) AS score, "
    "EXTRACT(EPOCH FROM (now() - d.published_at)) / 86400.0, d.kind, d.themes"
)


def _rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [
        (*row[:3], float(row[3]), None if row[4] is None else float(row[4]), *row[5:])
        for row in rows
    ]


def _by_whole_text(
    terms: list[QueryTerm], any_term: bool, ids: str, ids_params: list[Any], limit: int
) -> tuple[str, list[Any]]:
    """The preselected documents (``d.id`` followed by ``ids``) ranked by their whole
    text, the first ``limit`` of them."""
    sql = (
        f"SELECT {_COLUMNS} FROM knowledge_searchdocument d, ({_query(terms, any_term)}) "  # noqa: S608 (placeholders only)
        f"AS q(query) WHERE d.id {ids} ORDER BY score DESC, d.id LIMIT %s"
    )
    return sql, [*_query_params(terms), *ids_params, limit]


def matches(
    terms: list[QueryTerm],
    visible: Visible,
    *,
    any_term: bool,
    filters: Filters | None = None,
    limit: int | None = None,
) -> list[tuple[Any, ...]]:
    """The matching documents the person may see (of ``filters``' kind and theme),
    best first, the first ``limit`` of them:
    (document id, source, object id, score, age in days, kind, themes)."""
    where, params = _where(terms, visible, any_term, match_apart=len(visible) == 1)
    filtered, filter_params = _filtered(filters.kind, filters.theme) if filters else ("", [])
    params += filter_params
    # Placeholders only: the values travel as parameters.
    if limit is None:
        sql = f"SELECT {_COLUMNS} {where}{filtered} ORDER BY score DESC, d.id"
    else:
        # Only the best titles and summaries are ranked by their whole text (see find).
        preselected = (
            f"SELECT d.id {where}{filtered} ORDER BY ts_rank(d.head_vector, q.query) DESC, "
            "d.published_at DESC NULLS LAST, d.id LIMIT %s"
        )
        sql, params = _by_whole_text(
            terms, any_term, f"IN ({preselected})", [*params, max(PRESELECTED, limit)], limit
        )
    with _cursor() as cursor:
        cursor.execute(sql, params)
        return _rows(cursor.fetchall())


def find(
    terms: list[QueryTerm],
    visible: Visible,
    *,
    any_term: bool,
    filters: Filters,
    limit: int,
) -> tuple[Summary, list[tuple[Any, ...]]]:
    """The counts of the matches (see :class:`Summary`) and the best ``limit`` of them
    (see :func:`matches`), reading what each person may see only once.

    The first query gathers the matches, counts them by kind and themes, and
    preselects those whose title and summary rank best (``ts_rank``, which reads no
    positions: ``ts_rank_cd`` cost three times as much there); the second ranks only
    those by their whole text. Thousands of matches never leave the database."""
    where, params = _where(terms, visible, any_term)
    both_filters, both_params = _filtered(filters.kind, filters.theme, column="m")
    # The counts by kind and themes (rows without an id), then the preselected matches.
    # Placeholders only: the values travel as parameters.
    sql = f"""WITH m AS MATERIALIZED (
            SELECT d.id, d.kind, d.themes, d.published_at, ts_rank(d.head_vector, q.query) AS head
            {where}
        )
        SELECT NULL, m.kind, m.themes, count(*) FROM m GROUP BY 2, 3
        UNION ALL (
            SELECT m.id, NULL, NULL, 0 FROM m WHERE TRUE{both_filters}
            ORDER BY m.head DESC, m.published_at DESC NULLS LAST, m.id LIMIT %s
        )"""  # noqa: S608
    with _cursor() as cursor:
        cursor.execute(sql, [*params, *both_params, max(PRESELECTED, limit)])
        rows = cursor.fetchall()
        summary = Summary.of(
            [(kind, themes, n) for pk, kind, themes, n in rows if pk is None], filters
        )
        best = [pk for pk, *_rest in rows if pk is not None]
        if not best:
            return summary, []
        cursor.execute(*_by_whole_text(terms, any_term, "= ANY(%s)", [best], limit))
        return summary, _rows(cursor.fetchall())


def rebuild() -> None:
    """Nothing to do: the tsvector column is generated by PostgreSQL itself."""
