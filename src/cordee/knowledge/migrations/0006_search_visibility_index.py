"""A covering index for the visibility filter that search puts inside its query.

Search asks, on every query, which articles the person may see: without this
index SQLite reads every article row (bodies included) to learn its scope and
status. Created with SQL, as the Article model belongs to the knowledge base's
own code and does not need to know about it.
"""

from django.db import migrations

FORWARD = (
    "CREATE INDEX IF NOT EXISTS knowledge_article_visibility "
    "ON knowledge_article (status, scope, scope_territory_id, scope_group_id)"
)
BACKWARD = "DROP INDEX IF EXISTS knowledge_article_visibility"


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0005_search_kind_themes")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
