"""Lexical search on SQLite: the FTS5 table of migrations 0003 and 0007, ranked by BM25.

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
    """The FROM and WHERE clauses: matching documents the person may see, and only those.
    The facts of each match come from the narrow table of migration 0007."""
    clauses, params = [], [_match(terms, any_term)]
    for source, sql, source_params in visible:
        clauses.append(f"(f.source = %s AND f.object_id IN ({sql}))")
        params.extend([source, *source_params])
    sql = (
        "FROM knowledge_search_fts JOIN knowledge_search_facts f "
        "ON f.id = knowledge_search_fts.rowid "
        f"WHERE knowledge_search_fts MATCH %s AND ({' OR '.join(clauses) or '0'})"
    )
    return sql, params


def matches(
    terms: list[QueryTerm], visible: list[tuple[str, str, list[Any]]], *, any_term: bool
) -> list[tuple[Any, ...]]:
    """Every matching document the person may see, best first:
    (document id, source, object id, score, age in days, kind, themes). Higher scores are better."""
    where, params = _where(terms, visible, any_term)
    weights = ", ".join(str(weight) for weight in WEIGHTS)
    sql = (
        f"SELECT f.id, f.source, f.object_id, -bm25(knowledge_search_fts, {weights}) AS score, "
        "julianday('now') - julianday(f.published_at), f.kind, f.themes "
        f"{where} ORDER BY score DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def rebuild() -> None:
    """Rebuild the FTS5 index from the documents table (the triggers wrote the facts)."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO knowledge_search_fts(knowledge_search_fts) VALUES ('rebuild')")
