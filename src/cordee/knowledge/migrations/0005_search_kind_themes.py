"""Kind and themes on search documents: filters and facet counts come from the matching rows.

Nullable columns: SQLite adds them in place instead of rebuilding the table,
which would drop the FTS5 triggers of migration 0003.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_archive_import")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="kind",
            field=models.CharField(blank=True, max_length=20, null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="themes",
            field=models.TextField(blank=True, help_text="slugs, space-separated", null=True),
        ),
    ]
