"""Co-written texts: statutes, charters, roadmaps, position papers.

A text is a series of versions; each version is a list of paragraphs. A
:class:`Paragraph` is the identity of one paragraph across versions (the
"article 3" that members discuss), a :class:`VersionParagraph` is what it says
in one version. Comments and amendments point at the paragraph, so they stay
attached when other paragraphs change, and two versions compare paragraph by
paragraph. An amendment remembers the wording it was written against
(``base_body``): when the paragraph has changed since, it is outdated, never
applied over someone else's change.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cordee.moderation.models import Moderated
from cordee.network.scopes import Scope, ScopedModel, scope_q

if TYPE_CHECKING:
    from cordee.network.access import Access

# The mandates whose holders answer amendments for a body.
OFFICER_ROLES = ("chair", "secretary")


class TextKind(models.TextChoices):
    STATUTES = "statutes", _("statutes")
    CHARTER = "charter", _("charter")
    ROADMAP = "roadmap", _("roadmap")
    POSITION = "position", _("position paper")


class TextStatus(models.TextChoices):
    DRAFTING = "drafting", _("open to amendments")
    FROZEN = "frozen", _("final version, to be voted on")
    ADOPTED = "adopted", _("adopted")
    NOT_ADOPTED = "not_adopted", _("not adopted")


class TextQuerySet(models.QuerySet["Text"]):
    def visible_to(self, access: Access) -> TextQuerySet:
        """Texts of the person's scopes, the ones they write or answer for, and, for staff,
        the texts of their territories that are not private drafts."""
        query = scope_q(access) | self._managers_q(access)
        return self.filter(pk__in=self.filter(query).values("pk"))

    def managed_by(self, access: Access) -> TextQuerySet:
        """Texts whose amendments ``access`` answers: its authors, the chair and secretary
        of its body, staff over its territory (whole-network texts: whole-network staff)."""
        return self.filter(pk__in=self.filter(self._managers_q(access)).values("pk"))

    @staticmethod
    def _managers_q(access: Access) -> Q:
        if access.user_id is None:
            return Q(pk__in=[])
        from cordee.governance.models import Mandate

        officers = (
            Mandate.objects.current()
            .filter(person_id=access.user_id, role__in=OFFICER_ROLES)
            .values("body_id")
        )
        query = Q(authors=access.user_id) | Q(body_id__in=officers)
        if access.is_staff:
            query |= ~Q(scope=Scope.PRIVATE) & access.staff_territory_q("scope_territory")
        return query


class Text(ScopedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=TextKind.choices, default=TextKind.CHARTER
    )
    summary = models.TextField(_("what it is for"), blank=True, max_length=1000)
    body = models.ForeignKey(
        "governance.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="texts",
        verbose_name=_("body"),
        help_text=_("Its chair and secretary answer amendments too."),
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="texts", verbose_name=_("authors")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=TextStatus.choices,
        default=TextStatus.DRAFTING,
        db_index=True,
    )
    current_version = models.ForeignKey(
        "TextVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    frozen_at = models.DateTimeField(_("frozen on"), null=True, blank=True)
    vote = models.ForeignKey(
        "voting.Vote",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vote"),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TextQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("co-written text")
        verbose_name_plural = _("co-written texts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("texts:text", args=[self.public_id])

    @property
    def is_open(self) -> bool:
        return self.status == TextStatus.DRAFTING


class TextVersion(models.Model):
    """One state of the text. Every version is kept."""

    text = models.ForeignKey(Text, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    amendment = models.ForeignKey(
        "Amendment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["text", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["text", "number"], name="one_version_number_per_text")
        ]

    def __str__(self) -> str:
        return f"{self.text} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("texts:version", args=[self.text.public_id, self.number])


class Paragraph(models.Model):
    """A paragraph's identity across versions; what it says is in :class:`VersionParagraph`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = models.ForeignKey(Text, on_delete=models.CASCADE, related_name="paragraphs")

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")

    def __str__(self) -> str:
        return str(self.public_id)


class VersionParagraph(models.Model):
    """What a paragraph says in one version, and where it stands."""

    version = models.ForeignKey(TextVersion, on_delete=models.CASCADE, related_name="blocks")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="states")
    position = models.PositiveIntegerField()
    body = models.TextField()
    # The body rendered and sanitised once, when the version is made: a long text's
    # page shows hundreds of paragraphs.
    html = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "paragraph"], name="a_paragraph_once_per_version"
            )
        ]
        indexes = [models.Index(fields=["version", "position"])]

    def __str__(self) -> str:
        return f"{self.version} §{self.position}"


class AmendmentKind(models.TextChoices):
    REPLACE = "replace", _("replace this paragraph")
    INSERT = "insert", _("insert a new paragraph after it")
    DELETE = "delete", _("delete this paragraph")


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    OUTDATED = "outdated", _("outdated: the paragraph changed since")
    WITHDRAWN = "withdrawn", _("withdrawn by its author")


class ContributionQuerySet(models.QuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        return self.filter(text__in=Text.objects.visible_to(access))


class Amendment(Moderated):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = models.ForeignKey(Text, on_delete=models.CASCADE, related_name="amendments")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="amendments")
    kind = models.CharField(
        _("what it does"),
        max_length=8,
        choices=AmendmentKind.choices,
        default=AmendmentKind.REPLACE,
    )
    # The version and wording it was written against.
    base_version = models.ForeignKey(TextVersion, on_delete=models.CASCADE, related_name="+")
    base_body = models.TextField()
    proposed = models.TextField(_("proposed text"), blank=True)
    justification = models.TextField(_("why"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="text_amendments",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AmendmentStatus.choices,
        default=AmendmentStatus.PENDING,
        db_index=True,
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    result_version = models.ForeignKey(
        TextVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        indexes = [models.Index(fields=["paragraph", "status"])]

    def __str__(self) -> str:
        return _("Amendment to “%(text)s”") % {"text": self.text}

    def get_absolute_url(self) -> str:
        return reverse("texts:amendment", args=[self.public_id])


class ParagraphComment(Moderated):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = models.ForeignKey(Text, on_delete=models.CASCADE, related_name="comments")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(TextVersion, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="text_comments",
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on a paragraph")
        verbose_name_plural = _("comments on paragraphs")
        indexes = [models.Index(fields=["paragraph", "created_at"])]

    def __str__(self) -> str:
        return _("Comment on “%(text)s”") % {"text": self.text}

    def get_absolute_url(self) -> str:
        return reverse("texts:paragraph", args=[self.text.public_id, self.paragraph.public_id])
