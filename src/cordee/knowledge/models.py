"""The knowledge base: articles written by members, their revisions,
attachments, reactions and comments."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The search index lives in its own module; imported here so that Django finds it.
from cordee.knowledge.search_models import SearchDocument, SearchEmbedding, SearchWord  # noqa: F401
from cordee.network.scopes import Scope, ScopedModel, scope_q

if TYPE_CHECKING:
    from cordee.network.access import Access

# An article not reviewed for this long is flagged as possibly stale.
STALE_AFTER = timedelta(days=548)


class Theme(models.Model):
    """A theme of the knowledge base; the four pillars of the network are themes."""

    name_fr = models.CharField(_("name in French"), max_length=120, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    is_pillar = models.BooleanField(_("pillar of the network"), default=False)

    class Meta:
        ordering = ["-is_pillar", "name_fr"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "fr").startswith("en") and self.name_en:
            return self.name_en
        return self.name_fr


class Tag(models.Model):
    """A free tag; imported archives keep their folder names as tags."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class ArticleKind(models.TextChoices):
    PRACTICE = "practice", _("practice sheet")
    LESSONS = "lessons", _("lessons learned")
    GUIDE = "guide", _("guide")
    TEMPLATE = "template", _("template or document")
    FAQ = "faq", _("FAQ")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=ArticleStatus.PUBLISHED)

    def visible_to(self, access: Access) -> ArticleQuerySet:
        """Published articles in the person's scopes; drafts to their authors and the staff."""
        return self.filter(pk__in=self.filter(visibility_q(access)).values("pk"))

    def editable_by(self, access: Access) -> ArticleQuerySet:
        """Co-authors edit their articles; staff edit what they may see and is not private."""
        if not access.user_id:
            return self.none()
        return self.filter(pk__in=self.filter(_authored_by(access) | _staffed(access)).values("pk"))

    def stale(self, now: timezone.datetime | None = None) -> ArticleQuerySet:
        limit = (now or timezone.now()) - STALE_AFTER
        return self.published().filter(reviewed_at__lt=limit)

    def update(self, **kwargs: Any) -> int:
        """Update the articles; when who may read them changes, their search documents
        follow in the same transaction (``bulk_update`` comes through here too)."""
        if not _touches_visibility(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            ids = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            copy_visibility_to_index(ids)
        return count


def visibility_q(access: Access, pk: str = "pk") -> Q:
    """Who may read an article, from its visibility fields and authors alone: published
    or archived in the person's scopes; every draft to its authors; to the staff, all
    but private drafts, within their territories.

    Search applies the same filter to the copies on its documents (``pk`` is then
    their ``object_id``): nothing here may join another table."""
    readable = scope_q(access) & Q(status__in=[ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED])
    return readable | _authored_by(access, pk) | _staffed(access)


def _staffed(access: Access) -> Q:
    """What the staff see and edit: every article but private drafts, in their territories."""
    if not access.is_staff:
        return Q(pk__in=[])
    return ~Q(scope=Scope.PRIVATE) & (
        Q(scope_territory__isnull=True) | access.staff_territory_q("scope_territory")
    )


def _authored_by(access: Access, pk: str = "pk") -> Q:
    """The person's articles, without joining every article to its authors."""
    if not access.user_id:
        return Q(pk__in=[])
    authorships = Article.authors.through.objects.filter(user_id=access.user_id)
    return Q(**{f"{pk}__in": authorships.values("article_id")})


class Article(ScopedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short name"), max_length=120, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ArticleKind.choices, default=ArticleKind.PRACTICE
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown: **bold**, lists, links."))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        db_index=True,
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("authors"), related_name="articles", blank=True
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("organisation"),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="articles"
    )
    skills = models.ManyToManyField(
        "network.Skill",
        verbose_name=_("technical themes"),
        blank=True,
        related_name="articles",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    related = models.ManyToManyField(
        "self", verbose_name=_("related articles"), blank=True, symmetrical=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True, db_index=True)
    # Last time an author confirmed the content is still right (publishing counts).
    reviewed_at = models.DateTimeField(_("last reviewed on"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    # For articles made from an archive: where they came from, and a hash of the
    # original content so that the same document is never imported twice.
    source_path = models.CharField(_("original file"), max_length=500, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-updated_at"]
        indexes = [
            # Covers what search asks of every article: which ones the person may see.
            models.Index(
                fields=["status", "scope", "scope_territory", "scope_group"],
                include=["id"],  # PostgreSQL; SQLite's indexes hold the id anyway
                name="knowledge_article_visible",
            )
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article", args=[self.slug])

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new article has no search document yet: indexing it writes the facts.
        indexed = not self._state.adding
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if indexed and (update_fields is None or _touches_visibility(update_fields)):
            copy_visibility_to_index([self.pk])

    @property
    def is_stale(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.reviewed_at is not None
            and self.reviewed_at < timezone.now() - STALE_AFTER
        )


# The fields that decide who may read an article (see visibility_q), copied onto its
# search document, whose source is named ARTICLE_SOURCE.
VISIBILITY_FIELDS = ("scope", "scope_territory", "scope_group", "status")
ARTICLE_SOURCE = "article"


def _touches_visibility(field_names: Iterable[str]) -> bool:
    return any(name.removesuffix("_id") in VISIBILITY_FIELDS for name in field_names)


def copy_visibility_to_index(article_ids: Iterable[int]) -> None:
    """Copy who may read these articles onto their search documents, if they have one."""
    article = Article.objects.filter(pk=OuterRef("object_id"))
    SearchDocument.objects.filter(source=ARTICLE_SOURCE, object_id__in=article_ids).update(
        **{field: Subquery(article.values(field)) for field in VISIBILITY_FIELDS}
    )


@receiver(post_delete, sender=Article)
def _unindex_deleted_article(sender: type[Article], instance: Article, **kwargs: Any) -> None:
    # However the article went (a cascade too), search no longer counts it.
    SearchDocument.objects.filter(source=ARTICLE_SOURCE, object_id=instance.pk).delete()


class Revision(models.Model):
    """One saved state of an article: every edit is kept, with its author and date."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("saved on"), default=timezone.now)
    note = models.CharField(_("what changed"), max_length=200, blank=True)

    class Meta:
        ordering = ["article", "-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.article} #{self.number}"


class Attachment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, db_index=True)
    extracted_text = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["original_name"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Reaction(models.Model):
    """A person found the article useful."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="one_reaction_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.article}"


class Comment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("why it is hidden"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


# Archive import: the documents of an existing network, made draft articles.


class ArchiveImportQuerySet(models.QuerySet["ArchiveImport"]):
    def visible_to(self, access: Access) -> ArchiveImportQuerySet:
        """The person's own imports, and those of the territories where they are staff."""
        if not access.is_staff:
            return self.none()
        return self.filter(Q(created_by_id=access.user_id) | access.staff_territory_q("territory"))


def archive_file_path(instance: ArchiveImport, filename: str) -> str:
    # A random name: the original name is kept in the row, never trusted as a path.
    return f"archives/{uuid.uuid4().hex}.zip"


class ArchiveImport(ScopedModel):
    """A ZIP or server folder of documents imported as draft articles, in the worker.

    Each document is written in its own transaction together with its
    :class:`ArchiveEntry`, so an interrupted import resumes where it stopped.
    The scope fields are the scope given to every article it makes.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("stopped before the end")

    class Source(models.TextChoices):
        UPLOAD = "upload", _("uploaded ZIP file")
        FOLDER = "folder", _("folder on the server")
        SAMPLE = "sample", _("sample archive")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started on"), auto_now_add=True)
    # Where the importer is staff, when that is one territory: their colleagues
    # there see the import too. Empty: the whole network's staff.
    territory = models.ForeignKey(
        "network.Territory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territory"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    original_name = models.CharField(_("name"), max_length=255)
    file = models.FileField(_("file"), upload_to=archive_file_path, blank=True)
    folder = models.CharField(_("folder"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("files in the archive"), default=0)
    finished_at = models.DateTimeField(_("finished on"), null=True, blank=True)
    # Each document written moves it on: a running import without news is stalled.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(_("why it stopped"), blank=True)

    objects = ArchiveImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("archive import")
        verbose_name_plural = _("archive imports")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:archive_import", args=[self.public_id])

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ArchiveEntry(models.Model):
    """What became of one file of an archive: imported as an article, or skipped and why."""

    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("imported")
        SKIPPED = "skipped", _("skipped")

    class Reason(models.TextChoices):
        NONE = "", _("none")
        UNSUPPORTED = "unsupported", _("type not supported")
        DUPLICATE = "duplicate", _("duplicate")
        EMPTY = "empty", _("no text")
        CORRUPT = "corrupt", _("damaged file")
        ENCRYPTED = "encrypted", _("protected by a password")
        TOO_LARGE = "too_large", _("too large")
        UNSAFE = "unsafe", _("unsafe path")

    archive_import = models.ForeignKey(
        ArchiveImport, on_delete=models.CASCADE, related_name="entries"
    )
    path = models.CharField(_("path in the archive"), max_length=500)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(
        _("reason"), max_length=12, choices=Reason.choices, blank=True, default=Reason.NONE
    )
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    duplicate_of = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    document_date = models.DateField(_("date of the document"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["archive_import", "pk"]
        verbose_name = _("archive entry")
        verbose_name_plural = _("archive entries")
        constraints = [
            models.UniqueConstraint(
                fields=["archive_import", "path", "sha256"], name="one_entry_per_file"
            )
        ]

    def __str__(self) -> str:
        return self.path
