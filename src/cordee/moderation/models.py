"""Reports on contributions, and the hidden state that moderators set.

See :mod:`cordee.moderation.registry` for how an app makes its content
moderated.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Moderated(models.Model):
    """Content that anyone may report and staff may hide, with a reason."""

    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True, editable=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True, editable=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("hidden by"),
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def hidden_notice(self) -> str:
        return str(_("Hidden by the moderators: %(reason)s") % {"reason": self.hidden_reason})


class ReportStatus(models.TextChoices):
    OPEN = "open", _("to review")
    HIDDEN = "hidden", _("content hidden")
    DISMISSED = "dismissed", _("dismissed")


class Report(models.Model):
    """Someone asks the moderators to look at a contribution."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="moderation_reports",
        verbose_name=_("reported by"),
    )
    reason = models.TextField(_("what is wrong"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"],
                condition=models.Q(status="open"),
                name="one_open_report_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} #{self.object_id}"
