"""Recording to the audit log, and what the log holds about a person."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cordee.audit.models import AuditEvent

if TYPE_CHECKING:
    from cordee.accounts.models import User


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, trusting ``X-Forwarded-For`` only for the configured proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    request: HttpRequest | None = None,
    actor: Any = None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` (by default the request's user) did ``action`` on ``target``.

    ``details`` must never hold a secret or the content of a secret ballot.
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=getattr(actor, "email", "") if actor else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        ip=client_ip(request) if request is not None else None,
        details=details or {},
    )


def export_events(user: User) -> list[dict[str, Any]]:
    return [
        {
            "at": event.at.isoformat(),
            "action": event.action,
            "on": event.target_label,
            "from_address": event.ip,
        }
        for event in AuditEvent.objects.filter(actor=user)
    ]


def erase_events(user: User) -> None:
    former = _("Former member")
    AuditEvent.objects.filter(actor=user).update(actor_label=former, ip=None)
    AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(user), target_id=str(user.pk)
    ).update(target_label=former)
