"""PostgreSQL: search documents keep in their row only what search reads on every
match; their texts go to the TOAST table.

Search reads each matching row: its source, kind, themes, date, visibility
facts, the small ``head_vector``, and the ``vector`` it matches the query with.
With the texts in place, 20,000 articles filled 8,400 pages and a broad query
read 3,300 of them; without them, 6,700 pages, and the search page is as fast
(its 95th percentile is within the noise of the machine). The texts are read only
to compute embeddings and to rank the 200 best matches by their whole text.

The ``vector`` stays in the row, compressed: a query matching most articles (the
"some of the words" search that routing runs) tests it on every row, and when it
was out of line each test fetched it from the TOAST table: 87 ms instead of 45 ms
at 20,000 articles.

VACUUM FULL rewrites the rows already there (it cannot run in a transaction).
"""

from django.db import migrations

TABLE = "knowledge_searchdocument"
# Read on every match: kept in the row.
READ_ON_EVERY_MATCH = ("source", "kind", "themes", "vector", "head_vector", "scope", "status")

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
