"""The demo accounts: one person per role, all with the same printed password."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cordee.accounts.models import Expertise, User

DEMO_PASSWORD = "cordee-demo"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Promise
    first_name: str
    last_name: str
    job_title: str
    is_staff: bool = False
    is_superuser: bool = False
    expertise: tuple[str, ...] = ()


DEMO_ACCOUNTS = (
    DemoAccount(
        "admin@example.org",
        _("network administrator"),
        "Hélène",
        "Rochat",
        "Administratrice de la plateforme",
        is_staff=True,
        is_superuser=True,
    ),
    DemoAccount(
        "coordinator@example.org",
        _("territory coordinator"),
        "Julien",
        "Perrissin",
        "Coordinateur de l'antenne Vallée de l'Arve",
    ),
    DemoAccount(
        "staff@example.org",
        _("network staff"),
        "Sophie",
        "Mermillod",
        "Chargée de mission",
    ),
    DemoAccount(
        "head@example.org",
        _("company head"),
        "Marc",
        "Bouvier",
        "Dirigeant",
        expertise=("décolletage", "pilotage stratégique"),
    ),
    DemoAccount(
        "member@example.org",
        _("member"),
        "Thomas",
        "Revillard",
        "Responsable de production",
        expertise=("lean", "planification"),
    ),
    DemoAccount(
        "expert@example.org",
        _("expert"),
        "Nadia",
        "Benali",
        "Responsable qualité",
        expertise=("traitement de surface", "IATF 16949"),
    ),
    DemoAccount(
        "funder@example.org",
        _("funder / observer"),
        "Anne",
        "Duret",
        "Chargée de mission développement économique, Région",
    ),
)


@transaction.atomic
def load_accounts() -> int:
    """Create the demo accounts that do not exist yet; return how many were created."""
    existing = set(
        User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).values_list(
            "email", flat=True
        )
    )
    missing = [account for account in DEMO_ACCOUNTS if account.email not in existing]
    if not missing:
        return 0
    # One hash for all: hashing takes a noticeable fraction of a second each,
    # and these accounts share a published password anyway.
    password = make_password(DEMO_PASSWORD)
    for account in missing:
        user = User.objects.create(
            email=account.email,
            password=password,
            first_name=account.first_name,
            last_name=account.last_name,
            job_title=account.job_title,
            is_staff=account.is_staff,
            is_superuser=account.is_superuser,
            languages=["fr"],
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        user.expertise.set(
            Expertise.objects.get_or_create(name=name)[0] for name in account.expertise
        )
    return len(missing)


def demo_account(key: str) -> DemoAccount:
    """The demo account whose address starts with ``key``: "admin", "head"..."""
    return next(account for account in DEMO_ACCOUNTS if account.email.startswith(f"{key}@"))
