"""Decisions the network's bodies take, and the actions that follow them up.

A decision comes from somewhere (a meeting, a consultation, a co-written
text, a vote): ``origin`` points at it. It is public or members-only; the
funders see the public ones and how their actions progress.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cordee.governance.models import Mandate, MandateRole
from cordee.network.scopes import Scope, ScopedModel, scope_q

if TYPE_CHECKING:
    from cordee.network.access import Access

# A decision is public or for members (the whole network, or one territory).
DECISION_SCOPES = (Scope.PUBLIC, Scope.NETWORK, Scope.TERRITORY)
# The people of a body who record and edit its decisions, besides the staff.
RECORDING_ROLES = (MandateRole.CHAIR, MandateRole.SECRETARY)
# What a decision may come from, as "app_label.model_name".
ORIGIN_LABELS = ("meetings.meeting", "consultations.consultation", "texts.text", "voting.vote")


class DecisionQuerySet(models.QuerySet["Decision"]):
    def visible_to(self, access: Access) -> DecisionQuerySet:
        """Public decisions; members-only ones to the members of their scope and the staff;
        every decision the person manages."""
        return self.filter(scope_q(access) | _managed_q(access))

    def managed_by(self, access: Access) -> DecisionQuerySet:
        """Decisions ``access`` may edit: staff over the decision's territory (that of its
        scope, else of its body; whole-network staff for the rest), and the current chair
        and secretary of its body."""
        if access.user_id is None:
            return self.none()
        return self.filter(_managed_q(access))

    def for_origin(self, obj: models.Model) -> DecisionQuerySet:
        """Decisions taken from ``obj`` (a meeting, consultation, text or vote)."""
        return self.filter(
            origin_type=ContentType.objects.get_for_model(obj),
            origin_id=obj.pk,
        )

    def public(self) -> DecisionQuerySet:
        return self.filter(scope=Scope.PUBLIC)


def _managed_q(access: Access) -> Q:
    if access.user_id is None:
        return Q(pk__in=[])
    recorders = Mandate.objects.current().filter(person_id=access.user_id, role__in=RECORDING_ROLES)
    query = Q(body__in=recorders.values("body_id"))
    if access.is_staff:
        if access.is_staff_for(None):
            return ~Q(pk__in=[])
        query |= Q(scope=Scope.TERRITORY) & access.staff_territory_q("scope_territory")
        query |= (
            ~Q(scope=Scope.TERRITORY)
            & Q(body__territory__isnull=False)
            & access.staff_territory_q("body__territory")
        )
    return query


class Decision(ScopedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    rationale = models.TextField(
        _("rationale"), blank=True, help_text=_("Why this was decided, in a few sentences.")
    )
    text = models.TextField(
        _("text of the decision"), help_text=_("Markdown: **bold**, lists, links.")
    )
    decided_on = models.DateField(_("decided on"), db_index=True)
    body = models.ForeignKey(
        "governance.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("body"),
    )
    vote = models.ForeignKey(
        "voting.Vote",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("vote"),
    )
    origin_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions_owned",
        verbose_name=_("responsible for the follow-up"),
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

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["origin_type", "origin_id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", args=[self.public_id])

    @property
    def is_public(self) -> bool:
        return self.scope == Scope.PUBLIC


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, on: date | None = None) -> ActionQuerySet:
        return self.open().filter(due_on__lt=on or timezone.localdate())


class Action(models.Model):
    """A follow-up action of a decision: who does what, by when, and how far it went."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="actions", verbose_name=_("decision")
    )
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision_actions",
        verbose_name=_("who does it"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ActionStatus.choices,
        default=ActionStatus.PLANNED,
        db_index=True,
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    progress_note = models.TextField(
        _("where it stands"), blank=True, help_text=_("What was done, what is left, what blocks.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The owner is told once that the action is overdue; a new due date resets it.
    overdue_notified_on = models.DateField(null=True, blank=True, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.decision.get_absolute_url()}#action-{self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, on: date | None = None) -> bool:
        return (
            self.is_open and self.due_on is not None and self.due_on < (on or timezone.localdate())
        )
