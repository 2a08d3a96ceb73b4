"""Reporting content, hiding it with a reason, and telling its author why."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cordee.accounts.models import User
from cordee.audit.models import ACTION_LABELS
from cordee.audit.services import audit_record
from cordee.moderation.models import Moderated, Report, ReportStatus
from cordee.moderation.registry import ModeratedKind, kind_for, kind_of
from cordee.network.access import Access
from cordee.notifications.services import notify

ACTION_LABELS.update(
    {
        "moderation.reported": gettext_lazy("Reported a contribution"),
        "moderation.hidden": gettext_lazy("Hid a contribution"),
        "moderation.restored": gettext_lazy("Showed a hidden contribution again"),
        "moderation.dismissed": gettext_lazy("Dismissed a report"),
    }
)


def reportable(label: str, object_id: int, access: Access) -> tuple[ModeratedKind, Any]:
    """The content ``access`` may see, or ``LookupError``: nobody learns of the rest."""
    kind = kind_for(label)
    if kind is None:
        raise LookupError(label)
    try:
        return kind, kind.visible(access).get(pk=object_id)
    except kind.model.DoesNotExist:
        raise LookupError(label) from None


def moderated(label: str, object_id: int, access: Access) -> tuple[ModeratedKind, Any]:
    """The content ``access`` moderates: ``LookupError`` if they cannot see it (nobody
    learns of it), ``PermissionDenied`` if they see it but moderate elsewhere."""
    kind, target = reportable(label, object_id, access)
    _check_moderates(kind, target.pk, access)
    return kind, target


def _check_moderates(kind: ModeratedKind | None, pk: Any, access: Access) -> None:
    if kind is None or not kind.moderated_by(access).filter(pk=pk).exists():
        raise PermissionDenied(_("Only the staff of its territory moderate this content."))


def report_create(
    *, target: models.Model, reason: str, by: User, request: HttpRequest | None = None
) -> Report:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong, so that the moderators can judge.")})
    content_type = ContentType.objects.get_for_model(target)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                content_type=content_type, object_id=target.pk, reporter=by, reason=reason
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already reported this; the moderators will look at it.")
        ) from None
    audit_record(action="moderation.reported", request=request, actor=by, target=target)
    return report


def _reports_of(target: models.Model) -> models.QuerySet[Report]:
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    )


def content_hide(
    *, target: Moderated, reason: str, by: User, access: Access, request: HttpRequest | None = None
) -> None:
    """Hide ``target``, close its reports, and tell its author why."""
    kind = kind_of(target)
    if kind is None:
        raise ValidationError(_("This kind of content is not moderated."))
    _check_moderates(kind, target.pk, access)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Give the reason: it is shown in place of the text and sent to its author."
                )
            }
        )
    now = timezone.now()
    with transaction.atomic():
        target.hidden_at, target.hidden_reason, target.hidden_by = now, reason, by
        target.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        _reports_of(target).filter(status=ReportStatus.OPEN).update(
            status=ReportStatus.HIDDEN, handled_at=now, handled_by=by
        )
        audit_record(action="moderation.hidden", request=request, actor=by, target=target)
        author = kind.author(target)
        if author is not None:
            url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
            notify(
                recipients=[author],
                kind="moderation.hidden",
                title=_("The moderators hid one of your contributions"),
                body=_("Reason: %(reason)s") % {"reason": reason},
                url=url,
            )


def content_restore(
    *, target: Moderated, by: User, access: Access, request: HttpRequest | None = None
) -> None:
    kind = kind_of(target)
    if kind is None:
        raise ValidationError(_("This kind of content is not moderated."))
    _check_moderates(kind, target.pk, access)
    with transaction.atomic():
        target.hidden_at, target.hidden_reason, target.hidden_by = None, "", None
        target.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        audit_record(action="moderation.restored", request=request, actor=by, target=target)


def report_dismiss(
    *, report: Report, by: User, access: Access, request: HttpRequest | None = None
) -> None:
    content_type = report.content_type
    _check_moderates(
        kind_for(f"{content_type.app_label}.{content_type.model}"), report.object_id, access
    )
    with transaction.atomic():
        _reports_of_report(report).filter(status=ReportStatus.OPEN).update(
            status=ReportStatus.DISMISSED, handled_at=timezone.now(), handled_by=by
        )
        audit_record(action="moderation.dismissed", request=request, actor=by, target=report)


def _reports_of_report(report: Report) -> models.QuerySet[Report]:
    return Report.objects.filter(content_type=report.content_type, object_id=report.object_id)
