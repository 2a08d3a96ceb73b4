"""The search index, and the full-text structure native to each database.

SQLite: an external-content FTS5 table over the normalised stems of
``knowledge_searchdocument``, kept in sync by triggers.
PostgreSQL: the ``unaccent`` extension, a ``french_unaccent`` text search
configuration (accents removed, then French Snowball stemming), and a stored
generated tsvector column weighting title (A), summary (B) and body (D), with a
GIN index.
"""

from django.db import migrations, models
import django.db.models.deletion

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE knowledge_search_fts USING fts5(
        title, summary, body,
        content='knowledge_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER knowledge_search_fts_insert AFTER INSERT ON knowledge_searchdocument BEGIN
        INSERT INTO knowledge_search_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END""",
    """CREATE TRIGGER knowledge_search_fts_delete AFTER DELETE ON knowledge_searchdocument BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
    END""",
    """CREATE TRIGGER knowledge_search_fts_update AFTER UPDATE ON knowledge_searchdocument BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
        INSERT INTO knowledge_search_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS knowledge_search_fts_update",
    "DROP TRIGGER IF EXISTS knowledge_search_fts_delete",
    "DROP TRIGGER IF EXISTS knowledge_search_fts_insert",
    "DROP TABLE IF EXISTS knowledge_search_fts",
]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    """ALTER TABLE knowledge_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('french_unaccent'::regconfig, coalesce(title_text, '')), 'A')
        || setweight(to_tsvector('french_unaccent'::regconfig, coalesce(summary_text, '')), 'B')
        || setweight(to_tsvector('french_unaccent'::regconfig, coalesce(body_text, '')), 'D')
    ) STORED""",
    "CREATE INDEX knowledge_search_vector ON knowledge_searchdocument USING gin (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS knowledge_search_vector",
    "ALTER TABLE knowledge_searchdocument DROP COLUMN IF EXISTS vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_pillars")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("source", models.CharField(max_length=20)),
                ("object_id", models.PositiveBigIntegerField()),
                ("title_text", models.TextField(blank=True)),
                ("summary_text", models.TextField(blank=True)),
                ("body_text", models.TextField(blank=True)),
                ("title", models.TextField(blank=True)),
                ("summary", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("source", "object_id"), name="one_search_document")
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=40, unique=True)),
                ("stem", models.CharField(db_index=True, max_length=40)),
                ("initial", models.CharField(max_length=1)),
                ("length", models.PositiveSmallIntegerField()),
            ],
            options={
                "indexes": [models.Index(fields=["initial", "length"], name="search_word_prefilter")],
            },
        ),
        migrations.CreateModel(
            name="SearchEmbedding",
            fields=[
                (
                    "document",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="embedding",
                        serialize=False,
                        to="knowledge.searchdocument",
                    ),
                ),
                ("model", models.CharField(max_length=100)),
                ("vector", models.BinaryField()),
                ("created_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
