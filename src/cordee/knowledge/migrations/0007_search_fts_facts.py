"""SQLite: a narrow table of the facts search needs about each match (source,
object, date, kind, themes), kept in sync by the same triggers as the FTS5 index.

They were read from ``knowledge_searchdocument``, at the end of rows that hold
the whole text: on a common word over 20,000 articles that alone took most of
the time. The narrow table fits in memory.
"""

from django.db import migrations

FACTS = "source, object_id, published_at, kind, themes"
FORWARD = [
    "DROP TRIGGER IF EXISTS knowledge_search_fts_update",
    "DROP TRIGGER IF EXISTS knowledge_search_fts_delete",
    "DROP TRIGGER IF EXISTS knowledge_search_fts_insert",
    """CREATE TABLE knowledge_search_facts (
        id INTEGER PRIMARY KEY, source TEXT, object_id INTEGER, published_at TEXT,
        kind TEXT, themes TEXT
    )""",
    f"""CREATE TRIGGER knowledge_search_fts_insert AFTER INSERT ON knowledge_searchdocument BEGIN
        INSERT INTO knowledge_search_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
        INSERT INTO knowledge_search_facts(id, {FACTS})
        VALUES (new.id, new.source, new.object_id, new.published_at, new.kind, new.themes);
    END""",
    """CREATE TRIGGER knowledge_search_fts_delete AFTER DELETE ON knowledge_searchdocument BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
        DELETE FROM knowledge_search_facts WHERE id = old.id;
    END""",
    f"""CREATE TRIGGER knowledge_search_fts_update AFTER UPDATE ON knowledge_searchdocument BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
        INSERT INTO knowledge_search_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
        DELETE FROM knowledge_search_facts WHERE id = old.id;
        INSERT INTO knowledge_search_facts(id, {FACTS})
        VALUES (new.id, new.source, new.object_id, new.published_at, new.kind, new.themes);
    END""",
    f"INSERT INTO knowledge_search_facts(id, {FACTS}) SELECT id, {FACTS} FROM knowledge_searchdocument",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS knowledge_search_fts_update",
    "DROP TRIGGER IF EXISTS knowledge_search_fts_delete",
    "DROP TRIGGER IF EXISTS knowledge_search_fts_insert",
    "DROP TABLE IF EXISTS knowledge_search_facts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0006_search_visibility_index")]

    # Going back leaves the index without triggers: run reindex_search after it.
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
