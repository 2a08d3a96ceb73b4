"""Named people for tests: one per role of the brief, plus an outsider.

Until the network's roles exist, a persona's role is carried by the account's
staff flags; later capabilities give each persona its role in the demo network.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cordee.accounts.models import User

PASSWORD = "a-long-test-password-42"

PERSONAS: dict[str, dict[str, object]] = {
    "admin": {
        "is_staff": True,
        "is_superuser": True,
        "first_name": "Hélène",
        "last_name": "Rochat",
    },
    "coordinator": {"is_staff": True, "first_name": "Julien", "last_name": "Perrissin"},
    "staff": {"is_staff": True, "first_name": "Sophie", "last_name": "Mermillod"},
    "head": {"first_name": "Marc", "last_name": "Bouvier"},
    "member": {"first_name": "Thomas", "last_name": "Revillard"},
    "expert": {"first_name": "Nadia", "last_name": "Benali"},
    "funder": {"first_name": "Anne", "last_name": "Duret"},
    "outsider": {"first_name": "Octave", "last_name": "Dehors"},
}


def make_person(persona: str, **overrides: object) -> User:
    """Create the persona's account, e-mail verified; staff get a TOTP second factor."""
    fields = {**PERSONAS[persona], **overrides}
    email = str(fields.pop("email", f"{persona}@test.example.org"))
    user = User.objects.create_user(email, PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if user.is_staff or user.is_superuser:
        TOTP.activate(user, generate_totp_secret())
    return user
