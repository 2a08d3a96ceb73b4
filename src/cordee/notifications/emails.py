"""The e-mails of notifications: one alone, or a digest of several.

Each is written in its recipient's language, as plain text with an HTML
alternative, and carries a signed link to change how its kinds are sent, plus
the one-click unsubscribe headers of RFC 8058.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from cordee.notifications.kinds import Frequency
from cordee.notifications.tokens import preference_token

if TYPE_CHECKING:
    from cordee.accounts.models import User
    from cordee.notifications.models import Notification


def site_url() -> str:
    """The site's address, for links in e-mails (the worker has no request to ask)."""
    return settings.SITE_URL


def absolute_url(path: str) -> str:
    return f"{site_url()}{path}"


def recipient_language(user: User) -> str:
    """The language to write to ``user`` in: theirs once accounts have one, else the site's."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail telling its recipient about one notification."""
    user = notification.recipient
    with translation.override(recipient_language(user)):
        return _compose(
            user=user,
            kinds=[notification.kind],
            subject=notification.title,
            template="notification",
            context={
                "notification": notification,
                "link": absolute_url(notification.url) if notification.url else "",
                "kind_label": notification.kind_label,
            },
        )


def digest_email(
    user: User, notifications: Sequence[Notification], frequency: str, *, total: int | None = None
) -> EmailMultiAlternatives:
    """One e-mail gathering ``notifications`` (newest first) for their recipient ``user``.

    ``total`` counts what the digest stands for when it shows only the newest.
    """
    count = total if total is not None else len(notifications)
    with translation.override(recipient_language(user)):
        if frequency == Frequency.WEEKLY:
            subject = ngettext(
                "Your week: %(count)s new notification",
                "Your week: %(count)s new notifications",
                count,
            ) % {"count": count}
        else:
            subject = ngettext(
                "Your day: %(count)s new notification",
                "Your day: %(count)s new notifications",
                count,
            ) % {"count": count}
        items = [
            {
                "notification": notification,
                "link": absolute_url(notification.url) if notification.url else "",
            }
            for notification in notifications
        ]
        return _compose(
            user=user,
            kinds=[notification.kind for notification in notifications],
            subject=subject,
            template="digest",
            context={"items": items, "frequency": frequency, "more": count - len(items)},
        )


def _compose(
    *, user: User, kinds: list[str], subject: str, template: str, context: dict[str, Any]
) -> EmailMultiAlternatives:
    token = preference_token(user, kinds)
    context = {
        **context,
        "subject": subject,
        "recipient": user,
        "SITE_NAME": settings.SITE_NAME,
        "centre_url": absolute_url(reverse("notifications:list")),
        "preferences_url": absolute_url(reverse("notifications:preference_link", args=[token])),
    }
    unsubscribe_url = absolute_url(reverse("notifications:unsubscribe", args=[token]))
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Tells auto-responders not to answer (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message
