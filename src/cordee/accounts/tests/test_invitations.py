import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cordee.accounts.models import Invitation, User
from cordee.audit.models import AuditEvent


@pytest.fixture
def by_invitation(settings):
    settings.SIGNUP_MODE = "invitation"


@pytest.mark.django_db
def test_staff_invite_and_the_invited_person_signs_up_without_confirming_again(
    client_as, client, by_invitation
):
    staff_client = client_as("staff")
    response = staff_client.post(
        reverse("accounts:invitations"),
        {"email": "Paul.Mollard@Example.org", "message": "Bienvenue"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "paul.mollard@example.org"
    assert AuditEvent.objects.filter(action="invitation.sent").exists()
    assert "Bienvenue" in mail.outbox[-1].body
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)

    response = client.get(link)
    assert response.status_code == 302
    assert reverse("account_signup") in response.url
    client.post(
        reverse("account_signup"),
        {
            "first_name": "Paul",
            "last_name": "Mollard",
            "email": "paul.mollard@example.org",
            "password1": "un-long-mot-de-passe-42",
            "password2": "un-long-mot-de-passe-42",
        },
    )
    user = User.objects.get(email="paul.mollard@example.org")
    assert EmailAddress.objects.get(user=user).verified
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


@pytest.mark.django_db
def test_inviting_someone_who_has_an_account_is_refused(client_as, member):
    response = client_as("staff").post(reverse("accounts:invitations"), {"email": member.email})
    assert response.status_code == 200
    assert "already has an account" in str(
        response.context["form"].errors
    ) or "déjà un compte" in str(response.context["form"].errors)
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_an_expired_invitation_cannot_be_used(client, staff, by_invitation):
    invitation = Invitation.objects.create(
        email="late@example.org", invited_by=staff, expires_at=timezone.now() - timedelta(days=1)
    )
    response = client.get(reverse("accounts:invitation_accept", args=[invitation.token]))
    assert response.status_code == 410
    response = client.get(reverse("account_signup"))
    assert "account/signup_closed" in response.templates[0].name


@pytest.mark.django_db
def test_an_unknown_invitation_is_not_found(client):
    assert client.get(reverse("accounts:invitation_accept", args=["nope"])).status_code == 404
