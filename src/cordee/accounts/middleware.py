from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cordee.network.access import get_access

# Where staff without a second factor may still go: setting it up, leaving,
# changing language, and the static files the pages need.
_ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/health/")


class RequireStaffMFAMiddleware:
    """Staff and administrators must set up TOTP before they do anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and settings.MFA_REQUIRED_FOR_STAFF
            and get_access(request).is_staff
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                _(
                    "Your role gives access to other people's data: set up a second "
                    "factor (an authenticator app) to continue."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
