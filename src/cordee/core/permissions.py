"""Access decorators shared by every capability.

Anonymous people are sent to log in; a logged-in person without the role gets
403. Objects out of a person's scope are looked up through ``visible_to``
querysets and so answer 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from cordee.network.access import get_access

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Network staff and administrators only."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not get_access(request).is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
