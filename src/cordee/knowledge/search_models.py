"""The search index: one document per searchable object, its vocabulary and its embedding.

Imported by :mod:`cordee.knowledge.models` so that Django finds these models.
The full-text structures native to each database (an FTS5 table on SQLite, a
tsvector column on PostgreSQL) are created by migration 0003 and kept in sync
with :class:`SearchDocument` by the database itself (triggers, generated column).

The copies of an article's visibility facts (scope, territory, group, status)
are kept in sync by ``Article.save``, ``ArticleQuerySet.update`` and the
article services; after raw SQL that changes them, run ``reindex_search``.
"""

from __future__ import annotations

from django.db import models


def _copied_key(model: str) -> models.ForeignKey:
    """A key copied from the indexed object: neither constraint nor index, search only
    compares it."""
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )


class SearchDocument(models.Model):
    """What search knows of one object of a source (an article, later a help request...).

    ``*_text`` hold the text as written (PostgreSQL indexes it, snippets quote
    it); ``title``, ``summary`` and ``body`` hold its normalised French stems
    (SQLite's FTS5 table indexes them).
    """

    source = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    title_text = models.TextField(blank=True)
    summary_text = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # For the filters and facet counts, read from the matching rows themselves.
    # Nullable: SQLite then adds the columns in place, keeping the FTS5 triggers.
    kind = models.CharField(max_length=20, null=True, blank=True)
    themes = models.TextField(null=True, blank=True, help_text="slugs, space-separated")
    # Who may read the object, copied from it by sources that decide from these facts
    # alone (articles: see ``Source.visible_documents``), so that search checks them on
    # the matching rows. Empty for the other sources.
    scope = models.CharField(max_length=10, null=True, blank=True)
    scope_territory = _copied_key("network.Territory")
    scope_group = _copied_key("network.WorkingGroup")
    status = models.CharField(max_length=10, null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="one_search_document")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.object_id}"


class SearchWord(models.Model):
    """A word seen in the index (normalised), for correcting typos in queries.

    Words are only added; a full reindex starts the list afresh.
    """

    word = models.CharField(max_length=40, unique=True)
    stem = models.CharField(max_length=40, db_index=True)
    # The typo prefilter: same first letter, close length.
    initial = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["initial", "length"], name="search_word_prefilter")]

    def __str__(self) -> str:
        return self.word


class SearchEmbedding(models.Model):
    """The embedding of a document, computed by the worker, as float32 bytes."""

    document = models.OneToOneField(
        SearchDocument, on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    model = models.CharField(max_length=100)
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.document} ({self.model})"
