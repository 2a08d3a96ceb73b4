"""Lexical search on SQLite: the FTS5 table of migration 0003, ranked by BM25.

The index holds normalised French stems (see :mod:`.search_text`), so the
query is made of stems too, each one quoted: nothing typed by a person is
ever read as FTS5 syntax.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from cordee.knowledge.search_text import QueryTerm

# BM25 weights of the title, summary and body columns.
WEIGHTS = (10.0, 4.0, 1.0)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _match(terms: list[QueryTerm], any_term: bool) -> str:
    return (" OR " if any_term else " ").join(_quote(term.stem) for term in terms)


def _where(
    terms: list[QueryTerm], visible: list[tuple[str, str, list[Any]]], any_term: bool
) -> tuple[str, list[Any]]:
    """The FROM and WHERE clauses: matching documents the person may see, and only those."""
    clauses, params = [], [_match(terms, any_term)]
    for source, sql, source_params in visible:
        clauses.append(f"(d.source = %s AND d.object_id IN ({sql}))")
        params.extend([source, *source_params])
    sql = (
        "FROM knowledge_search_fts JOIN knowledge_searchdocument d "
        "ON d.id = knowledge_search_fts.rowid "
        f"WHERE knowledge_search_fts MATCH %s AND ({' OR '.join(clauses) or '0'})"
    )
    return sql, params


def ranked(
    terms: list[QueryTerm],
    visible: list[tuple[str, str, list[Any]]],
    *,
    any_term: bool,
    limit: int,
) -> list[tuple[int, str, int, float, float | None]]:
    """The best ``limit`` documents: (document id, source, object id, score, age in days).
    A higher score is better."""
    where, params = _where(terms, visible, any_term)
    weights = ", ".join(str(weight) for weight in WEIGHTS)
    sql = (
        f"SELECT d.id, d.source, d.object_id, -bm25(knowledge_search_fts, {weights}) AS score, "
        "julianday('now') - julianday(d.published_at) "
        f"{where} ORDER BY bm25(knowledge_search_fts, {weights}) LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [(row[0], row[1], row[2], float(row[3]), row[4]) for row in cursor.fetchall()]


def matching_ids(
    terms: list[QueryTerm], source: str, sql: str, params: list[Any], *, any_term: bool
) -> tuple[str, list[Any]]:
    """SQL selecting the object ids of ``source`` that match and that the person may see."""
    where, where_params = _where(terms, [(source, sql, params)], any_term)
    return f"SELECT d.object_id {where}", where_params


def rebuild() -> None:
    """Rebuild the FTS5 index from the documents table."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO knowledge_search_fts(knowledge_search_fts) VALUES ('rebuild')")
