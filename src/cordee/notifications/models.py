from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from cordee.notifications.kinds import Frequency, get_kind

if TYPE_CHECKING:
    from cordee.accounts.models import User


class EmailStatus(models.TextChoices):
    """Where a notification's e-mail stands. The first three are still to send."""

    IMMEDIATE = "immediate", _("To send alone")
    DAILY = "daily", _("Waiting for the daily digest")
    WEEKLY = "weekly", _("Waiting for the weekly digest")
    SENT = "sent", _("Sent")
    NONE = "none", _("Not sent by e-mail")


PENDING_EMAIL = (EmailStatus.IMMEDIATE, EmailStatus.DAILY, EmailStatus.WEEKLY)


def email_status_for(frequency: str) -> EmailStatus:
    return EmailStatus.NONE if frequency == Frequency.NEVER else EmailStatus(frequency)


def validate_site_path(value: str) -> None:
    """A link of a notification leads inside the site: a path such as ``/people/``."""
    if not (value.startswith("/") and url_has_allowed_host_and_scheme(value, allowed_hosts=None)):
        raise ValidationError(
            _("The link must be an address inside the site, starting with “/”, e.g. /people/."),
            code="invalid",
        )


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_recipient(self, user: User) -> NotificationQuerySet:
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def awaiting_email(self, status: EmailStatus | str) -> NotificationQuerySet:
        return self.filter(email_status=status)

    def mark_read(self) -> int:
        return self.filter(read_at__isnull=True).update(read_at=timezone.now())


class Notification(models.Model):
    """Something a person is told, in the notification centre and perhaps by e-mail."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    # A path inside the site, e.g. /people/<uuid>/: never another site's address.
    url = models.CharField(_("link"), max_length=500, blank=True, validators=[validate_site_path])
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    emailed_at = models.DateTimeField(_("e-mailed on"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The notification centre: one person's, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notif_recipient_recent"),
            # The unread count in every page's header.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_unread"
            ),
            # What the e-mail tasks and digests still have to send.
            models.Index(
                fields=["email_status", "recipient"],
                condition=Q(email_status__in=["immediate", "daily", "weekly"]),
                name="notif_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def kind_label(self) -> str:
        try:
            return str(get_kind(self.kind).label)
        except LookupError:
            return self.kind

    def mark_read(self) -> None:
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


class NotificationPreferenceQuerySet(models.QuerySet["NotificationPreference"]):
    def frequencies_for(self, user: User) -> dict[str, str]:
        """The frequency ``user`` chose for each kind where they chose one."""
        return dict(self.filter(user=user).values_list("kind", "frequency"))


class NotificationPreference(models.Model):
    """How a person wants to be told about one kind; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    updated_at = models.DateTimeField(_("changed on"), auto_now=True)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.frequency}"
