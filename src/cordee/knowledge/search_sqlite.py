"""Lexical search on SQLite: the FTS5 table of migrations 0003 and 0007, ranked by BM25.

The index holds normalised French stems (see :mod:`.search_text`), so the
query is made of stems too, each one quoted: nothing typed by a person is
ever read as FTS5 syntax.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from cordee.knowledge.search_sources import Filters, Summary, Visible, visible_where
from cordee.knowledge.search_text import QueryTerm

# The narrow facts table has no visibility facts: visibility is read by object id.
DOCUMENT_FACTS = False

# BM25 weights of the title, summary and body columns.
WEIGHTS = (10.0, 4.0, 1.0)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _match(terms: list[QueryTerm], any_term: bool) -> str:
    return (" OR " if any_term else " ").join(_quote(term.stem) for term in terms)


def _where(terms: list[QueryTerm], visible: Visible, any_term: bool) -> tuple[str, list[Any]]:
    """The FROM and WHERE clauses: matching documents the person may see, and only those.
    The facts of each match come from the narrow table of migration 0007 (which has
    no visibility facts: ``visible`` reads object ids)."""
    visible_sql, visible_params = visible_where(visible)
    sql = (
        "FROM knowledge_search_fts JOIN knowledge_search_facts d "
        "ON d.id = knowledge_search_fts.rowid "
        f"WHERE knowledge_search_fts MATCH %s AND {visible_sql}"
    )
    return sql, [_match(terms, any_term), *visible_params]


def _filtered(kind: str, theme: str) -> tuple[str, list[Any]]:
    """The kind and theme filters as SQL (themes are slugs separated by spaces)."""
    sql, params = "", []
    if kind:
        sql += " AND d.kind = %s"
        params.append(kind)
    if theme:
        sql += " AND " + _has_theme()
        params.append(theme)
    return sql, params


def _has_theme() -> str:
    return "instr(' ' || coalesce(d.themes, '') || ' ', ' ' || %s || ' ') > 0"


def _ranked(where: str, filtered: str) -> str:
    weights = ", ".join(str(weight) for weight in WEIGHTS)
    return (
        f"SELECT d.id, d.source, d.object_id, -bm25(knowledge_search_fts, {weights}) AS score, "
        "julianday('now') - julianday(d.published_at) AS age, d.kind, d.themes "
        f"{where}{filtered}"
    )


def matches(
    terms: list[QueryTerm],
    visible: Visible,
    *,
    any_term: bool,
    filters: Filters | None = None,
    limit: int | None = None,
) -> list[tuple[Any, ...]]:
    """The matching documents the person may see (of ``filters``' kind and theme),
    best first, the first ``limit`` of them: (document id, source, object id, score,
    age in days, kind, themes). Higher scores are better."""
    where, params = _where(terms, visible, any_term)
    filtered, filter_params = _filtered(filters.kind, filters.theme) if filters else ("", [])
    sql = f"{_ranked(where, filtered)} ORDER BY score DESC"
    params += filter_params
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def find(
    terms: list[QueryTerm],
    visible: Visible,
    *,
    any_term: bool,
    filters: Filters,
    limit: int,
) -> tuple[Summary, list[tuple[Any, ...]]]:
    """The counts of the matches (see :class:`Summary`) and the best ``limit`` of them
    (see :func:`matches`), in one statement: what the person may see is read once, for
    both (a list of thousands of ids that SQLite builds for each statement)."""
    where, params = _where(terms, visible, any_term)
    filtered, filter_params = _filtered(filters.kind, filters.theme)
    # The counts by kind and themes (rows without an id), then the best matches.
    # Placeholders only: the values travel as parameters.
    sql = (
        f"WITH m AS MATERIALIZED ({_ranked(where, '')}) "  # noqa: S608
        "SELECT NULL, NULL, NULL, count(*), NULL, m.kind, m.themes FROM m GROUP BY 6, 7 "
        "UNION ALL SELECT * FROM ("
        f"SELECT * FROM m AS d WHERE 1{filtered} ORDER BY d.score DESC LIMIT %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *filter_params, limit])
        rows = cursor.fetchall()
    summary = Summary.of([(row[5], row[6], row[3]) for row in rows if row[0] is None], filters)
    return summary, [row for row in rows if row[0] is not None]


def rebuild() -> None:
    """Rebuild the FTS5 index from the documents table (the triggers wrote the facts)."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO knowledge_search_fts(knowledge_search_fts) VALUES ('rebuild')")
