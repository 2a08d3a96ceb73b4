"""Named people for tests: one per role of the brief, plus an outsider.

Each persona has its place in the small test network of
:mod:`cordee.core.testing.network`: staff roles over territories, company
heads and members affiliated to member organisations, the outsider to a
lapsed one.
"""

from __future__ import annotations

from types import SimpleNamespace

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cordee.accounts.models import Expertise, User
from cordee.network.models import Affiliation, RoleAssignment

PASSWORD = "a-long-test-password-42"

PERSONAS: dict[str, dict[str, object]] = {
    "admin": {
        "is_superuser": True,
        "is_staff": True,
        "first_name": "Hélène",
        "last_name": "Rochat",
    },
    "coordinator": {"first_name": "Julien", "last_name": "Perrissin"},
    "staff": {"first_name": "Sophie", "last_name": "Mermillod"},
    "head": {"first_name": "Marc", "last_name": "Bouvier"},
    "member": {"first_name": "Thomas", "last_name": "Revillard"},
    "expert": {"first_name": "Nadia", "last_name": "Benali"},
    "funder": {"first_name": "Anne", "last_name": "Duret"},
    "outsider": {"first_name": "Octave", "last_name": "Dehors"},
}


def _place(persona: str, user: User, network: SimpleNamespace) -> None:
    roles = {
        "admin": ("admin", None),
        "coordinator": ("coordinator", network.arve),
        "staff": ("staff", None),
        "funder": ("funder", network.region),
    }
    affiliations = {
        "head": (network.bouvier, "Dirigeant", True),
        "member": (network.arvis, "Responsable de production", False),
        "expert": (network.lacroix, "Responsable qualité", False),
        "outsider": (network.dormant, "Technicien", False),
    }
    if persona in roles:
        role, territory = roles[persona]
        RoleAssignment.objects.create(person=user, role=role, territory=territory)
    if persona in affiliations:
        organisation, job_title, is_head = affiliations[persona]
        Affiliation.objects.create(
            person=user, organisation=organisation, job_title=job_title, is_head=is_head
        )
    if persona == "expert":
        user.expertise.add(Expertise.objects.get_or_create(name="traitement de surface")[0])


def make_person(persona: str, network: SimpleNamespace, **overrides: object) -> User:
    """Create the persona's account, e-mail verified, placed in ``network``; staff get TOTP."""
    fields = {**PERSONAS[persona], **overrides}
    email = str(fields.pop("email", f"{persona}@test.example.org"))
    user = User.objects.create_user(email, PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    _place(persona, user, network)
    if persona in {"admin", "coordinator", "staff"}:
        TOTP.activate(user, generate_totp_secret())
    return user
