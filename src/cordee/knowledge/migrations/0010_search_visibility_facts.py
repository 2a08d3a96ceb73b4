"""Search documents carry a copy of who may read their article (scope, territory,
group, status), so that PostgreSQL checks visibility on the matching rows."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

FACTS = ("scope", "scope_territory", "scope_group", "status")


def copy_facts(apps, schema_editor):
    Article = apps.get_model("knowledge", "Article")
    SearchDocument = apps.get_model("knowledge", "SearchDocument")
    documents = SearchDocument.objects.filter(source="article")
    # Documents of articles deleted without leaving the index would have no facts.
    documents.exclude(object_id__in=Article.objects.values("pk")).delete()
    article = Article.objects.filter(pk=OuterRef("object_id"))
    documents.update(
        **{fact: Subquery(article.values(fact)) for fact in FACTS}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0009_article_visibility_index"),
        ("network", "0004_importbatch_checking"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="scope",
            field=models.CharField(blank=True, max_length=10, null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="scope_group",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="network.workinggroup",
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="scope_territory",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="network.territory",
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="status",
            field=models.CharField(blank=True, max_length=10, null=True),
        ),
        migrations.RunPython(copy_facts, migrations.RunPython.noop),
    ]
