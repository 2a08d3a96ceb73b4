"""Consultations: staff ask a scope of the network a question, in phases.

A consultation is opened to a scope (:class:`~cordee.network.scopes.ScopedModel`)
and moves through its phases: contributions (ideas and proposals, supported
and commented), co-construction (staff merge and retain, authors revise, every
version kept), vote (a vote of the votes app over the retained proposals),
decision, then closed. Each phase allows only its own actions
(:meth:`Consultation.allows`). Contributions and comments record the
organisation their author spoke for, so that the participation page can show
which part of the ecosystem took part.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cordee.core.queries import count_of
from cordee.moderation.models import Moderated
from cordee.network.scopes import Scope, ScopedModel, scope_q

if TYPE_CHECKING:
    from cordee.network.access import Access


class Phase(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONTRIBUTIONS = "contributions", _("contributions")
    COCONSTRUCTION = "coconstruction", _("co-construction")
    VOTE = "vote", _("vote")
    DECISION = "decision", _("decision")
    CLOSED = "closed", _("closed")


PHASE_ORDER = list(Phase)


class Action(models.TextChoices):
    """What people do in a consultation; each phase allows some of them."""

    CONTRIBUTE = "contribute", _("propose a contribution")
    SUPPORT = "support", _("support a contribution")
    COMMENT = "comment", _("comment")
    REVISE = "revise", _("revise one's contribution")
    MERGE = "merge", _("merge or sort contributions")
    PREPARE_VOTE = "prepare_vote", _("prepare the vote")


ALLOWED_ACTIONS: dict[str, set[str]] = {
    Phase.DRAFT: set(),
    Phase.CONTRIBUTIONS: {Action.CONTRIBUTE, Action.SUPPORT, Action.COMMENT, Action.REVISE},
    Phase.COCONSTRUCTION: {
        Action.SUPPORT,
        Action.COMMENT,
        Action.REVISE,
        Action.MERGE,
        Action.PREPARE_VOTE,
    },
    Phase.VOTE: {Action.PREPARE_VOTE},
    Phase.DECISION: set(),
    Phase.CLOSED: set(),
}


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def managed_by(self, access: Access) -> ConsultationQuerySet:
        """Consultations over a territory (or a group of a territory) where ``access`` is
        staff; those of the whole network are managed by the whole network's staff."""
        if not access.is_staff:
            return self.none()
        return self.filter(
            access.staff_territory_q("scope_territory")
            | (Q(scope=Scope.GROUP) & access.staff_territory_q("scope_group__territory"))
        )

    def visible_to(self, access: Access) -> ConsultationQuerySet:
        """Published consultations of the person's scope, and every one they manage."""
        visible = ~Q(phase=Phase.DRAFT) & scope_q(access)
        if access.is_staff:
            visible |= Q(pk__in=self.managed_by(access).values("pk"))
        return self.filter(visible)

    def with_counts(self) -> ConsultationQuerySet:
        contributions = Contribution.objects.exclude(status="merged")
        return self.annotate(contribution_count=count_of(contributions, "consultation"))


class Consultation(ScopedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("question"), max_length=200)
    summary = models.TextField(
        _("what it is about"),
        max_length=1000,
        help_text=_("Two or three sentences: what is asked, and what will be done with it."),
    )
    body = models.TextField(
        _("background"),
        blank=True,
        help_text=_("Markdown: ## for a heading, **bold**, - for a list."),
    )
    phase = models.CharField(
        _("phase"), max_length=14, choices=Phase.choices, default=Phase.DRAFT, db_index=True
    )
    contributions_until = models.DateTimeField(_("contributions until"))
    coconstruction_until = models.DateTimeField(_("co-construction until"))
    vote = models.OneToOneField(
        "voting.Vote",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation",
        editable=False,
    )
    synthesis = models.TextField(_("synthesis"), blank=True)
    synthesis_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    phase_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(coconstruction_until__gte=models.F("contributions_until")),
                name="consultation_coconstruction_after_contributions",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.public_id])

    def allows(self, action: str) -> bool:
        return action in ALLOWED_ACTIONS[self.phase]

    @property
    def next_phase(self) -> Phase | None:
        index = PHASE_ORDER.index(Phase(self.phase))
        return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None

    @property
    def phase_ends_at(self) -> datetime | None:
        """When the current phase ends by itself (the periodic job moves it on)."""
        if self.phase == Phase.CONTRIBUTIONS:
            return self.contributions_until
        if self.phase == Phase.COCONSTRUCTION:
            return self.coconstruction_until
        if self.phase == Phase.VOTE and self.vote is not None:
            return self.vote.closes_at
        return None

    @property
    def synthesis_is_published(self) -> bool:
        return self.synthesis_published_at is not None

    @property
    def participation_is_shown(self) -> bool:
        """Everyone who sees the consultation sees who took part once the vote is over."""
        return self.phase in (Phase.DECISION, Phase.CLOSED)

    @property
    def is_past_contributions(self) -> bool:
        return PHASE_ORDER.index(Phase(self.phase)) > PHASE_ORDER.index(Phase.CONTRIBUTIONS)

    def phases(self) -> list[tuple[Phase, str]]:
        """Each phase after the draft and where it stands: done, current or to come."""
        current = PHASE_ORDER.index(Phase(self.phase))
        return [
            (phase, "done" if index < current else "current" if index == current else "next")
            for index, phase in enumerate(PHASE_ORDER)
            if phase != Phase.DRAFT
        ]

    def due_phase(self, now: datetime | None = None) -> Phase | None:
        """The phase the dates (or the vote's closing) call for, when it is not the current."""
        now = now or timezone.now()
        if self.phase == Phase.CONTRIBUTIONS and now >= self.contributions_until:
            return Phase.COCONSTRUCTION
        if self.phase == Phase.COCONSTRUCTION and now >= self.coconstruction_until:
            return Phase.VOTE
        if self.phase == Phase.VOTE and self.vote is not None and self.vote.is_closed:
            return Phase.DECISION
        return None


class Kind(models.TextChoices):
    IDEA = "idea", _("idea")
    PROPOSAL = "proposal", _("proposal")


class ContributionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    RETAINED = "retained", _("retained for the vote")
    MERGED = "merged", _("merged into another")
    SET_ASIDE = "set_aside", _("set aside")


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def visible_to(self, access: Access) -> ContributionQuerySet:
        return self.filter(consultation__in=Consultation.objects.visible_to(access))

    def listed(self, access: Access) -> ContributionQuerySet:
        """With what the list shows: author, organisation, counts, the reader's support."""
        queryset = self.select_related("author", "organisation", "merged_into").annotate(
            support_count=count_of(Support.objects.all(), "contribution"),
            comment_count=count_of(Comment.objects.all(), "contribution"),
        )
        if access.user_id is not None:
            queryset = queryset.annotate(
                supported=Exists(
                    Support.objects.filter(contribution=OuterRef("pk"), person_id=access.user_id)
                )
            )
        return queryset


class Contribution(Moderated):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="contributions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IDEA)
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("text"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultation_contributions",
        verbose_name=_("author"),
    )
    # Whom the author spoke for, kept as it was: the participation page counts by it.
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ContributionStatus.choices,
        default=ContributionStatus.PROPOSED,
        db_index=True,
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [models.Index(fields=["consultation", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "consultations:contribution", args=[self.consultation.public_id, self.public_id]
        )


class ContributionRevision(models.Model):
    """A version of a contribution: the first, each revision by its author, each merge."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="revisions"
    )
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("text"))
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.at:%Y-%m-%d %H:%M})"


class Support(models.Model):
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="supports"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_supports"
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "person"], name="one_support_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.contribution}"


class CommentQuerySet(models.QuerySet["Comment"]):
    def visible_to(self, access: Access) -> CommentQuerySet:
        return self.filter(contribution__consultation__in=Consultation.objects.visible_to(access))


class Comment(Moderated):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultation_comments",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["contribution", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return f"{self.contribution.get_absolute_url()}#comment-{self.public_id}"
