"""Workflows over accounts: invitations, personal data export and erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cordee.accounts import personal_data
from cordee.accounts.models import Invitation, User
from cordee.audit.services import audit_record

if TYPE_CHECKING:
    from cordee.network.models import Organisation


def invitation_send(
    *,
    request: HttpRequest,
    email: str,
    message: str = "",
    organisation: Organisation | None = None,
    job_title: str = "",
) -> Invitation:
    """Invite someone to create an account; refuse addresses that already have one.

    With an ``organisation``, the new account joins it (as ``job_title``) when
    the invitation is accepted.
    """
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s already has an account: they can log in or reset their password.")
            % {"email": email}
        )
    with transaction.atomic():
        Invitation.objects.pending().filter(email__iexact=email).update(expires_at=timezone.now())
        invitation = Invitation.objects.create(
            email=email,
            message=message,
            invited_by=request.user,
            organisation=organisation,
            job_title=job_title,
        )
        audit_record(request=request, action="invitation.sent", target=invitation)
    url = request.build_absolute_uri(reverse("accounts:invitation_accept", args=[invitation.token]))
    get_adapter(request).send_mail(
        "accounts/email/invitation",
        email,
        {"invitation": invitation, "invitation_url": url, "inviter": request.user},
    )
    return invitation


def user_export_data(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about ``user``, as one JSON-serialisable dict."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "person": str(user.public_id),
    }
    for name, exporter in personal_data.exporters().items():
        data[name] = exporter(user)
    return data


def user_erase(*, user: User, request: HttpRequest | None = None) -> None:
    """Erase a person's account; what they contributed stays, as "Former member".

    Every capability's registered eraser runs first, inside the same
    transaction, so an error leaves the account exactly as it was.
    """
    if user.erased_at:
        raise ValidationError(_("This account has already been erased."))
    with transaction.atomic():
        for eraser in personal_data.erasers().values():
            eraser(user)
        Invitation.objects.filter(email__iexact=user.email).update(email="erased@invalid.invalid")
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        user.expertise.clear()
        photo = user.photo.name
        user.email = f"erased-{user.public_id}@invalid.invalid"
        user.first_name = user.last_name = user.job_title = user.phone = ""
        user.photo = ""
        user.languages = []
        user.is_active = user.is_staff = user.is_superuser = False
        user.erased_at = timezone.now()
        # An unusable password also invalidates every open session of the account.
        user.set_unusable_password()
        user.save()
        audit_record(request=request, action="account.erased", target=user, actor=user)
        if photo:
            transaction.on_commit(lambda: user.photo.storage.delete(photo))
