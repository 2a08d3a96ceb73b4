from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.sites.requests import RequestSite
from django.http import HttpRequest

from cordee.accounts.models import Invitation
from cordee.network.services import affiliation_from_invitation
from cordee.notifications.services import invitation_accepted_notify

INVITATION_SESSION_KEY = "cordee_invitation"


def invitation_from_session(request: HttpRequest) -> Invitation | None:
    token = request.session.get(INVITATION_SESSION_KEY)
    if not token:
        return None
    invitation = Invitation.objects.filter(token=token).first()
    return invitation if invitation and invitation.is_usable else None


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # E-mails greet people with the platform's name, not the server's host name.
        site = RequestSite(allauth_context.request)
        site.name = settings.SITE_NAME
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        if settings.SIGNUP_MODE == "open":
            return True
        return invitation_from_session(request) is not None

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        invitation = invitation_from_session(request)
        if commit and invitation is not None:
            invitation.accept(user)
            if invitation.organisation_id:
                affiliation_from_invitation(invitation=invitation, person=user)
            del request.session[INVITATION_SESSION_KEY]
            invitation_accepted_notify(invitation=invitation, user=user)
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # People of a network's own identity provider may always come in.
        return True
