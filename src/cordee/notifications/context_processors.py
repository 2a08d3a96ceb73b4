from __future__ import annotations

from functools import cache

from django.http import HttpRequest

from cordee.notifications.models import Notification


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """``unread_notifications``: the count for the header, one query, only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return Notification.objects.for_recipient(user).unread().count()

    # Templates call callables: the query runs when (and if) the header is drawn.
    return {"unread_notifications": count}
