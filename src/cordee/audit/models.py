from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

# What each action means, for people reading the log. Capabilities add theirs.
ACTION_LABELS: dict[str, str] = {
    "auth.login": _("Logged in"),
    "auth.logout": _("Logged out"),
    "auth.login_failed": _("Failed log-in"),
    "auth.password_changed": _("Changed their password"),
    "auth.password_set": _("Set their password"),
    "auth.password_reset": _("Reset their password"),
    "auth.mfa_added": _("Added a second factor"),
    "auth.mfa_removed": _("Removed a second factor"),
    "auth.mfa_reset": _("Regenerated recovery codes"),
    "account.data_exported": _("Downloaded their data"),
    "account.erased": _("Erased their account"),
    "invitation.sent": _("Sent an invitation"),
    "staff.write": _("Change made by staff"),
    "organisation.updated": _("Changed an organisation's page"),
    "affiliation.added": _("Added a person to an organisation"),
    "affiliation.updated": _("Changed a person's role in an organisation"),
    "affiliation.ended": _("Ended a person's affiliation to an organisation"),
    "colleague.invited": _("Invited a colleague to an organisation"),
    "label.framework_versioned": _("Made a new version of a label framework"),
    "label.framework_imported": _("Imported the criteria of a label framework"),
    "label.campaign_opened": _("Opened a label campaign"),
    "label.campaign_closed": _("Closed the applications to a label campaign"),
    "label.applied": _("Applied to a label campaign"),
    "label.submitted": _("Submitted a label self-assessment"),
    "label.reviewer_assigned": _("Assigned a label peer reviewer"),
    "label.review_submitted": _("Submitted a label peer review"),
    "label.decided": _("Recorded a label committee decision"),
    "knowledge.revision_restored": _("Restored an earlier revision of an article"),
    "knowledge.comment_hidden": _("Hid a comment on an article"),
    "knowledge.archive_import_started": _("Started an archive import"),
    "knowledge.archive_import_resumed": _("Resumed an archive import"),
    "knowledge.archive_imported": _("Finished an archive import"),
    "vote.created": _("Prepared a vote"),
    "vote.updated": _("Changed a draft vote"),
    "vote.opened": _("Published a vote"),
    "vote.closed": _("Closed a vote"),
    "vote.proxy_given": _("Recorded a proxy"),
    "vote.proxy_revoked": _("Revoked a proxy"),
    "vote.delegate_named": _("Named who votes for an organisation"),
    "vote.participated": _("Took part in a vote"),
    "vote.ballot_changed": _("Changed their ballot"),
    "vote.deleted": _("Deleted a draft vote"),
}


class AuditEvent(models.Model):
    """One recorded action. Written by code only: no form, view or admin edits it."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # A copy of who and what, readable even after the actor or target is gone.
    actor_label = models.CharField(_("who"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("on what"), max_length=254, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["actor", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
