"""PostgreSQL: a second, small tsvector of each document's title and summary.

Ranking a match with ``ts_rank_cd`` reads its whole tsvector, stored out of
line for long texts: when thousands of documents match, that alone took over
100 ms on 20,000 articles. The search first keeps the matches whose title and
summary rank best (this column is small and read in place), then ranks only
those by their whole text (see ``search_postgres.matches``).
"""

from django.db import migrations

FORWARD = """ALTER TABLE knowledge_searchdocument ADD COLUMN head_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('french_unaccent'::regconfig, coalesce(title_text, '')), 'A')
    || setweight(to_tsvector('french_unaccent'::regconfig, coalesce(summary_text, '')), 'B')
) STORED"""
BACKWARD = "ALTER TABLE knowledge_searchdocument DROP COLUMN IF EXISTS head_vector"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0007_search_fts_facts")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
