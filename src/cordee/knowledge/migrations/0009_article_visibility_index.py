"""The covering index of migration 0006, declared on the model, with the article's id.

Search asks, in every query, which articles the person may see. SQLite's
indexes hold the row id; PostgreSQL's need it included to answer from the
index alone, without reading the article rows (bodies included).
"""

from django.db import migrations, models

OLD_INDEX = (
    "CREATE INDEX IF NOT EXISTS knowledge_article_visibility "
    "ON knowledge_article (status, scope, scope_territory_id, scope_group_id)"
)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0008_search_head_vector")]

    operations = [
        migrations.RunSQL("DROP INDEX IF EXISTS knowledge_article_visibility", OLD_INDEX),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["status", "scope", "scope_territory", "scope_group"],
                include=("id",),
                name="knowledge_article_visible",
            ),
        ),
    ]
