"""What the platform holds about a person, for export and erasure (GDPR).

Each capability registers, in its ``AppConfig.ready()``:

* an *exporter*: ``(user) -> JSON-serialisable data``, added under its name to
  the file a person downloads;
* an *eraser*: ``(user) -> None``, which removes or anonymises the personal
  data the capability holds. Contributions stay: they are attributed to the
  erased account, whose ``display_name`` becomes "Former member".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cordee.accounts.models import User

Exporter = Callable[["User"], Any]
Eraser = Callable[["User"], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register_exporter(name: str, exporter: Exporter) -> None:
    _exporters[name] = exporter


def register_eraser(name: str, eraser: Eraser) -> None:
    _erasers[name] = eraser


def exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def erasers() -> dict[str, Eraser]:
    return dict(_erasers)


def export_account(user: User) -> dict[str, Any]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "job_title": user.job_title,
        "phone": user.phone,
        "phone_visibility": user.phone_visibility,
        "email_visibility": user.email_visibility,
        "photo": user.photo.name or None,
        "expertise": [expertise.name for expertise in user.expertise.all()],
        "languages": user.languages,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        # Secrets of the second factor are never exported, only what exists.
        "second_factors": [
            {"type": authenticator.type, "created_at": authenticator.created_at.isoformat()}
            for authenticator in Authenticator.objects.filter(user=user)
        ],
        "linked_identity_providers": [
            {"provider": account.provider, "uid": account.uid}
            for account in SocialAccount.objects.filter(user=user)
        ],
        "invitations_sent": [
            {"email": invitation.email, "sent_at": invitation.created_at.isoformat()}
            for invitation in user.invitations_sent.all()
        ],
    }
